// A GitLab MR from a fork, on top of seedDemo's world (demo/mr-gates-demo, forked as
// contributor/mr-gates-demo): its head pipeline runs either in the fork (the usual case: a branch
// pipeline of the source project) or in the upstream project (a merge request pipeline run in the
// parent), its outside commit statuses are in the fork, and the upstream project has many status checks.
import { DEMO_PROJECT_PATH } from './demo-seed';
import type { ExternalStatusCheck, MergeRequest } from './gitlab-state';
import type { Pipeline } from './gitlab-ci-state';
import type { FakeForge } from './server';

export const FORK_PATH = 'contributor/mr-gates-demo';
export const FORK_BRANCH = 'fix/from-fork';
export const FORK_HEAD_SHA = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00112233';

export interface ForkSeed {
  readonly mergeRequest: MergeRequest;
  readonly pipeline: Pipeline;
  readonly checks: readonly ExternalStatusCheck[];
}

export function seedForkMergeRequest(forge: FakeForge, options: { pipelineIn: 'fork' | 'upstream'; statusChecks?: number; iid?: number }): ForkSeed {
  const gl = forge.gitlab;
  const mergeRequest = gl.addMergeRequest({
    project: DEMO_PROJECT_PATH, sourceProject: FORK_PATH, iid: options.iid ?? 7, title: 'A fix from a fork',
    sourceBranch: FORK_BRANCH, targetBranch: 'main', author: 'contributor', headSha: FORK_HEAD_SHA,
  });
  const checks = Array.from({ length: options.statusChecks ?? 25 }, (_, i) =>
    gl.addExternalStatusCheck({ project: DEMO_PROJECT_PATH, name: `Review ${String(i + 1).padStart(2, '0')}`, externalUrl: `https://review.example.com/${i + 1}` }),
  );
  checks.forEach((check, i) => i % 2 === 0 && gl.addStatusCheckResponse({ mergeRequest, check, status: i % 4 === 0 ? 'passed' : 'failed' }));
  // Posted first: a status creates an `external` pipeline for its sha, which must not become the head pipeline.
  gl.addCommitStatus({ project: FORK_PATH, sha: FORK_HEAD_SHA, name: 'fork/scan', status: 'success', description: 'Scanned in the fork' });
  const inFork = options.pipelineIn === 'fork';
  const pipeline = gl.addPipeline({
    project: inFork ? FORK_PATH : DEMO_PROJECT_PATH,
    sha: FORK_HEAD_SHA,
    ref: inFork ? FORK_BRANCH : `refs/merge-requests/${mergeRequest.iid}/head`,
    source: inFork ? 'push' : 'merge_request_event',
    user: 'contributor',
    jobs: [
      { name: 'build', stage: 'build', status: 'success', durationSec: 12 },
      { name: 'test', stage: 'test', status: 'failed', durationSec: 30 },
      { name: 'release', stage: 'deploy', when: 'manual' },
    ],
    bridges: [{ name: 'docs', stage: 'deploy', status: 'success', downstream: { status: 'success' } }],
  });
  return { mergeRequest, pipeline, checks };
}
