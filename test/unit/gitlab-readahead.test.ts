// Issue 9, critical path on GitLab: reads that depend on each other go out together when the adapter
// knows (or can guess) what they depend on. Each test holds one answer of the fake forge until another
// request has arrived: if the client sent them one after the other, the test would never finish.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo, type DemoSeed } from '../fake-forge';

const BRANCH = 'feature/gates';
const SINGLE_MR = /\/merge_requests\/1$/;
const MR_LIST = /\/projects\/demo%2Fmr-gates-demo\/merge_requests$/;

suite('gitlab: reads that go out together', () => {
  let forge: FakeForge;
  let seed: DemoSeed;
  const pipelineId = (): number => seed.gitlab?.pipeline.id ?? -1;
  let adapter: GitLabAdapter;
  const jobsOf = (pipelineId: number) => new RegExp(`/pipelines/${pipelineId}/jobs$`);
  const asked = (path: RegExp) => forge.waitForRequest((r) => path.test(r.path));

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seed = seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('a first read asks for the branch\'s latest pipeline beside the MR list, and reads its jobs beside the single MR', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, BRANCH);
    const latest = forge.requests.find((r) => r.path.endsWith('/pipelines/latest'));
    assert.equal(latest?.query.ref, BRANCH);
    forge.inject({ path: SINGLE_MR, times: 1 }, { until: asked(jobsOf(pipelineId())) });
    const gate = await adapter.loadGate(mr, { withFindings: true });
    assert.equal(gate.pipeline?.forgeId, String(pipelineId()));
    assert.ok(gate.checks.some((c) => c.kind === 'job' && c.name === 'lint'), 'the jobs read ahead are shown');
    assert.ok(gate.findings.some((f) => f.source === 'codeQuality'), 'and the Code Quality report they name is read');
    assert.equal(forge.requests.filter((r) => jobsOf(pipelineId()).test(r.path)).length, 1, 'the jobs were read once');
  });

  test('the next read of the MR sends the jobs with the single MR, and keeps the Code Quality report', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, BRANCH);
    const first = await adapter.loadGate(mr, { withFindings: true });
    forge.clearRequests();
    forge.inject({ path: SINGLE_MR, times: 1 }, { until: asked(jobsOf(pipelineId())) });
    const gate = await adapter.loadGate(mr, { withFindings: true });
    const quality = (g: typeof gate) => g.findings.filter((f) => f.source === 'codeQuality');
    assert.ok(quality(gate).length > 0);
    assert.deepEqual(quality(gate), quality(first));
    assert.ok(!forge.requests.some((r) => /\/artifacts\//.test(r.path)), 'a finished job\'s report is read once: GitLab sends no validator for it');
    assert.ok(!forge.requests.some((r) => r.path.endsWith('/pipelines/latest')), 'the guess is made on the first read only');
  });

  test('a guess proven wrong (a new pipeline on the same head) is dropped: the head pipeline\'s jobs are shown', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, BRANCH);
    await adapter.loadGate(mr, { withFindings: true });
    const newer = forge.gitlab.addPipeline({ project: DEMO_PROJECT_PATH, sha: DEMO_HEAD_SHA, ref: BRANCH, jobs: [{ name: 'rerun', stage: 'test', status: 'running' }] });
    forge.clearRequests();
    const gate = await adapter.loadGate(mr, { withFindings: true });
    assert.equal(gate.pipeline?.forgeId, String(newer.id));
    assert.deepEqual(gate.checks.filter((c) => c.kind === 'job').map((c) => c.name), ['rerun']);
    assert.ok(!gate.findings.some((f) => f.source === 'codeQuality'), 'the old pipeline\'s report is not shown for the new one');
    assert.ok(forge.requests.some((r) => jobsOf(newer.id).test(r.path)));
  });

  test('a fork\'s upstream MRs are listed beside its own once the fork is known', async () => {
    forge.addProject({ path: 'someone/mr-gates-fork', members: ['demo'], forkedFromPath: DEMO_PROJECT_PATH });
    await adapter.findMergeRequests('someone/mr-gates-fork', BRANCH);
    forge.clearRequests();
    forge.inject({ path: /\/projects\/someone%2Fmr-gates-fork\/merge_requests$/, times: 1 }, { until: asked(MR_LIST) });
    const found: MergeRequestRef[] = await adapter.findMergeRequests('someone/mr-gates-fork', BRANCH);
    assert.deepEqual(found, [], 'the upstream MR of the branch comes from the upstream project itself, not the fork');
    assert.equal(forge.requests.filter((r) => MR_LIST.test(r.path)).length, 1, 'the upstream list was read once, ahead');
  });
});
