// The Gitee and GitHub parts of seedDemo (demo-seed.ts): PR #1 on the demo branch with check runs
// (annotations on the files demo-world.ts writes, DEMO_FILES) and, on GitHub, commit statuses.
// Gitee `lint`'s annotations include one on `../outside.txt` (the extension must drop it: it resolves
// outside the repository) and one on `docs/missing.md` (no such file in the demo repository).
import { addRequiredChecksRuleset } from './github-rules';
import { giteeReviewsOf } from './gitee-reviews';
import { protectGiteeBranch } from './gitee-branches';
import { githubReviewsOf } from './github-reviews';
import { DEMO_ACTIONS_LOG } from './demo-logs';
import type { AnnotationInput, CheckRun, CommitStatus, PullRequest } from './checks-state';
import type { FakeForge } from './server';
import type { Project } from './state';

export interface DemoPullRequestOptions {
  readonly headSha: string;
  readonly branch: string;
  readonly title: string;
}

export interface GiteeDemoSeed {
  readonly pullRequest: PullRequest;
  /** lint (failure, 8 annotations, an `autofix` action), build (success), security-scan (in progress). */
  readonly runs: { readonly lint: CheckRun; readonly build: CheckRun; readonly securityScan: CheckRun };
}

export interface GitHubDemoSeed {
  readonly pullRequest: PullRequest;
  /** test (Actions, failure, 2 annotations), coverage (neutral, actions), deploy-preview (queued). */
  readonly runs: { readonly test: CheckRun; readonly coverage: CheckRun; readonly deployPreview: CheckRun };
  /** ci/legacy (success), license/cla (pending). */
  readonly statuses: readonly CommitStatus[];
}

/** src/app.ts is 3 lines, src/util.ts 1 line (demo-world.ts DEMO_FILES); columns are 1-based. */
export const DEMO_LINT_ANNOTATIONS: readonly AnnotationInput[] = [
  { path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'notice', title: 'jsdoc/require-jsdoc', message: 'Exported function `greet` has no JSDoc comment.' },
  {
    path: 'src/app.ts', start_line: 2, end_line: 2, start_column: 10, end_column: 25, annotation_level: 'failure', title: 'security/unescaped-output',
    message: 'User input `name` reaches the output without escaping.',
    raw_details: 'Source: parameter `name` (src/app.ts:1)\nSink: template literal (src/app.ts:2)\nFix: escape `name` before putting it into markup.',
  },
  { path: 'src/app.ts', start_line: 1, end_line: 3, annotation_level: 'warning', title: 'prefer-arrow-callback', message: 'This one-line helper reads better as an arrow function.' },
  { path: 'src/app.ts', start_line: 2, end_line: 2, annotation_level: 'notice', title: 'i18n/no-literal-string', message: 'The greeting "Hello" is not translated.' },
  { path: 'src/util.ts', start_line: 1, end_line: 1, start_column: 23, end_column: 24, annotation_level: 'warning', title: 'no-magic-numbers', message: 'No magic number: 42.' },
  { path: 'src/util.ts', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'naming/descriptive-names', message: '`answer` does not say what it answers.' },
  { path: '../outside.txt', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'path-traversal', message: 'A finding on a file outside the repository.' },
  { path: 'docs/missing.md', start_line: 4, end_line: 4, annotation_level: 'notice', title: 'markdown/no-dead-links', message: 'Link to ../CONTRIBUTING.md is broken.' },
];

export function seedGiteeDemo(forge: FakeForge, project: Project, options: DemoPullRequestOptions): GiteeDemoSeed {
  const world = forge.gitee;
  const sha = options.headSha;
  const pullRequest = world.addPullRequest({
    project, number: 1, title: options.title, body: 'Shows what stands between this branch and the merge.',
    head: { ref: options.branch, sha }, base: { ref: 'main' }, author: 'demo',
  });
  // main is a protected branch: its rule may make the merge wait for the checks (which, the API does not say).
  protectGiteeBranch(forge.state, project, 'main');
  const scanner = { slug: 'code-scanner', name: 'Code Scanner' };
  const lint = world.addCheckRun({
    project, sha, name: 'lint', status: 'completed', conclusion: 'failure', app: scanner,
    detailsUrl: 'https://lint.example.com/mr-gates-demo/runs/17',
    output: {
      title: '8 problems: 2 failures, 3 warnings, 3 notices',
      summary: '**ESLint and Semgrep** found problems in 4 files.\n\n- 2 failures (`security/unescaped-output`, `naming/descriptive-names`)\n- 3 warnings\n- 3 notices\n\n> Fixable automatically: 2',
      text: 'Run `npm run lint -- --fix` to apply the safe fixes locally, or press **Fix automatically** on the check page.',
    },
    actions: [{ label: 'Fix automatically', description: 'Push a commit that applies the safe fixes', identifier: 'autofix' }],
    annotations: [...DEMO_LINT_ANNOTATIONS],
  });
  const build = world.addCheckRun({
    project, sha, name: 'build', status: 'completed', conclusion: 'success', app: { slug: 'gitee-go', name: 'Gitee Go' },
    detailsUrl: 'https://ci.example.com/mr-gates-demo/builds/101',
    output: { title: 'Build passed', summary: 'Compiled and packaged in 48 s.' },
  });
  const securityScan = world.addCheckRun({
    project, sha, name: 'security-scan', status: 'in_progress', app: scanner,
    detailsUrl: 'https://security.example.com/scans/mr-gates-demo/5',
    output: { title: 'Scanning dependencies', summary: '3 of 12 packages scanned.' },
  });
  // Two reviewers (审查人员), both needed; the contributor has approved, the demo user may.
  const reviews = giteeReviewsOf(forge.state);
  reviews.setReviewers(pullRequest, ['contributor', 'demo'], 2);
  reviews.approve(pullRequest, 'contributor');
  return { pullRequest, runs: { lint, build, securityScan } };
}

export function seedGitHubDemo(forge: FakeForge, project: Project, options: DemoPullRequestOptions): GitHubDemoSeed {
  const world = forge.github;
  const sha = options.headSha;
  const pullRequest = world.addPullRequest({
    project, number: 1, title: options.title, body: 'Shows what stands between this branch and the merge.',
    head: { ref: options.branch, sha }, base: { ref: 'main' }, author: 'demo',
  });
  const test = world.addCheckRun({
    project, sha, name: 'test', status: 'completed', conclusion: 'failure', app: { slug: 'github-actions' },
    output: { title: '1 test failed', summary: '**1 failed**, 41 passed (42 total) on Node.js 20.' },
    annotations: [
      { path: 'src/app.ts', start_line: 2, end_line: 2, annotation_level: 'failure', title: 'greet › says hello', message: 'Expected "Hello, Ada!" but received "Hello, Ada".' },
      { path: 'src/util.ts', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'unused export', message: '`answer` is exported but never imported.' },
    ],
  });
  forge.setJobLog(test.id, DEMO_ACTIONS_LOG);
  // main's ruleset makes the merge wait for the Actions test job and the CLA.
  addRequiredChecksRuleset(forge.state, project, 'main', [{ context: 'test', integration_id: 15368 }, { context: 'license/cla' }]);
  const coverage = world.addCheckRun({
    project, sha, name: 'coverage', status: 'completed', conclusion: 'neutral', app: { slug: 'coverage-bot', name: 'Coverage Bot' },
    detailsUrl: 'https://coverage.example.com/gh/demo/mr-gates-demo/pull/1',
    output: { title: 'Coverage 61.2% (-3.4%)', summary: 'Coverage went down by **3.4%**.\n\n| file | coverage |\n|---|---|\n| src/app.ts | 50% |\n| src/util.ts | 100% |' },
    actions: [
      { label: 'Accept the drop', description: 'Mark this coverage drop as expected', identifier: 'accept-drop' },
      { label: 'Recalculate', description: 'Compute the coverage again', identifier: 'recalculate' },
    ],
  });
  const deployPreview = world.addCheckRun({
    project, sha, name: 'deploy-preview', status: 'queued', app: { slug: 'preview-deployer', name: 'Preview Deployer' },
    output: { title: 'Waiting for a runner', summary: 'The preview deployment has not started yet.' },
  });
  const statuses = [
    world.addCommitStatus({ project, sha, state: 'success', context: 'ci/legacy', targetUrl: 'https://legacy-ci.example.com/builds/88', description: 'Legacy CI passed' }),
    world.addCommitStatus({ project, sha, state: 'pending', context: 'license/cla', targetUrl: 'https://cla.example.com/demo/mr-gates-demo?pr=1', description: 'Waiting for the CLA signature' }),
  ];
  // A ruleset asks for 2 approving reviews on main; the contributor's is given.
  const reviews = githubReviewsOf(forge.state);
  reviews.requireApprovals(project, 'main', 2);
  reviews.review(pullRequest, 'contributor', 'APPROVED');
  return { pullRequest, runs: { test, coverage, deployPreview }, statuses };
}

/**
 * What the GitHub demo PR lacks to merge, given as a user would get it: the required `test` run re-run
 * green, the CLA signed, and the second approving review. GitHub then computes mergeable_state clean.
 */
export function passGitHubDemoGates(forge: FakeForge, project: Project, pullRequest: PullRequest): void {
  const world = forge.github;
  const sha = pullRequest.headSha;
  world.addCheckRun({ project, sha, name: 'test', status: 'completed', conclusion: 'success', app: { slug: 'github-actions' } });
  world.addCommitStatus({ project, sha, state: 'success', context: 'license/cla', description: 'signed' });
  const reviewer = forge.state.userByName('reviewer') ?? forge.state.addUser({ username: 'reviewer', token: 'reviewer-token', name: 'Second Reviewer' });
  githubReviewsOf(forge.state).review(pullRequest, reviewer, 'APPROVED');
}
