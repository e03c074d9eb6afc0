// GitLab MRs from forks (issue 7): the head pipeline lives in `head_pipeline.project_id`, commit
// statuses in the MR's source project, and GitLab answers 404 when they are asked for upstream.
// Also: MR status checks are paginated (20 a page), so the 21st must not go missing.
import { strict as assert } from 'node:assert';
import type { Check, Gate, MergeRequestRef } from '../../src/core/model';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';
import { FORK_BRANCH, FORK_HEAD_SHA, FORK_PATH, seedForkMergeRequest } from '../fake-forge/fork-seed';

for (const pipelineIn of ['fork', 'upstream'] as const) {
  suite(`gitlab fork MR, pipeline in the ${pipelineIn}`, () => {
    let forge: FakeForge;
    let adapter: GitLabAdapter;
    let mr: MergeRequestRef;
    let gate: Gate;
    let forkId: number;
    let upstreamId: number;
    let pipelineProjectId: number;
    const check = (name: string): Check => {
      const found = [...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])].find((c) => c.name === name);
      assert.ok(found, `no check ${name} in ${gate.checks.map((c) => c.name).join(', ')}`);
      return found;
    };

    setup(async () => {
      forge = await FakeForge.start({ kind: 'gitlab' });
      seedDemo(forge);
      const seeded = seedForkMergeRequest(forge, { pipelineIn });
      forge.gitlab.setAccessLevel(FORK_PATH, 'demo', 'developer');
      forkId = forge.state.projectByPath(FORK_PATH)!.id;
      upstreamId = forge.state.projectByPath(DEMO_PROJECT_PATH)!.id;
      pipelineProjectId = seeded.pipeline.projectId;
      adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
      [mr] = await adapter.findMergeRequests(FORK_PATH, FORK_BRANCH);
      gate = await adapter.loadGate(mr, { withFindings: true });
    });
    teardown(() => forge.close());

    test('the MR is found upstream, with its source project noted', () => {
      assert.equal(mr.projectPath, DEMO_PROJECT_PATH);
      assert.equal(mr.headSha, FORK_HEAD_SHA);
      assert.equal(mr.sourceProjectRef, String(forkId));
    });

    test('its jobs and bridges are read from the project the pipeline runs in, and all are shown', () => {
      assert.equal(pipelineProjectId, pipelineIn === 'fork' ? forkId : upstreamId);
      assert.deepEqual(gate.checks.filter((c) => c.kind === 'job').map((c) => c.name).sort(), ['build', 'release', 'test']);
      assert.deepEqual(gate.checks.filter((c) => c.kind === 'bridge').map((c) => c.name), ['docs']);
      // (A branch pipeline of the fork at the same sha may have been read ahead, as a guess: only the head pipeline's reads count.)
      const jobReads = forge.requests.filter((r) => new RegExp(`/pipelines/${gate.pipeline?.forgeId}/(jobs|bridges)$`).test(r.path));
      assert.ok(jobReads.length >= 2);
      for (const r of jobReads) assert.match(r.path, new RegExp(`^/api/v4/projects/${pipelineProjectId}/pipelines/`), r.path);
      assert.equal(gate.notes, undefined, 'no part of the gate failed');
    });

    test('its commit statuses are read from the fork, where the head commit is', () => {
      assert.equal(check('fork/scan').state, 'passed');
      assert.equal(check('fork/scan').projectRef, String(forkId));
    });

    test('all 25 status checks of the fork MR are shown (28 with the demo project\'s 3), past the 20 of one page', () => {
      const statusChecks = gate.checks.filter((c) => c.kind === 'externalStatusCheck');
      assert.equal(statusChecks.length, 28);
      assert.equal(statusChecks.filter((c) => c.name.startsWith('Review ')).length, 25);
      assert.equal(statusChecks.at(-1)?.name, 'Review 25');
    });

    test('retrying a job and the pipeline, and playing a manual job, go to the pipeline project', async () => {
      await adapter.retries.retry(mr, check('test'));
      await adapter.actions.run(mr, check('release'), 'play');
      await adapter.retries.retry(mr, gate.pipeline!);
      const posts = forge.requests.filter((r) => r.method === 'POST').map((r) => r.path);
      assert.deepEqual(posts, [
        `/api/v4/projects/${pipelineProjectId}/jobs/${check('test').forgeId}/retry`,
        `/api/v4/projects/${pipelineProjectId}/jobs/${check('release').forgeId}/play`,
        `/api/v4/projects/${pipelineProjectId}/pipelines/${gate.pipeline!.forgeId}/retry`,
      ]);
      const after = await adapter.loadGate(mr, { withFindings: false });
      assert.notEqual(after.checks.find((c) => c.name === 'release')?.rawState, 'manual', 'the manual job was played');
    });

    test('a commit status is set again on the source project', async () => {
      await adapter.statuses.set(mr, check('fork/scan'), { state: 'failed', description: 'Rescanned' });
      const post = forge.requests.find((r) => r.method === 'POST' && r.path.includes('/statuses/'));
      assert.equal(post?.path, `/api/v4/projects/${forkId}/statuses/${FORK_HEAD_SHA}`);
      const again = await adapter.loadGate(mr, { withFindings: false });
      assert.equal(again.checks.find((c) => c.name === 'fork/scan')?.state, 'failed');
    });
  });
}
