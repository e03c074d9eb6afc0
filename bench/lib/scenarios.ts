// The workloads of the side-by-side benchmark and the simulation, seeded on a fake forge.
import type { ForgeKind } from '../../src/core/model';
import { DEMO_CODE_QUALITY_REPORT, fakeSha, seedQueueWorld, seedSha, type FakeForge } from '../../test/fake-forge';

export const BENCH_TOKEN = 'bench-token-000000';
export const BENCH_USER = 'bench';
export const BRANCH = 'feature/gates';

/** A repository the way a window shows it: the project and its checked-out branch. */
export interface Repo {
  readonly path: string;
  readonly branch: string;
}

export interface Workload {
  /** How bench/forgeWorker.ts is told which one to seed. */
  readonly id: string;
  /** For the table: what is read. */
  readonly label: string;
  readonly kind: ForgeKind;
  /** Seeds a fresh forge (user included) and returns the repositories a window would show. */
  readonly seed: (forge: FakeForge) => Repo[];
}

function addBenchUser(forge: FakeForge): void {
  forge.addUser({ username: BENCH_USER, name: 'Bench', token: BENCH_TOKEN });
  forge.addUser({ username: 'contributor', name: 'A Contributor', token: 'bench-contributor-token' });
}

/** One PR whose head has `runs` completed check runs holding `annotations` annotations in all (spread evenly). */
function seedCheckRunPr(forge: FakeForge, runs: number, annotations: number): Repo[] {
  addBenchUser(forge);
  const path = `${BENCH_USER}/big-pr`;
  const project = forge.addProject({ path, visibility: 'public' });
  const world = forge.kind === 'gitee' ? forge.gitee : forge.github;
  const sha = seedSha(`${path}:head`);
  world.addPullRequest({ project, number: 1, title: 'A large PR', head: { ref: BRANCH, sha }, base: { ref: 'main' }, author: BENCH_USER });
  let next = 0;
  for (let run = 0; run < runs; run++) {
    const count = Math.floor(((run + 1) * annotations) / runs) - Math.floor((run * annotations) / runs);
    const list = Array.from({ length: count }, () => {
      const i = next++;
      return { path: `src/file${i % 100}.ts`, start_line: 1 + (i % 40), end_line: 1 + (i % 40), annotation_level: 'warning' as const, message: `finding ${i}` };
    });
    world.addCheckRun({ project, sha, name: `check-${run}`, status: 'completed', conclusion: run % 10 === 0 ? 'failure' : 'success', annotations: list });
  }
  return [{ path, branch: BRANCH }];
}

/**
 * A GitLab MR of the demo's shape (demo-seed.ts): external status checks (the demo's three, then more up
 * to `statusChecks`), a head pipeline with five jobs (one with a Code Quality report) and a bridge, two
 * outside commit statuses and a line comment. Unlike the demo, the bridge has finished: a running job's
 * duration grows with the clock, so the MR would never read the same twice.
 */
export function seedGitLabMr(forge: FakeForge, path: string, statusChecks = 3): Repo {
  const gl = forge.gitlab;
  const project = forge.addProject({ path, visibility: 'public' });
  const headSha = fakeSha(`${path}:head`);
  const main = gl.addProtectedBranch({ project, name: 'main' });
  const mergeRequest = gl.addMergeRequest({
    project, iid: 1, title: 'Add the gates view', sourceBranch: BRANCH, targetBranch: 'main', author: BENCH_USER, headSha,
    detailedMergeStatus: 'status_checks_must_pass', changesCount: 2,
  });
  for (let i = 0; i < statusChecks; i++) {
    const check = gl.addExternalStatusCheck({ project, name: `Status check ${i}`, externalUrl: `https://checks.example.com/${i}`, protectedBranchIds: i === 0 ? [main.id] : [] });
    if (i % 3 !== 2) gl.addStatusCheckResponse({ mergeRequest, check, status: i % 3 === 0 ? 'passed' : 'failed' });
  }
  gl.addPipeline({
    project, sha: headSha, ref: BRANCH, source: 'push', user: BENCH_USER,
    jobs: [
      { name: 'compile', stage: 'build', status: 'success', durationSec: 48.2 },
      { name: 'unit', stage: 'test', status: 'failed', durationSec: 95.7 },
      { name: 'lint', stage: 'test', status: 'success', durationSec: 31.4, artifacts: [{ file_type: 'codequality', filename: 'gl-code-quality-report.json', content: DEMO_CODE_QUALITY_REPORT }] },
      { name: 'e2e', stage: 'test', status: 'failed', allowFailure: true, durationSec: 240.1 },
      { name: 'deploy-review', stage: 'deploy', when: 'manual' },
    ],
    bridges: [{ name: 'downstream-docs', stage: 'deploy', status: 'success', downstream: { status: 'success' } }],
  });
  gl.addCommitStatus({ project, sha: headSha, name: 'ci/external-scan', status: 'success', targetUrl: 'https://scan.example.com/reports/1' });
  gl.addCommitStatus({ project, sha: headSha, name: 'sonar', status: 'failed', targetUrl: 'https://sonar.example.com/dashboard' });
  gl.addCommitComment({ project, sha: headSha, note: 'Should this greeting be translated?', path: 'src/app.ts', line: 2, lineType: 'new', author: 'contributor' });
  return { path, branch: BRANCH };
}

export function seedGitLabRepos(forge: FakeForge, count: number, statusChecks = 3): Repo[] {
  addBenchUser(forge);
  return Array.from({ length: count }, (_, i) => seedGitLabMr(forge, `${BENCH_USER}/repo${i}`, statusChecks));
}

export const WORKLOADS: readonly Workload[] = [
  { id: 'github-pr', label: 'GitHub: 1 PR, 200 check runs, 5,000 annotations', kind: 'github', seed: (forge) => seedCheckRunPr(forge, 200, 5000) },
  { id: 'gitee-pr', label: 'Gitee: 1 PR, 200 check runs, 5,000 annotations', kind: 'gitee', seed: (forge) => seedCheckRunPr(forge, 200, 5000) },
  { id: 'gitlab-mr', label: 'GitLab: 1 MR, 200 external status checks, pipeline of 5 jobs + 1 bridge', kind: 'gitlab', seed: (forge) => seedGitLabRepos(forge, 1, 200) },
  { id: 'gitlab-10', label: 'GitLab: 10 repositories, an MR of the demo shape in each', kind: 'gitlab', seed: (forge) => seedGitLabRepos(forge, 10) },
];

/** The simulation's repository: one MR of the demo shape, settled. */
export const SIMULATED_REPO: Workload = { id: 'gitlab-1', label: 'GitLab: 1 repository, an MR of the demo shape', kind: 'gitlab', seed: (forge) => seedGitLabRepos(forge, 1) };

/** The Awaiting Answer queue's (bench/queue.ts): one GitLab project, 200 open MRs, 5 status checks pending on each. */
export const QUEUE_WORKLOAD: Workload = {
  id: 'gitlab-queue',
  label: 'GitLab queue: 200 open MRs with 5 status checks each',
  kind: 'gitlab',
  seed: (forge) => seedQueueWorld(forge, { projects: 1, mergeRequestsPerProject: 200, checksPerMergeRequest: 5 }).projects.map((path) => ({ path, branch: '' })),
};

export function workloadById(id: string): Workload {
  const found = [...WORKLOADS, SIMULATED_REPO, QUEUE_WORKLOAD].find((w) => w.id === id);
  if (!found) throw new Error(`no workload ${id}`);
  return found;
}
