// What the forges' own descriptions say about check runs (issue 7): Gitee lists runs created on a PR
// only with pull_request_id, and only to repository admins; GitHub's REST check run has no actions
// and no output.images, so no button is offered as if it had been read.
import { strict as assert } from 'node:assert';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { DEMO_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const SHA = 'e'.repeat(40);

suite('gitee check runs: what the swagger and the docs say', () => {
  let forge: FakeForge;
  let adapter: GiteeAdapter;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    seedDemo(forge, { headSha: SHA });
    adapter = GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('the list asks with pull_request_id (the PR id, not its number) and filter=latest, so runs made on the PR are not missed', async () => {
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    const prRecord = forge.gitee.pullRequests.find((p) => p.number === pr.number)!;
    assert.notEqual(String(prRecord.id), String(pr.number), 'the fixture tells id and number apart');
    forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'made-on-the-pr', conclusion: 'success', pullRequestId: prRecord.id });
    forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'made-on-another-pr', conclusion: 'failure', pullRequestId: prRecord.id + 1000 });
    forge.clearRequests();
    const gate = await adapter.loadGate(pr, { withFindings: false });
    const list = forge.requestsTo('GET', /\/check-runs$/)[0];
    assert.equal(list.query.pull_request_id, String(prRecord.id));
    assert.equal(list.query.filter, 'latest');
    assert.ok(gate.checks.some((c) => c.name === 'made-on-the-pr'));
    assert.ok(!gate.checks.some((c) => c.name === 'made-on-another-pr'));
  });

  test('a 403 (not a repository admin) says that Gitee shows check runs to admins only; the PR stays', async () => {
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    forge.inject({ method: 'GET', path: /\/check-runs$/ }, { status: 403, body: { message: '403 Forbidden' } });
    const gate = await adapter.loadGate(pr, { withFindings: true });
    assert.deepEqual(gate.notes, [{ code: 'checkRunsAdminOnly' }]);
    assert.equal(gate.mergeRequest.reference, pr.reference);
  });

  test('Gitee documents actions and images: they are read', async () => {
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    const gate = await adapter.loadGate(pr, { withFindings: false });
    assert.ok(gate.checks.some((c) => (c.actions ?? []).length > 0));
  });
});

suite('github check runs: no actions and no images in the REST object', () => {
  let forge: FakeForge;
  let adapter: GitHubAdapter;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge, { headSha: SHA });
    adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('actions and output.images in a response are not read, and Run Check Action offers re-run and the details page only', async () => {
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    const run = { id: 77, name: 'lint', status: 'completed', conclusion: 'failure', head_sha: SHA, details_url: 'https://ci.example.com/77', html_url: 'https://gh.example/77', output: { title: 't', summary: 's', annotations_count: 0, images: [{ alt: 'a', image_url: 'https://img.example/x.png' }] }, actions: [{ label: 'Fix', description: 'd', identifier: 'fix' }] };
    forge.inject({ method: 'GET', path: /\/check-runs$/ }, { body: { total_count: 1, check_runs: [run] } });
    const gate = await adapter.loadGate(pr, { withFindings: false });
    const lint = gate.checks.find((c) => c.name === 'lint')!;
    assert.deepEqual(lint.actions, []);
    assert.ok(!lint.capabilities.includes('hasActions'));
    assert.equal(lint.output?.images.length ?? 0, 0);
    const offers = adapter.actions.offersFor(lint);
    assert.deepEqual(offers.map((o) => [o.id, o.kind, o.via]), [['retry', 'rerunCheckRun', 'api'], ['open', 'openDetailsPage', 'browser']]);
    assert.equal(offers[1].url, 'https://ci.example.com/77');
    assert.ok(!offers.some((o) => o.id.startsWith('button:')));
  });
});
