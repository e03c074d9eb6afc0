// The demo data every fake forge starts with in `npm run demo` (and anywhere else that wants it):
// one user `demo` whose token is DEMO_TOKEN, owning `demo/mr-gates-demo`, plus a fork of it by a
// second user so fork-related code has something to show. On GitLab it also gets a merge request
// with every kind of gate (seedGitLabDemo below); Gitee and GitHub get PR #1 with check runs (and, on
// GitHub, commit statuses) from demo-seed-checks.ts.
import { DEMO_UNIT_TRACE } from './demo-logs';
import { seedGiteeDemo, seedGitHubDemo, type GiteeDemoSeed, type GitHubDemoSeed } from './demo-seed-checks';
import type { ExternalStatusCheck, MergeRequest } from './gitlab-state';
import type { Pipeline } from './gitlab-ci-state';
import type { Project, User } from './state';
import type { FakeForge } from './server';

export const DEMO_TOKEN = 'mrgates-demo-token';
export const DEMO_PROJECT_PATH = 'demo/mr-gates-demo';

/** The demo MR's source branch (the branch demo-world.ts checks out). */
export const DEMO_BRANCH = 'feature/gates';
export const DEMO_MR_IID = 1;
export const DEMO_MR_TITLE = 'Add the gates view';
/**
 * The demo MR's head sha on the fake GitLab. Fixed on purpose: the git repository demo-world.ts creates
 * has a different real commit sha (git makes it), so the extension sees a "stale" gate there; handling
 * that comes later.
 */
export const DEMO_HEAD_SHA = '5d0c1a9e3b7f24c68e1d2a4b9f0c3e7a6b8d1f25';

/** The demo `lint` job's Code Quality report: CodeClimate JSON in both location forms (lines, positions),
 * on files demo-world.ts puts in the repository (samples/gitlab-spec-fixtures/codeclimate.json's shape). */
export const DEMO_CODE_QUALITY_REPORT = [
  {
    type: 'issue',
    check_name: 'jsdoc/require-jsdoc',
    description: 'Exported function `greet` has no JSDoc comment.',
    categories: ['Style'],
    content: { body: 'Document exported functions so their callers know what they promise.' },
    location: { path: 'src/app.ts', lines: { begin: 1, end: 1 } },
    other_locations: [],
    remediation_points: 50000,
    severity: 'minor',
    engine_name: 'eslint',
    fingerprint: '3f2a9c1b7e5d4a6f8b0c2d4e6f8a1b3c',
  },
  {
    type: 'issue',
    check_name: 'security/unescaped-output',
    description: 'User input `name` reaches the output without escaping.',
    categories: ['Security'],
    content: { body: 'Escape `name` before putting it into markup.' },
    location: { path: 'src/app.ts', positions: { begin: { line: 2, column: 10 }, end: { line: 2, column: 27 } } },
    other_locations: [],
    remediation_points: 900000,
    severity: 'critical',
    engine_name: 'semgrep',
    fingerprint: '9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e',
  },
  {
    type: 'issue',
    check_name: 'no-magic-numbers',
    description: 'No magic number: 42.',
    categories: ['Clarity'],
    content: { body: 'Give the number a name that says what it means.' },
    location: { path: 'src/util.ts', lines: { begin: 1, end: 1 } },
    other_locations: [],
    remediation_points: 150000,
    severity: 'major',
    engine_name: 'eslint',
    fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  },
];

export interface GitLabDemoSeed {
  readonly mergeRequest: MergeRequest;
  readonly pipeline: Pipeline;
  /** Security review (passed), License compliance (failed), QA sign-off (pending: no response yet). */
  readonly checks: readonly ExternalStatusCheck[];
}

export interface DemoSeed {
  readonly user: User;
  readonly project: Project;
  readonly token: string;
  /** Only on a GitLab forge. */
  readonly gitlab?: GitLabDemoSeed;
  /** Only on a Gitee forge. */
  readonly gitee?: GiteeDemoSeed;
  /** Only on a GitHub forge. */
  readonly github?: GitHubDemoSeed;
}

/** demo/mr-gates-demo's MR !1 with status checks, a head pipeline (jobs, Code Quality, a bridge),
 * outside commit statuses and a line comment. */
function seedGitLabDemo(forge: FakeForge, project: Project, headSha: string): GitLabDemoSeed {
  const gl = forge.gitlab;
  const main = gl.addProtectedBranch({ project, name: 'main', id: 1 });
  const mergeRequest = gl.addMergeRequest({
    project, iid: DEMO_MR_IID, title: DEMO_MR_TITLE, description: 'Shows what stands between this branch and the merge.',
    sourceBranch: DEMO_BRANCH, targetBranch: 'main', author: 'demo', headSha,
    detailedMergeStatus: 'status_checks_must_pass', changesCount: 2,
  });
  // The demo project makes the merge wait for its pipeline and every external status check.
  gl.configureProject(project, { pipelineMustSucceed: true, statusChecksMustPass: true });
  const security = gl.addExternalStatusCheck({ project, name: 'Security review', externalUrl: 'https://security.example.com/gitlab/hook?team=appsec', protectedBranchIds: [main.id], sharedSecret: 'demo-secret' });
  const license = gl.addExternalStatusCheck({ project, name: 'License compliance', externalUrl: 'https://licenses.example.com/check' });
  const qa = gl.addExternalStatusCheck({ project, name: 'QA sign-off', externalUrl: 'https://qa.example.com/sign-off' });
  gl.addStatusCheckResponse({ mergeRequest, check: security, status: 'passed' });
  gl.addStatusCheckResponse({ mergeRequest, check: license, status: 'failed' });
  const pipeline = gl.addPipeline({
    project, sha: headSha, ref: DEMO_BRANCH, source: 'push', user: 'demo',
    jobs: [
      { name: 'compile', stage: 'build', status: 'success', durationSec: 48.2 },
      { name: 'unit', stage: 'test', status: 'failed', durationSec: 95.7 },
      {
        name: 'lint', stage: 'test', status: 'success', durationSec: 31.4,
        artifacts: [{ file_type: 'codequality', filename: 'gl-code-quality-report.json', content: DEMO_CODE_QUALITY_REPORT }],
      },
      { name: 'e2e', stage: 'test', status: 'failed', allowFailure: true, durationSec: 240.1 },
      { name: 'deploy-review', stage: 'deploy', when: 'manual' },
    ],
    bridges: [{ name: 'downstream-docs', stage: 'deploy', status: 'running', downstream: { status: 'running' } }],
  });
  const unit = [...gl.jobs.values()].find((j) => j.pipelineId === pipeline.id && j.name === 'unit');
  if (unit) forge.setJobLog(unit.id, DEMO_UNIT_TRACE);
  gl.addCommitStatus({ project, sha: headSha, name: 'ci/external-scan', status: 'success', targetUrl: 'https://scan.example.com/reports/1', description: 'No known vulnerabilities' });
  gl.addCommitStatus({ project, sha: headSha, name: 'sonar', status: 'failed', targetUrl: 'https://sonar.example.com/dashboard?id=mr-gates-demo', description: 'Quality gate failed: coverage 61% < 80%' });
  gl.addCommitComment({ project, sha: headSha, note: 'Should this greeting be translated?', path: 'src/app.ts', line: 2, lineType: 'new', author: 'contributor' });
  // Premium approvals: 2 required, the contributor's given; the demo user (the author) may approve too.
  gl.approvals.configure(project, { required: 2, authorsMayApprove: true });
  gl.approvals.approve(mergeRequest, 'contributor');
  return { mergeRequest, pipeline, checks: [security, license, qa] };
}

/** `headSha`: the MR's / PR's head; the demo passes its real repository's HEAD so findings are not stale. */
export function seedDemo(forge: FakeForge, options: { headSha?: string } = {}): DemoSeed {
  const user = forge.addUser({ username: 'demo', name: 'MR Gates Demo', token: DEMO_TOKEN });
  const project = forge.addProject({
    path: DEMO_PROJECT_PATH,
    name: 'mr-gates-demo',
    description: 'A project to show MR Gates',
    defaultBranch: 'main',
    visibility: 'public',
  });
  forge.addUser({ username: 'contributor', name: 'A Contributor', token: 'mrgates-demo-contributor-token' });
  forge.addProject({ path: 'contributor/mr-gates-demo', forkedFromPath: DEMO_PROJECT_PATH, visibility: 'public' });
  const headSha = options.headSha ?? DEMO_HEAD_SHA;
  const pr = { headSha, branch: DEMO_BRANCH, title: DEMO_MR_TITLE };
  switch (forge.kind) {
    case 'gitlab':
      return { user, project, token: DEMO_TOKEN, gitlab: seedGitLabDemo(forge, project, headSha) };
    case 'gitee':
      return { user, project, token: DEMO_TOKEN, gitee: seedGiteeDemo(forge, project, pr) };
    case 'github':
      return { user, project, token: DEMO_TOKEN, github: seedGitHubDemo(forge, project, pr) };
  }
}
