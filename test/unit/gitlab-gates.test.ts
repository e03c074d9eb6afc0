// The GitLab adapter's gate operations over real HTTP against the fake GitLab world: what it reads,
// what it sends (method, path, body, sha), and how the documented errors come back.
import { strict as assert } from 'node:assert';
import type { Check, Gate, MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

suite('gitlab gates: reading an MR', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  let mr: MergeRequestRef;
  let gate: Gate;
  const check = (name: string): Check => {
    const found = [...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])].find((c) => c.name === name);
    assert.ok(found, `no check ${name}`);
    return found;
  };

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(mr, { withFindings: true });
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('finds the open MR of the branch, always asking for state=opened', async () => {
    assert.equal(mr.reference, '!1');
    assert.equal(mr.title, 'Add the gates view');
    assert.equal(mr.headSha, DEMO_HEAD_SHA);
    await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    const list = forge.requestsTo('GET', '/api/v4/projects/demo%2Fmr-gates-demo/merge_requests')[0];
    assert.deepEqual([list.query.source_branch, list.query.state], ['feature/gates', 'opened']);
  });

  test('a branch with / and unicode is sent encoded and matched exactly', async () => {
    const branch = 'feature/über-ünïcode';
    forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, title: 'Unicode', sourceBranch: branch, targetBranch: 'main', author: 'demo', headSha: 'a'.repeat(40) });
    const found = await adapter.findMergeRequests(DEMO_PROJECT_PATH, branch);
    assert.deepEqual(found.map((m) => m.title), ['Unicode']);
    assert.equal(forge.requests.at(-1)?.query.source_branch, branch);
  });

  test('several MRs for one branch (different targets) are all found; other branches and closed MRs are not', async () => {
    forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, title: 'Backport', sourceBranch: 'feature/gates', targetBranch: 'release', author: 'demo', headSha: DEMO_HEAD_SHA });
    forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, title: 'Old', sourceBranch: 'feature/gates', targetBranch: 'main', author: 'demo', headSha: DEMO_HEAD_SHA, state: 'closed' });
    const found = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    assert.deepEqual(found.map((m) => m.title).sort(), ['Add the gates view', 'Backport']);
  });

  test('an MR from a fork is found in the upstream project, filtered to the fork', async () => {
    const fork = 'contributor/mr-gates-demo';
    forge.gitlab.setAccessLevel(fork, 'demo', 'developer');
    forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, sourceProject: fork, title: 'From the fork', sourceBranch: 'fix', targetBranch: 'main', author: 'contributor', headSha: 'b'.repeat(40) });
    forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, title: 'Same branch name upstream', sourceBranch: 'fix', targetBranch: 'main', author: 'demo', headSha: 'c'.repeat(40) });
    const found = await adapter.findMergeRequests(fork, 'fix');
    assert.deepEqual(found.map((m) => [m.title, m.projectPath]), [['From the fork', DEMO_PROJECT_PATH]]);
  });

  test('external status checks: passed, failed and pending, with the pending timeout noted', () => {
    assert.deepEqual(
      gate.checks.filter((c) => c.kind === 'externalStatusCheck').map((c) => [c.name, c.state]),
      [['Security review', 'passed'], ['License compliance', 'failed'], ['QA sign-off', 'pending']],
    );
    assert.equal(check('QA sign-off').note, 'pendingTimesOut');
    assert.equal(gate.pollIntervalMs, 10000);
  });

  test('a pending response turns failed after 2 minutes on the forge clock', async () => {
    await adapter.statuses.set(mr, check('QA sign-off'), { state: 'pending' });
    forge.clock.advance(2 * 60_000 + 1);
    const later = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(later.checks.find((c) => c.name === 'QA sign-off')?.state, 'failed');
  });

  test('the head pipeline: jobs by stage, manual and allow-failure jobs, the bridge', () => {
    assert.equal(gate.pipeline?.kind, 'pipeline');
    const jobs = gate.checks.filter((c) => c.kind === 'job' || c.kind === 'bridge');
    assert.deepEqual(jobs.map((j) => `${j.group}/${j.name}`).sort(), ['build/compile', 'deploy/deploy-review', 'deploy/downstream-docs', 'test/e2e', 'test/lint', 'test/unit']);
    assert.equal(check('unit').state, 'failed');
    assert.ok(check('unit').capabilities.includes('retryable'));
    assert.ok(check('deploy-review').capabilities.includes('playable'));
    assert.equal(check('e2e').allowFailure, true);
    assert.equal(check('downstream-docs').kind, 'bridge');
  });

  test('commit statuses are the external stage ones', () => {
    assert.deepEqual(gate.checks.filter((c) => c.kind === 'commitStatus').map((c) => [c.name, c.state]).sort(), [['ci/external-scan', 'passed'], ['sonar', 'failed']]);
  });

  test('Code Quality findings and the line comment come with the gate', () => {
    const quality = gate.findings.filter((f) => f.source === 'codeQuality');
    assert.equal(quality.length, 3);
    assert.ok(quality.every((f) => f.sha === DEMO_HEAD_SHA));
    assert.deepEqual(new Set(quality.map((f) => f.level)), new Set(['notice', 'warning', 'failure']));
    const [comment] = gate.findings.filter((f) => f.source === 'commitComments');
    assert.deepEqual([comment.path, comment.startLine, comment.level], ['src/app.ts', 2, 'notice']);
    assert.match(comment.message, /^A Contributor: Should this greeting be translated\?/);
  });

  test('Code Quality findings belong to the job whose artifact holds them; a line comment to no check', () => {
    const jobIds = new Set(gate.findings.filter((f) => f.source === 'codeQuality').map((f) => f.checkId));
    assert.equal(jobIds.size, 1);
    const [jobId] = jobIds;
    assert.equal(gate.checks.find((c) => c.id === jobId)?.kind, 'job');
    assert.deepEqual(gate.findings.filter((f) => f.source === 'commitComments').map((f) => f.checkId), [undefined]);
  });

  test('without findings, neither the artifact nor the comments are requested', async () => {
    await adapter.loadGate(mr, { withFindings: false });
    assert.equal(forge.requests.filter((r) => /artifacts|comments/.test(r.path)).length, 0);
  });

  test('a project without the licence (401 on status checks) still shows the pipeline', async () => {
    forge.gitlab.configureProject(DEMO_PROJECT_PATH, { externalStatusChecksLicensed: false });
    const unlicensed = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(unlicensed.checks.filter((c) => c.kind === 'externalStatusCheck').length, 0);
    assert.deepEqual(unlicensed.unavailable, ['externalStatusCheck']);
    assert.ok(unlicensed.pipeline);
  });
});

suite('gitlab gates: commands', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  let mr: MergeRequestRef;
  let gate: Gate;
  const check = (name: string): Check => [...gate.checks, gate.pipeline!].find((c) => c.name === name)!;

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(mr, { withFindings: false });
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('setting a status check posts sha, check id and status, and the next list shows it', async () => {
    await adapter.statuses.set(mr, check('QA sign-off'), { state: 'passed' });
    const [post] = forge.requestsTo('POST', /status_check_responses$/);
    assert.deepEqual(post.body, { sha: DEMO_HEAD_SHA, external_status_check_id: Number(check('QA sign-off').forgeId), status: 'passed' });
    const after = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(after.checks.find((c) => c.name === 'QA sign-off')?.state, 'passed');
  });

  test('a moved head gives 409 conflict naming the new sha', async () => {
    forge.gitlab.pushToMergeRequest(forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, 'd'.repeat(40));
    await assert.rejects(adapter.statuses.set(mr, check('QA sign-off'), { state: 'passed' }), (e: ForgeError) => e.kind === 'conflict' && e.message.includes('d'.repeat(40)));
  });

  test('a commit status is posted for the same name on the head sha, with description and URL', async () => {
    await adapter.statuses.set(mr, check('sonar'), { state: 'success', description: 'fixed', targetUrl: 'https://sonar.example.com/2' });
    const [post] = forge.requestsTo('POST', `/api/v4/projects/demo%2Fmr-gates-demo/statuses/${DEMO_HEAD_SHA}`);
    assert.deepEqual(post.body, { state: 'success', name: 'sonar', ref: 'feature/gates', description: 'fixed', target_url: 'https://sonar.example.com/2' });
    const after = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(after.checks.find((c) => c.name === 'sonar')?.state, 'passed');
  });

  test('an invalid commit-status transition is a badRequest with GitLab\'s words', async () => {
    await adapter.statuses.set(mr, check('sonar'), { state: 'running' });
    const running = (await adapter.loadGate(mr, { withFindings: false })).checks.find((c) => c.name === 'sonar')!;
    await assert.rejects(adapter.statuses.set(mr, running, { state: 'running' }), (e: ForgeError) => e.kind === 'badRequest' && /Cannot transition/.test(e.message));
  });

  test('retry: a failed status check is re-sent (202), a passed one is refused with 422', async () => {
    await adapter.retries.retry(mr, check('License compliance'));
    assert.equal(forge.gitlab.statusCheckRetries(Number(check('License compliance').forgeId)), 1);
    await assert.rejects(adapter.retries.retry(mr, check('Security review')), (e: ForgeError) => e.kind === 'unprocessable' && /must be failed/.test(e.message));
  });

  test('retry: a failed job is retried; a manual job is not retryable (403)', async () => {
    await adapter.retries.retry(mr, check('unit'));
    // Jobs are retried in the project their pipeline runs in, named by its id (head_pipeline.project_id).
    assert.equal(forge.requestsTo('POST', `/api/v4/projects/${gate.pipeline!.projectRef}/jobs/${check('unit').forgeId}/retry`).length, 1);
    await assert.rejects(adapter.retries.retry(mr, check('deploy-review')), (e: ForgeError) => e.kind === 'forbidden' && /not retryable/.test(e.message));
  });

  test('retry: a pipeline is retried as a whole', async () => {
    const failedPipeline = { ...gate.pipeline!, state: 'failed' as const };
    await adapter.retries.retry(mr, failedPipeline);
    assert.equal(forge.requestsTo('POST', `/api/v4/projects/${gate.pipeline!.projectRef}/pipelines/${gate.pipeline!.forgeId}/retry`).length, 1);
  });

  test('play: a manual job starts with the given variables; the offers say what each does', async () => {
    const offers = adapter.actions.offersFor(check('deploy-review'));
    assert.deepEqual(offers.map((o) => [o.id, o.kind, o.via]), [['play', 'playJob', 'api'], ['open', 'openCheckPage', 'browser']]);
    assert.ok(offers.every((o) => !('label' in o)), 'an offer of MR Gates\' own carries a kind, not English words');
    await adapter.actions.run(mr, check('deploy-review'), 'play', { ENV: 'review' });
    const [play] = forge.requestsTo('POST', /\/jobs\/\d+\/play$/);
    assert.deepEqual(play.body, { job_variables_attributes: [{ key: 'ENV', value: 'review' }] });
    await assert.rejects(adapter.actions.run(mr, check('compile'), 'play'), (e: ForgeError) => e.kind === 'badRequest' && /Unplayable/.test(e.message));
  });

  test('each documented refusal carries the reason code the commands word it by', async () => {
    const reasonOf = async (call: Promise<unknown>): Promise<string | undefined> => call.then(() => 'resolved', (e: ForgeError) => e.reason);
    assert.equal(await reasonOf(adapter.retries.retry(mr, check('Security review'))), 'statusCheckNotFailed');
    assert.equal(await reasonOf(adapter.retries.retry(mr, check('deploy-review'))), 'jobNotRetryable');
    await adapter.statuses.set(mr, check('sonar'), { state: 'running' });
    const running = (await adapter.loadGate(mr, { withFindings: false })).checks.find((c) => c.name === 'sonar')!;
    assert.equal(await reasonOf(adapter.statuses.set(mr, running, { state: 'running' })), 'invalidTransition');
    forge.gitlab.pushToMergeRequest(forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, 'd'.repeat(40));
    assert.equal(await reasonOf(adapter.statuses.set(mr, check('QA sign-off'), { state: 'passed' })), 'shaMoved');
    forge.inject({ method: 'POST', path: /\/pipelines\/\d+\/retry$/ }, { status: 403, body: { message: '403 Forbidden' } });
    assert.equal(await reasonOf(adapter.retries.retry(mr, { ...gate.pipeline!, state: 'failed' })), 'notAllowed');
  });

  test('a failed status check offers the re-send to its service', () => {
    const offers = adapter.actions.offersFor(check('License compliance'));
    assert.equal(offers[0].id, 'retry');
    assert.equal(offers[0].kind, 'resendStatusCheck', 'worded by the views: no English in the adapter');
    assert.deepEqual(adapter.statuses.choices(check('License compliance')), ['passed', 'failed', 'pending']);
    assert.deepEqual(adapter.statuses.choices(check('unit')), []);
  });
});

suite('gitlab: project status check services', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('list, create with a secret and protected branches, edit, delete', async () => {
    const admin = adapter.statusCheckAdmin;
    assert.equal((await admin.list(DEMO_PROJECT_PATH)).length, 3);
    const [main] = await admin.protectedBranches(DEMO_PROJECT_PATH);
    const created = await admin.create(DEMO_PROJECT_PATH, { name: 'Perf', externalUrl: 'https://perf.example.com', sharedSecret: 's3cret', protectedBranchIds: [main.id] });
    assert.deepEqual([created.name, created.hmac, created.protectedBranches.map((b) => b.name)], ['Perf', true, ['main']]);
    assert.equal(forge.requests.at(-1)?.rawBody.includes('s3cret'), true);
    const edited = await admin.update(DEMO_PROJECT_PATH, created.id, { name: 'Performance' });
    assert.equal(edited.name, 'Performance');
    await admin.remove(DEMO_PROJECT_PATH, created.id);
    assert.equal((await admin.list(DEMO_PROJECT_PATH)).some((c) => c.id === created.id), false);
  });

  test('a tier without the feature answers 401', async () => {
    forge.gitlab.configureProject(DEMO_PROJECT_PATH, { externalStatusChecksLicensed: false });
    await assert.rejects(adapter.statusCheckAdmin.list(DEMO_PROJECT_PATH), (e: ForgeError) => e.kind === 'unauthorized');
  });

  test('that 401 is marked as the tier or the role, which GitLab does not tell apart', async () => {
    forge.gitlab.configureProject(DEMO_PROJECT_PATH, { externalStatusChecksLicensed: false });
    await assert.rejects(adapter.statusCheckAdmin.list(DEMO_PROJECT_PATH), (e: ForgeError) => e.reason === 'tierOrRole');
  });
});

suite('gitlab gates: what the merge waits for', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  const read = async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    return adapter.loadGate(mr, { withFindings: false });
  };
  const requiredOf = (gate: Gate) => Object.fromEntries([...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])].map((c) => [c.name, c.required]));

  test('the project\'s rules: status checks, the pipeline, its jobs and commit statuses required; an allowed failure optional', async () => {
    const required = requiredOf(await read());
    assert.equal(required['QA sign-off'], true);
    assert.equal(required['#7001'], true, 'the pipeline');
    assert.equal(required.unit, true);
    assert.equal(required.e2e, false, 'allow_failure');
    assert.equal(required.sonar, true, 'a commit status is a job of the external stage');
  });

  test('rules switched off make the checks optional; read beside the MR lookup, as a poll does, the project is one request', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.gitlab.configureProject(DEMO_PROJECT_PATH, { pipelineMustSucceed: false, statusChecksMustPass: false });
    forge.clearRequests();
    const [gate] = await Promise.all([adapter.loadGate(mr, { withFindings: false }), adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates')]);
    const required = requiredOf(gate);
    assert.deepEqual([required['QA sign-off'], required.unit, required.sonar], [false, false, false]);
    assert.equal(forge.requestsTo('GET', `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`).length, 1, 'one project read for both');
  });

  test('a tier without status checks says nothing of them: their requirement stays unknown', async () => {
    forge.gitlab.configureProject(DEMO_PROJECT_PATH, { externalStatusChecksLicensed: false });
    const gate = await read();
    assert.equal(gate.pipeline?.required, true);
    assert.ok(gate.checks.filter((c) => c.kind === 'externalStatusCheck').every((c) => c.required === undefined));
  });

  test('a required pipeline that has not started on the head is an expected, pending row', async () => {
    const sha = 'f'.repeat(40);
    forge.gitlab.pushToMergeRequest(forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, sha);
    const gate = await read();
    assert.deepEqual([gate.pipeline?.expected, gate.pipeline?.state, gate.pipeline?.required, gate.pipeline?.sha], [true, 'pending', true, sha]);
  });
});
