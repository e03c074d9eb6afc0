// The fake GitLab's merge-request world over real HTTP (global fetch): merge requests, forks, external
// status checks on an MR (set, time out, retry) and at project level. Time moves with forge.clock; no sleeps.
// CI (pipelines, jobs, statuses, Code Quality), faults and the demo seed: fake-gitlab-ci.test.ts.
import * as assert from 'node:assert/strict';
import { FakeForge, type GitLabState, type MergeRequest, type Project } from '../fake-forge';

type Json = Record<string, unknown>;
interface Answer { status: number; headers: Headers; body: unknown; text: string }
interface CallOptions { token?: string; json?: unknown; form?: string; headers?: Record<string, string> }

async function call(forge: FakeForge, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['PRIVATE-TOKEN'] = options.token;
  let body: string | undefined;
  if (options.json !== undefined) [headers['Content-Type'], body] = ['application/json', JSON.stringify(options.json)];
  if (options.form !== undefined) [headers['Content-Type'], body] = ['application/x-www-form-urlencoded', options.form];
  const res = await fetch(forge.apiBase + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text === '' ? undefined : text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';
const T = { owner: 'olga-t', dev: 'dev-t', maintainer: 'mia-t', reporter: 'ray-t', outsider: 'out-t' };
const P = '/projects/olga%2Fapp';
const TWO_MINUTES = 2 * 60_000;

interface World { forge: FakeForge; gl: GitLabState; project: Project; fork: Project; mr: MergeRequest }

/** olga owns olga/app (internal): dev is a member (developer), mia a maintainer, ray a reporter, out nothing. */
async function world(): Promise<World> {
  const forge = await FakeForge.start({ kind: 'gitlab' });
  for (const [username, token] of [['olga', T.owner], ['dev', T.dev], ['mia', T.maintainer], ['ray', T.reporter], ['out', T.outsider]]) forge.addUser({ username, token });
  const project = forge.addProject({ path: 'olga/app', visibility: 'internal', members: ['dev'] });
  const fork = forge.addProject({ path: 'dev/app', forkedFromPath: 'olga/app', visibility: 'internal' });
  const gl = forge.gitlab;
  gl.configureProject(project, { maintainers: ['mia'], reporters: ['ray'] });
  gl.addProtectedBranch({ project, name: 'main' });
  const mr = gl.addMergeRequest({ project, title: 'Feature', sourceBranch: 'feature', targetBranch: 'main', author: 'dev', headSha: SHA1 });
  return { forge, gl, project, fork, mr };
}

suite('fake GitLab: merge requests', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('list by source_branch and state; state defaults to all; list items have no head_pipeline', async () => {
    w.gl.addMergeRequest({ project: w.project, title: 'Old', sourceBranch: 'feature', author: 'dev', headSha: SHA2, state: 'merged' });
    w.gl.addMergeRequest({ project: w.project, title: 'Other', sourceBranch: 'other', author: 'olga', headSha: SHA2, draft: true });
    const open = await call(w.forge, 'GET', `${P}/merge_requests?source_branch=feature&state=opened`, { token: T.dev });
    assert.equal(open.status, 200);
    assert.deepEqual((open.body as Json[]).map((m) => m.iid), [1]);
    const all = await call(w.forge, 'GET', `${P}/merge_requests?source_branch=feature`, { token: T.dev });
    assert.deepEqual((all.body as Json[]).map((m) => [m.iid, m.state]), [[2, 'merged'], [1, 'opened']], 'newest first, all states');
    assert.equal(all.headers.get('x-total'), '2');
    const item = (open.body as Json[])[0];
    assert.deepEqual(
      [item.sha, item.detailed_merge_status, item.source_project_id, item.target_project_id, item.draft, item.references, item.web_url, item.target_branch],
      [SHA1, 'mergeable', w.project.id, w.project.id, false, { short: '!1', relative: '!1', full: 'olga/app!1' }, `${w.forge.url}/olga/app/-/merge_requests/1`, 'main'],
    );
    assert.deepEqual([(item.author as Json).username, (item.author as Json).web_url], ['dev', `${w.forge.url}/dev`]);
    assert.equal('head_pipeline' in item || 'diff_refs' in item, false);
    const draft = await call(w.forge, 'GET', `${P}/merge_requests?target_branch=main&source_branch=other`, { token: T.dev });
    assert.deepEqual((draft.body as Json[]).map((m) => [m.draft, m.detailed_merge_status]), [[true, 'draft_status']]);
  });

  test('bad state: 400 Grape error; unknown or unreadable project: 404', async () => {
    const bad = await call(w.forge, 'GET', `${P}/merge_requests?state=open`, { token: T.dev });
    assert.deepEqual([bad.status, bad.body], [400, { error: 'state does not have a valid value' }]);
    const anon = await call(w.forge, 'GET', `${P}/merge_requests`);
    assert.deepEqual([anon.status, anon.body], [404, { message: '404 Project Not Found' }], 'internal project, no token');
  });

  test('single MR: head_pipeline, diff_refs, changes_count, merge_error, user.can_merge; unknown iid 404', async () => {
    const none = (await call(w.forge, 'GET', `${P}/merge_requests/1`, { token: T.dev })).body as Json;
    assert.deepEqual([none.head_pipeline, none.merge_error, none.changes_count], [null, null, '1']);
    assert.deepEqual(none.diff_refs, { base_sha: w.mr.baseSha, head_sha: SHA1, start_sha: w.mr.baseSha });
    assert.deepEqual([(none.user as Json).can_merge], [false], 'main is protected: developers may not merge');
    const pipeline = w.gl.addPipeline({ project: w.project, sha: SHA1, ref: 'feature', jobs: [{ name: 'build', stage: 'build', status: 'running' }] });
    const mr = (await call(w.forge, 'GET', `${P}/merge_requests/1`, { token: T.maintainer })).body as Json;
    const head = mr.head_pipeline as Json;
    assert.deepEqual([head.id, head.iid, head.project_id, head.sha, head.ref, head.status, head.source], [pipeline.id, 1, w.project.id, SHA1, 'feature', 'running', 'push']);
    assert.equal(head.web_url, `${w.forge.url}/olga/app/-/pipelines/${pipeline.id}`);
    assert.deepEqual((head.detailed_status as Json).group, 'running');
    assert.equal((mr.user as Json).can_merge, true);
    const missing = await call(w.forge, 'GET', `${P}/merge_requests/99`, { token: T.dev });
    assert.deepEqual([missing.status, missing.body], [404, { message: '404 Not found' }]);
  });

  test('a fork MR lives upstream with the fork as source project; the fork says where it came from', async () => {
    w.gl.addMergeRequest({ project: w.project, title: 'From a fork', sourceProject: 'dev/app', sourceBranch: 'fix', author: 'dev', headSha: SHA2 });
    const found = (await call(w.forge, 'GET', `${P}/merge_requests?source_branch=fix&state=opened`, { token: T.dev })).body as Json[];
    assert.deepEqual(found.map((m) => [m.iid, m.source_project_id, m.target_project_id]), [[2, w.fork.id, w.project.id]]);
    const fork = (await call(w.forge, 'GET', `/projects/${w.fork.id}`, { token: T.dev })).body as Json;
    assert.deepEqual(pickFork(fork), { id: w.project.id, path_with_namespace: 'olga/app', web_url: `${w.forge.url}/olga/app` });
    assert.deepEqual((await call(w.forge, 'GET', '/projects/dev%2Fapp/merge_requests', { token: T.dev })).body, []);
  });

  test('pushToMergeRequest moves sha and diff_refs; the old pipeline is no longer the head pipeline', async () => {
    w.gl.addPipeline({ project: w.project, sha: SHA1, ref: 'feature', jobs: [{ name: 'build', stage: 'build' }] });
    w.gl.pushToMergeRequest(w.mr, SHA2);
    const mr = (await call(w.forge, 'GET', `${P}/merge_requests/1`, { token: T.dev })).body as Json;
    assert.deepEqual([mr.sha, (mr.diff_refs as Json).head_sha, mr.head_pipeline], [SHA2, SHA2, null]);
    assert.deepEqual(w.mr.previousShas, [SHA1]);
  });
});

function pickFork(project: Json): Json {
  const source = project.forked_from_project as Json;
  return { id: source.id, path_with_namespace: source.path_with_namespace, web_url: source.web_url };
}

suite('fake GitLab: external status checks on a merge request', () => {
  let w: World;
  const checks = (token = T.dev): Promise<Answer> => call(w.forge, 'GET', `${P}/merge_requests/1/status_checks`, { token });
  const respond = (json: unknown, token = T.dev): Promise<Answer> => call(w.forge, 'POST', `${P}/merge_requests/1/status_check_responses`, { token, json });
  const retry = (id: number, token = T.dev): Promise<Answer> => call(w.forge, 'POST', `${P}/merge_requests/1/status_checks/${id}/retry`, { token });
  const statuses = async (): Promise<Record<string, unknown>> => Object.fromEntries(((await checks()).body as Json[]).map((c) => [c.name, c.status]));
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('lists applicable checks with their status for the head sha; Poll-Interval; external_url by role', async () => {
    const main = w.gl.protectedBranchesOf(w.project)[0];
    const release = w.gl.addProtectedBranch({ project: w.project, name: 'release/*' });
    const a = w.gl.addExternalStatusCheck({ project: w.project, name: 'A', externalUrl: 'https://a.example.com/hook?token=x' });
    const b = w.gl.addExternalStatusCheck({ project: w.project, name: 'B', externalUrl: 'https://b.example.com/', protectedBranchIds: [main.id] });
    w.gl.addExternalStatusCheck({ project: w.project, name: 'Release only', externalUrl: 'https://r.example.com/', protectedBranchIds: [release.id] });
    w.gl.addStatusCheckResponse({ mergeRequest: w.mr, check: a, status: 'passed' });
    w.gl.addStatusCheckResponse({ mergeRequest: w.mr, check: b, status: 'failed', sha: SHA2 });
    const res = await checks();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('poll-interval'), '10000');
    assert.deepEqual(res.body, [
      { id: a.id, name: 'A', external_url: 'https://a.example.com/hook', status: 'passed' },
      { id: b.id, name: 'B', external_url: 'https://b.example.com/', status: 'pending' },
    ]);
    const asReporter = (await checks(T.reporter)).body as Json[];
    assert.deepEqual(asReporter.map((c) => c.external_url), ['', '']);
    const outsider = await checks(T.outsider);
    assert.deepEqual([outsider.status, outsider.body], [403, { message: '403 Forbidden' }]);
  });

  test('401 without a token or when the project is not licensed; 404 for an unknown MR', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'A', externalUrl: 'https://a.example.com/' });
    assert.deepEqual([(await checks('')).status, (await checks('')).body], [401, { message: '401 Unauthorized' }]);
    const unknown = await call(w.forge, 'GET', `${P}/merge_requests/7/status_checks`, { token: T.dev });
    assert.deepEqual([unknown.status, unknown.body], [404, { message: '404 Not found' }]);
    w.gl.configureProject(w.project, { externalStatusChecksLicensed: false });
    for (const res of [await checks(), await respond({ external_status_check_id: check.id, sha: SHA1, status: 'passed' }), await retry(check.id),
      await call(w.forge, 'GET', `${P}/external_status_checks`, { token: T.owner })]) {
      assert.deepEqual([res.status, res.body], [401, { message: '401 Unauthorized' }]);
    }
  });

  test('POST status_check_responses: 201 with merge_request and external_status_check, no top-level status', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'QA', externalUrl: 'https://qa.example.com/', sharedSecret: 's3cret' });
    const res = await respond({ external_status_check_id: check.id, sha: SHA1, status: 'passed' });
    assert.equal(res.status, 201);
    const body = res.body as Json;
    assert.deepEqual(Object.keys(body).sort(), ['external_status_check', 'id', 'merge_request']);
    assert.deepEqual([(body.merge_request as Json).iid, (body.merge_request as Json).sha, 'diff_refs' in (body.merge_request as Json)], [1, SHA1, true]);
    assert.deepEqual(body.external_status_check, { id: check.id, name: 'QA', project_id: w.project.id, external_url: 'https://qa.example.com/', hmac: true, protected_branches: [] });
    assert.equal(res.text.includes('s3cret'), false);
    assert.deepEqual(await statuses(), { QA: 'passed' });
    const form = await call(w.forge, 'POST', `${P}/merge_requests/1/status_check_responses`, { token: T.dev, form: `external_status_check_id=${check.id}&sha=${SHA1}&status=failed` });
    assert.equal(form.status, 201, 'a form body works too');
    assert.deepEqual(await statuses(), { QA: 'failed' }, 'the latest response wins');
  });

  test('POST status_check_responses errors: 400 missing/invalid, 404 check, 409 sha, 403 role', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'QA', externalUrl: 'https://qa.example.com/' });
    const good = { external_status_check_id: check.id, sha: SHA1, status: 'passed' };
    const cases: Array<[unknown, string, number, unknown]> = [
      [{ ...good, status: undefined }, T.dev, 400, { error: 'status is missing' }],
      [{ ...good, sha: undefined }, T.dev, 400, { error: 'sha is missing' }],
      [{ ...good, external_status_check_id: undefined }, T.dev, 400, { error: 'external_status_check_id is missing' }],
      [{}, T.dev, 400, { error: 'external_status_check_id is missing, sha is missing, status is missing' }],
      [{ ...good, status: 'timeout' }, T.dev, 400, { error: 'status does not have a valid value' }],
      [{ ...good, external_status_check_id: 999 }, T.dev, 404, { message: '404 Not found' }],
      [{ ...good, sha: SHA2 }, T.dev, 409, { message: `SHA does not match HEAD of source branch: ${SHA1}` }],
      [good, T.reporter, 403, { message: '403 Forbidden' }],
      [good, T.outsider, 403, { message: '403 Forbidden' }],
    ];
    for (const [json, token, status, body] of cases) {
      const res = await respond(json, token);
      assert.deepEqual([res.status, res.body], [status, body], JSON.stringify(json));
    }
    assert.equal(w.gl.responses.length, 0);
  });

  test('a pending response older than 2 minutes reads failed; a check without a response stays pending', async () => {
    const timed = w.gl.addExternalStatusCheck({ project: w.project, name: 'Timed', externalUrl: 'https://t.example.com/' });
    w.gl.addExternalStatusCheck({ project: w.project, name: 'Silent', externalUrl: 'https://s.example.com/' });
    w.forge.clock.freeze();
    assert.equal((await respond({ external_status_check_id: timed.id, sha: SHA1, status: 'pending' })).status, 201);
    w.forge.clock.advance(TWO_MINUTES);
    assert.deepEqual(await statuses(), { Timed: 'pending', Silent: 'pending' }, 'exactly 2 minutes: not yet');
    w.forge.clock.advance(1);
    assert.deepEqual(await statuses(), { Timed: 'failed', Silent: 'pending' });
    w.forge.clock.advance(60 * 60_000);
    assert.deepEqual(await statuses(), { Timed: 'failed', Silent: 'pending' });
  });

  test('retry: 422 unless failed; 202 makes it pending, re-sends, and times out 2 minutes after retried_at', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'QA', externalUrl: 'https://qa.example.com/' });
    const mustFail = { message: 'External status check must be failed' };
    assert.deepEqual([(await retry(check.id)).status, (await retry(check.id)).body], [422, mustFail], 'no response yet');
    await respond({ external_status_check_id: check.id, sha: SHA1, status: 'passed' });
    assert.deepEqual((await retry(check.id)).status, 422, 'passed');
    await respond({ external_status_check_id: check.id, sha: SHA1, status: 'failed' });
    assert.deepEqual([(await retry(check.id, T.reporter)).status], [403]);
    assert.deepEqual([(await retry(999)).status, (await retry(999)).body], [404, { message: '404 Not found' }]);
    w.forge.clock.freeze();
    w.forge.clock.advance(10 * 60_000);
    const ok = await retry(check.id);
    assert.deepEqual([ok.status, ok.body], [202, { message: '202 Accepted' }]);
    assert.equal(w.gl.statusCheckRetries(check.id), 1);
    assert.deepEqual(w.gl.retries.map((r) => [r.mergeRequestIid, r.sha]), [[1, SHA1]]);
    assert.deepEqual(await statuses(), { QA: 'pending' });
    assert.equal((await retry(check.id)).status, 422, 'pending now');
    w.forge.clock.advance(TWO_MINUTES);
    assert.deepEqual(await statuses(), { QA: 'pending' }, 'the old created_at does not count after a retry');
    w.forge.clock.advance(1);
    assert.deepEqual(await statuses(), { QA: 'failed' });
    assert.equal((await retry(check.id)).status, 202);
    assert.equal(w.gl.statusCheckRetries(check.id), 2);
  });

  test('a push starts the statuses over: responses count for the current head sha only', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'QA', externalUrl: 'https://qa.example.com/' });
    await respond({ external_status_check_id: check.id, sha: SHA1, status: 'passed' });
    w.gl.pushToMergeRequest(w.mr, SHA2);
    assert.deepEqual(await statuses(), { QA: 'pending' });
    const stale = await respond({ external_status_check_id: check.id, sha: SHA1, status: 'passed' });
    assert.deepEqual([stale.status, stale.body], [409, { message: `SHA does not match HEAD of source branch: ${SHA2}` }]);
    assert.equal((await respond({ external_status_check_id: check.id, sha: SHA2, status: 'failed' })).status, 201);
    assert.deepEqual(await statuses(), { QA: 'failed' });
    w.gl.pushToMergeRequest(w.mr, SHA1);
    assert.deepEqual(await statuses(), { QA: 'passed' }, 'back at the first sha, its response counts again');
  });
});

suite('fake GitLab: project-level status checks and protected branches', () => {
  let w: World;
  const base = `${P}/external_status_checks`;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('GET: maintainers only (401 otherwise), paginated, hmac but never the secret', async () => {
    const main = w.gl.protectedBranchesOf(w.project)[0];
    w.gl.addExternalStatusCheck({ project: w.project, name: 'A', externalUrl: 'https://a.example.com/', sharedSecret: 'hush', protectedBranchIds: [main.id] });
    w.gl.addExternalStatusCheck({ project: w.project, name: 'B', externalUrl: 'https://b.example.com/' });
    for (const token of [T.maintainer, T.owner]) {
      const res = await call(w.forge, 'GET', `${base}?per_page=1`, { token });
      assert.equal(res.status, 200);
      assert.deepEqual([res.headers.get('x-total'), res.headers.get('x-next-page')], ['2', '2']);
      const [a] = res.body as Json[];
      assert.deepEqual([a.name, a.project_id, a.hmac, 'shared_secret' in a], ['A', w.project.id, true, false]);
      assert.deepEqual((a.protected_branches as Json[]).map((b) => [b.id, b.name, b.project_id]), [[main.id, 'main', w.project.id]]);
      assert.equal(res.text.includes('hush'), false);
    }
    for (const token of [T.dev, T.reporter]) {
      const res = await call(w.forge, 'GET', base, { token });
      assert.deepEqual([res.status, res.body], [401, { message: '401 Unauthorized' }]);
    }
  });

  test('POST: 400 for missing params, 401 Not allowed for developers, 422 duplicates, 201 and applies to MRs', async () => {
    const main = w.gl.protectedBranchesOf(w.project)[0];
    const missing = await call(w.forge, 'POST', base, { token: T.maintainer, json: { external_url: 'https://x.example.com/' } });
    assert.deepEqual([missing.status, missing.body], [400, { error: 'name is missing' }]);
    const both = await call(w.forge, 'POST', base, { token: T.maintainer, json: {} });
    assert.deepEqual(both.body, { error: 'name is missing, external_url is missing' });
    const dev = await call(w.forge, 'POST', base, { token: T.dev, json: { name: 'X', external_url: 'https://x.example.com/' } });
    assert.deepEqual([dev.status, dev.body], [401, { message: ['Not allowed'] }]);
    const made = await call(w.forge, 'POST', base, { token: T.maintainer, form: `name=X&external_url=${encodeURIComponent('https://x.example.com/')}&shared_secret=abc&protected_branch_ids=${main.id}` });
    assert.equal(made.status, 201);
    const entity = made.body as Json;
    assert.deepEqual([entity.name, entity.project_id, entity.external_url, entity.hmac], ['X', w.project.id, 'https://x.example.com/', true]);
    assert.deepEqual((entity.protected_branches as Json[]).map((b) => b.name), ['main']);
    const dup = await call(w.forge, 'POST', base, { token: T.maintainer, json: { name: 'X', external_url: 'https://y.example.com/', protected_branch_ids: [main.id] } });
    assert.deepEqual([dup.status, dup.body], [422, { message: ['Name has already been taken'] }]);
    const listed = (await call(w.forge, 'GET', `${P}/merge_requests/1/status_checks`, { token: T.dev })).body as Json[];
    assert.deepEqual(listed.map((c) => [c.name, c.status]), [['X', 'pending']]);
  });

  test('PUT and DELETE: 200 / 204, 404 for an unknown id, gone from the next GET', async () => {
    const check = w.gl.addExternalStatusCheck({ project: w.project, name: 'A', externalUrl: 'https://a.example.com/' });
    const put = await call(w.forge, 'PUT', `${base}/${check.id}`, { token: T.maintainer, json: { name: 'A2', protected_branch_ids: '' } });
    assert.deepEqual([put.status, (put.body as Json).name, (put.body as Json).external_url], [200, 'A2', 'https://a.example.com/']);
    assert.deepEqual((await call(w.forge, 'PUT', `${base}/999`, { token: T.maintainer, json: { name: 'Z' } })).body, { message: '404 Not found' });
    assert.equal((await call(w.forge, 'DELETE', `${base}/${check.id}`, { token: T.dev })).status, 401);
    const del = await call(w.forge, 'DELETE', `${base}/${check.id}`, { token: T.maintainer });
    assert.deepEqual([del.status, del.text], [204, '']);
    assert.equal((await call(w.forge, 'DELETE', `${base}/${check.id}`, { token: T.maintainer })).status, 404);
    assert.deepEqual((await call(w.forge, 'GET', base, { token: T.maintainer })).body, []);
  });

  test('GET protected_branches', async () => {
    const res = await call(w.forge, 'GET', `${P}/protected_branches`, { token: T.dev });
    const [main] = res.body as Json[];
    assert.deepEqual([main.name, main.allow_force_push, main.code_owner_approval_required, Array.isArray(main.push_access_levels), Array.isArray(main.merge_access_levels)], ['main', false, false, true, true]);
  });
});
