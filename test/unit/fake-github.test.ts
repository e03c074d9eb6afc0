// The fake GitHub's pull-request / check-run / commit-status world over real HTTP (global fetch): PR
// lookup by owner:branch, check runs with filter=latest|all, annotations paged by Link headers in the
// /repositories/<id> form (followed verbatim), rerequests and Actions re-runs visible in the next GET,
// combined-status rules, faults on the new routes and the demo seed. No sleeps.
import * as assert from 'node:assert/strict';
import { DEMO_BRANCH, DEMO_TOKEN, FakeForge, seedDemo, type ChecksState, type Project } from '../fake-forge';

type Json = Record<string, unknown>;
interface Answer { status: number; headers: Headers; body: unknown }

async function fetchJson(url: string, method = 'GET', token?: string, body?: unknown, raw?: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `token ${token}`;
  if (body !== undefined || raw !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

function nextLink(headers: Headers): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1];
}

const SHA1 = '1'.repeat(40);
const SHA2 = '2'.repeat(40);
const T = { owner: 'oc-t', member: 'mem-t', reader: 'read-t' };
const R = '/repos/octo/app';

interface World { forge: FakeForge; gh: ChecksState; project: Project; get: (path: string, token?: string) => Promise<Answer>; post: (path: string, token?: string, body?: unknown) => Promise<Answer> }

async function world(enterprise = false): Promise<World> {
  const forge = await FakeForge.start({ kind: 'github', githubEnterprise: enterprise });
  for (const [username, token] of [['octo', T.owner], ['mem', T.member], ['reader', T.reader]]) forge.addUser({ username, token });
  const project = forge.addProject({ path: 'octo/app', visibility: 'public', members: ['mem'] });
  forge.addProject({ path: 'reader/app', visibility: 'public', forkedFromPath: 'octo/app' });
  const gh = forge.github;
  return {
    forge, gh, project,
    get: (path, token) => fetchJson(forge.apiBase + path, 'GET', token),
    post: (path, token, body) => fetchJson(forge.apiBase + path, 'POST', token, body),
  };
}

suite('fake GitHub: pull requests', () => {
  let w: World;
  setup(async () => {
    w = await world();
    w.gh.addPullRequest({ project: 'octo/app', title: 'Own', head: { ref: 'feature', sha: SHA1 }, base: { ref: 'main' }, author: 'mem' });
    w.forge.clock.advance(1000);
    w.gh.addPullRequest({ project: 'octo/app', title: 'Fork', head: { ref: 'feature', sha: SHA2, repo: 'reader/app' }, base: { ref: 'main' }, author: 'reader', draft: true });
    w.gh.addPullRequest({ project: 'octo/app', title: 'Merged', head: { ref: 'old', sha: SHA2 }, base: { ref: 'main' }, author: 'octo', state: 'merged' });
  });
  teardown(() => w.forge.close());

  test('head=OWNER:BRANCH matches; a bare branch matches nothing; the fork is told apart by its owner', async () => {
    const own = await w.get(`${R}/pulls?head=octo:feature&state=open`);
    assert.equal(own.status, 200);
    const pr = (own.body as Json[])[0];
    const head = pr.head as Json;
    assert.deepEqual(
      [(own.body as Json[]).length, pr.number, pr.state, pr.draft, head.label, head.ref, head.sha, (head.repo as Json).full_name, (pr.user as Json).login, pr.html_url, pr.author_association],
      [1, 1, 'open', false, 'octo:feature', 'feature', SHA1, 'octo/app', 'mem', `${w.forge.url}/octo/app/pull/1`, 'COLLABORATOR'],
    );
    assert.equal('merged' in pr, false, 'list items are pull-request-simple');
    assert.deepEqual(((await w.get(`${R}/pulls?head=reader:feature`)).body as Json[]).map((p) => [p.number, p.draft]), [[2, true]]);
    assert.deepEqual((await w.get(`${R}/pulls?head=feature`)).body, []);
  });

  test('state open|closed|all (merged is closed); single PR with merged fields; Link pages; errors', async () => {
    const numbers = async (q: string): Promise<unknown[]> => ((await w.get(`${R}/pulls?${q}`)).body as Json[]).map((p) => p.number);
    assert.deepEqual(await numbers(''), [2, 1]);
    assert.deepEqual(await numbers('state=closed'), [3]);
    assert.deepEqual(await numbers('state=all&direction=asc'), [1, 2, 3]);
    const merged = (await w.get(`${R}/pulls/3`)).body as Json;
    assert.deepEqual([merged.state, merged.merged, typeof merged.merged_at, typeof merged.merge_commit_sha], ['closed', true, 'string', 'string']);
    const page = await w.get(`${R}/pulls?state=all&per_page=2`);
    assert.equal(nextLink(page.headers), `${w.forge.url}/repositories/${w.project.id}/pulls?state=all&per_page=2&page=2`);
    assert.deepEqual(((await fetchJson(nextLink(page.headers) ?? '')).body as Json[]).map((p) => p.number), [1]);
    const bad = await w.get(`${R}/pulls?state=merged`);
    assert.deepEqual([bad.status, (bad.body as Json).message, ((bad.body as Json).errors as Json[])[0].field], [422, 'Validation Failed', 'state']);
    const missing = await w.get(`${R}/pulls/9`);
    assert.deepEqual([missing.status, (missing.body as Json).message, typeof (missing.body as Json).documentation_url], [404, 'Not Found', 'string']);
  });

  test('GitHub Enterprise: the same routes under /api/v3', async () => {
    const e = await world(true);
    try {
      e.gh.addPullRequest({ project: 'octo/app', title: 'Own', head: { ref: 'feature', sha: SHA1 }, base: { ref: 'main' }, author: 'octo' });
      assert.equal(e.forge.apiBase, `${e.forge.url}/api/v3`);
      const pr = ((await e.get(`${R}/pulls?head=octo:feature`)).body as Json[])[0];
      assert.equal(pr.url, `${e.forge.url}/api/v3/repos/octo/app/pulls/1`);
    } finally {
      await e.forge.close();
    }
  });
});

suite('fake GitHub: check runs', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('filter=latest (default) keeps the most recent run per name; filter=all lists every suite', async () => {
    const old = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'ci', conclusion: 'failure' });
    w.forge.clock.advance(60_000);
    const suite2 = w.gh.addCheckSuite({ project: 'octo/app', sha: SHA1 });
    const fresh = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'ci', conclusion: 'success', suiteId: suite2.id });
    const other = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'lint', status: 'in_progress' });
    const latest = (await w.get(`${R}/commits/${SHA1}/check-runs`)).body as Json;
    assert.deepEqual([latest.total_count, (latest.check_runs as Json[]).map((r) => r.id)], [2, [other.id, fresh.id]]);
    const all = (await w.get(`${R}/commits/${SHA1}/check-runs?filter=all`)).body as Json;
    assert.deepEqual([all.total_count, (all.check_runs as Json[]).map((r) => r.id)], [3, [other.id, fresh.id, old.id]]);
    const named = (await w.get(`${R}/commits/${SHA1}/check-runs?filter=all&check_name=ci&status=completed`)).body as Json;
    assert.equal(named.total_count, 2);
    const run = (latest.check_runs as Json[])[1];
    assert.deepEqual(
      [run.status, run.conclusion, run.head_sha, (run.check_suite as Json).id, (run.app as Json).slug, typeof run.node_id, run.html_url, run.details_url],
      ['completed', 'success', SHA1, suite2.id, 'fake-ci', 'string', `${w.forge.url}/octo/app/runs/${fresh.id}`, `${w.forge.url}/octo/app/runs/${fresh.id}`],
    );
    assert.match(String(run.completed_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const bad = await w.get(`${R}/commits/${SHA1}/check-runs?filter=newest`);
    assert.deepEqual([bad.status, (bad.body as Json).message], [422, 'Validation Failed']);
  });

  test('Link pages in the /repositories/<id> form, followed verbatim; refs: sha, branch, heads/branch; unknown ref 422', async () => {
    w.gh.addPullRequest({ project: 'octo/app', title: 'T', head: { ref: 'feat/x', sha: SHA1 }, base: { ref: 'main' }, author: 'octo' });
    for (let i = 0; i < 5; i++) w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: `c${i}`, conclusion: 'success' });
    let url: string | undefined = `${w.forge.apiBase}${R}/commits/heads/feat/x/check-runs?per_page=2`;
    const names: unknown[] = [];
    const links: string[] = [];
    while (url) {
      const res = await fetchJson(url);
      assert.equal((res.body as Json).total_count, 5);
      names.push(...((res.body as Json).check_runs as Json[]).map((r) => r.name));
      url = nextLink(res.headers);
      if (url) links.push(url);
    }
    assert.deepEqual(names, ['c4', 'c3', 'c2', 'c1', 'c0']);
    assert.equal(links[0], `${w.forge.url}/repositories/${w.project.id}/commits/heads%2Ffeat%2Fx/check-runs?per_page=2&page=2`);
    assert.equal(((await w.get(`${R}/commits/feat%2Fx/check-runs`)).body as Json).total_count, 5);
    const unknown = await w.get(`${R}/commits/nope/check-runs`);
    assert.deepEqual([unknown.status, (unknown.body as Json).message], [422, 'No commit found for SHA: nope']);
  });

  test('an Actions run links to its job; pull_requests lists own-repo PRs only; no actions in the REST JSON', async () => {
    w.gh.addPullRequest({ project: 'octo/app', title: 'T', head: { ref: 'f', sha: SHA1 }, base: { ref: 'main' }, author: 'octo' });
    w.gh.addPullRequest({ project: 'octo/app', title: 'F', head: { ref: 'f', sha: SHA1, repo: 'reader/app' }, base: { ref: 'main' }, author: 'reader' });
    const job = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'test', conclusion: 'failure', app: { slug: 'github-actions' }, actions: [{ label: 'L', description: 'D', identifier: 'i' }] });
    const res = (await w.get(`${R}/check-runs/${job.id}`)).body as Json;
    const link = `${w.forge.url}/octo/app/actions/runs/${String(job.workflowRunId)}/job/${job.id}`;
    assert.deepEqual([res.html_url, res.details_url, (res.app as Json).name, (res.pull_requests as Json[]).map((p) => p.number)], [link, link, 'GitHub Actions', [1]]);
    // GitHub's REST check-run object has no `actions` (the OpenAPI `check-run`): never sent, whatever the option.
    assert.equal('actions' in res, false);
    w.gh.options.includeActions = true;
    assert.equal('actions' in ((await w.get(`${R}/check-runs/${job.id}`)).body as Json), false);
    assert.equal((await w.get(`${R}/check-runs/77`)).status, 404);
  });

  test('250 annotations: 30 a page by default; per_page=100 Link rel=next in /repositories form, followed verbatim', async () => {
    const run = w.gh.addCheckRun({
      project: 'octo/app', sha: SHA1, name: 'lint', conclusion: 'failure',
      annotations: Array.from({ length: 250 }, (_, i) => ({ path: 'src/a.ts', start_line: i + 1, end_line: i + 1, annotation_level: 'notice' as const, message: `m${i}` })),
    });
    const first = await w.get(`${R}/check-runs/${run.id}/annotations`);
    assert.equal((first.body as unknown[]).length, 30);
    assert.match(first.headers.get('link') ?? '', new RegExp(`/repositories/${w.project.id}/check-runs/${run.id}/annotations\\?page=9>; rel="last"`));
    let url: string | undefined = `${w.forge.apiBase}${R}/check-runs/${run.id}/annotations?per_page=100`;
    const seen: unknown[] = [];
    const pages: string[] = [];
    while (url) {
      const res = await fetchJson(url, 'GET', T.owner);
      seen.push(...(res.body as Json[]).map((a) => a.message));
      url = nextLink(res.headers);
      if (url) pages.push(url);
    }
    assert.deepEqual(pages, [2, 3].map((p) => `${w.forge.url}/repositories/${w.project.id}/check-runs/${run.id}/annotations?per_page=100&page=${p}`));
    assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => `m${i}`));
    assert.deepEqual(Object.keys((first.body as Json[])[0]), ['path', 'blob_href', 'start_line', 'start_column', 'end_line', 'end_column', 'annotation_level', 'title', 'message', 'raw_details']);
  });

  test('rerequest a suite: 201 {}, its runs queued without conclusion in the next GET, counted', async () => {
    const a = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'a', conclusion: 'failure' });
    const b = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'b', conclusion: 'success' });
    const other = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'c', conclusion: 'failure', app: { slug: 'other-app' } });
    const res = await w.post(`${R}/check-suites/${a.suiteId}/rerequest`, T.member);
    assert.deepEqual([res.status, res.body], [201, {}]);
    const runs = ((await w.get(`${R}/commits/${SHA1}/check-runs`)).body as Json).check_runs as Json[];
    assert.deepEqual(runs.map((r) => [r.id, r.status, r.conclusion, r.completed_at]), [[other.id, 'completed', 'failure', runs[0].completed_at], [b.id, 'queued', null, null], [a.id, 'queued', null, null]]);
    assert.equal(w.gh.suites.get(a.suiteId)?.rerequests, 1);
  });

  test('rerequest a run: 201 (its suite requeued); 422 unfinished; 403 other app / forbidden; 404 reader or unknown; 401', async () => {
    const done = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'done', conclusion: 'failure' });
    const running = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'running', status: 'in_progress', app: { slug: 'slow-app' } });
    const path = (id: number): string => `${R}/check-runs/${id}/rerequest`;
    assert.equal((await w.post(path(done.id))).status, 401);
    assert.equal((await w.post(path(done.id), T.reader)).status, 404, 'no push access');
    assert.equal((await w.post(path(123), T.owner)).status, 404);
    const unfinished = await w.post(path(running.id), T.owner);
    assert.equal(unfinished.status, 422);
    w.gh.setTokenApp('mem', 'slow-app');
    const foreign = await w.post(path(done.id), T.member);
    assert.deepEqual([foreign.status, (foreign.body as Json).message], [403, 'Resource not accessible by integration']);
    w.gh.setTokenApp('mem', undefined);
    w.gh.configureRepo('octo/app', { rerequestForbidden: true });
    assert.equal((await w.post(path(done.id), T.member)).status, 403);
    w.gh.configureRepo('octo/app', { rerequestForbidden: false, noPushStatus: 403 });
    assert.equal((await w.post(path(done.id), T.reader)).status, 403);
    assert.deepEqual([(await w.post(path(done.id), T.owner)).status, done.status, done.conclusion, done.rerequests], [201, 'queued', null, 1]);
    assert.equal(((await w.get(`${R}/check-runs/${done.id}`)).body as Json).status, 'queued');
  });

  test('Actions rerun-failed-jobs: failed jobs queued, others kept, counted; 403 running / forbidden; 422 none failed; 404', async () => {
    const suite = w.gh.addCheckSuite({ project: 'octo/app', sha: SHA1, app: { slug: 'github-actions' } });
    const unit = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'unit', conclusion: 'failure', suiteId: suite.id });
    const e2e = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'e2e', conclusion: 'cancelled', suiteId: suite.id });
    const lint = w.gh.addCheckRun({ project: 'octo/app', sha: SHA1, name: 'lint', conclusion: 'success', suiteId: suite.id });
    const wr = suite.workflowRunId ?? 0;
    const path = (id: number): string => `${R}/actions/runs/${id}/rerun-failed-jobs`;
    assert.equal((await w.post(path(424242), T.owner)).status, 404);
    assert.equal((await w.post(path(wr), T.reader)).status, 404);
    w.gh.configureRepo('octo/app', { rerunForbidden: true });
    assert.deepEqual([(await w.post(path(wr), T.owner)).status, w.gh.rerunFailedJobsCount(wr)], [403, 0]);
    w.gh.configureRepo('octo/app', { rerunForbidden: false });
    const ok = await w.post(path(wr), T.member);
    assert.deepEqual([ok.status, ok.body, w.gh.rerunFailedJobsCount(wr)], [201, {}, 1]);
    const runs = ((await w.get(`${R}/commits/${SHA1}/check-runs`)).body as Json).check_runs as Json[];
    assert.deepEqual(runs.map((r) => [r.id, r.status, r.conclusion]), [[lint.id, 'completed', 'success'], [e2e.id, 'queued', null], [unit.id, 'queued', null]]);
    assert.deepEqual(w.gh.failedJobsReruns[0].runIds, [unit.id, e2e.id]);
    const again = await w.post(path(wr), T.member);
    assert.deepEqual([again.status, (again.body as Json).message], [403, 'This workflow is already running']);
    const green = w.gh.addCheckSuite({ project: 'octo/app', sha: SHA2, app: { slug: 'github-actions' } });
    w.gh.addCheckRun({ project: 'octo/app', sha: SHA2, name: 'unit', conclusion: 'success', suiteId: green.id });
    assert.equal((await w.post(path(green.workflowRunId ?? 0), T.member)).status, 422);
  });
});

suite('fake GitHub: commit statuses', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('POST creates (201, Location, the recorded shape); the combined state follows the latest per context', async () => {
    const combined = async (): Promise<Json> => (await w.get(`${R}/commits/${SHA1}/status`)).body as Json;
    assert.deepEqual([(await combined()).state, (await combined()).total_count], ['pending', 0], 'no statuses: pending');
    const created = await w.post(`${R}/statuses/${SHA1}`, T.member, { state: 'success', target_url: 'https://ci.example.com/1', description: 'ok', context: 'ci/a' });
    assert.equal(created.status, 201);
    const s = created.body as Json;
    assert.deepEqual(
      [s.state, s.context, s.target_url, s.description, (s.creator as Json).login, s.url, created.headers.get('location')],
      ['success', 'ci/a', 'https://ci.example.com/1', 'ok', 'mem', `${w.forge.apiBase}/repos/octo/app/statuses/${SHA1}`, `${w.forge.apiBase}/repos/octo/app/statuses/${SHA1}`],
    );
    assert.equal((await combined()).state, 'success');
    await w.post(`${R}/statuses/${SHA1}`, T.member, { state: 'pending' });
    const withDefault = await combined();
    assert.deepEqual([withDefault.state, (withDefault.statuses as Json[]).map((x) => x.context)], ['pending', ['ci/a', 'default']]);
    assert.equal('creator' in (withDefault.statuses as Json[])[0], false);
    await w.post(`${R}/statuses/${SHA1}`, T.member, { state: 'error', context: 'CI/A' });
    assert.equal((await combined()).state, 'failure', 'error in a latest context');
    await w.post(`${R}/statuses/${SHA1}`, T.member, { state: 'success', context: 'ci/a' });
    await w.post(`${R}/statuses/${SHA1}`, T.member, { state: 'success' });
    const green = await combined();
    assert.deepEqual([green.state, green.total_count, green.sha, (green.repository as Json).full_name], ['success', 2, SHA1, 'octo/app']);
    const all = (await w.get(`${R}/commits/${SHA1}/statuses`)).body as Json[];
    assert.deepEqual(all.map((x) => [x.context, x.state]), [['default', 'success'], ['ci/a', 'success'], ['CI/A', 'error'], ['default', 'pending'], ['ci/a', 'success']], 'newest first');
    assert.equal(((await w.get(`${R}/statuses/${SHA1}`)).body as Json[]).length, 5, 'legacy list route');
  });

  test('seeded statuses; failure beats pending; a branch ref resolves', async () => {
    w.gh.setBranch('octo/app', 'main', SHA2);
    w.gh.addCommitStatus({ project: 'octo/app', sha: SHA2, state: 'pending', context: 'a' });
    w.gh.addCommitStatus({ project: 'octo/app', sha: SHA2, state: 'failure', context: 'b' });
    assert.equal(((await w.get(`${R}/commits/main/status`)).body as Json).state, 'failure');
  });

  test('errors: 422 missing/invalid state (Validation Failed), 400 bad JSON, 404 / 403 without push, 401, 422 unknown sha', async () => {
    const missing = await w.post(`${R}/statuses/${SHA1}`, T.owner, { context: 'x' });
    assert.deepEqual([missing.status, (missing.body as Json).message, ((missing.body as Json).errors as Json[])[0].field], [422, 'Validation Failed', 'state']);
    assert.equal(typeof (missing.body as Json).documentation_url, 'string');
    const invalid = await w.post(`${R}/statuses/${SHA1}`, T.owner, { state: 'passed' });
    assert.deepEqual([invalid.status, ((invalid.body as Json).errors as Json[])[0].code], [422, 'custom']);
    const notJson = await fetchJson(`${w.forge.apiBase}${R}/statuses/${SHA1}`, 'POST', T.owner, undefined, 'state=success');
    assert.deepEqual([notJson.status, (notJson.body as Json).message], [400, 'Problems parsing JSON']);
    assert.equal((await w.post(`${R}/statuses/${SHA1}`, T.reader, { state: 'success' })).status, 404);
    w.gh.configureRepo('octo/app', { noPushStatus: 403 });
    assert.equal((await w.post(`${R}/statuses/${SHA1}`, T.reader, { state: 'success' })).status, 403);
    assert.equal((await w.post(`${R}/statuses/${SHA1}`, undefined, { state: 'success' })).status, 401);
    assert.equal((await w.post(`${R}/statuses/not-a-sha`, T.owner, { state: 'success' })).status, 422);
    w.project.archived = true;
    const archived = await w.post(`${R}/statuses/${SHA1}`, T.owner, { state: 'success' });
    assert.deepEqual([archived.status, (archived.body as Json).message], [403, 'Repository was archived so is read-only.']);
    assert.equal(w.gh.statuses.length, 0);
  });

  test('faults work on the new routes', async () => {
    w.forge.inject({ method: 'POST', path: `${R}/statuses/${SHA1}`, times: 1 }, { status: 502 });
    assert.equal((await w.post(`${R}/statuses/${SHA1}`, T.owner, { state: 'success' })).status, 502);
    assert.equal(w.gh.statuses.length, 0);
    w.forge.inject({ path: /\/check-runs$/ }, { malformed: 'wrongType' });
    assert.equal(typeof (await w.get(`${R}/commits/${SHA1}/check-runs`)).body, 'string');
    w.forge.inject({ path: /\/rerun-failed-jobs$/ }, { status: 403, body: { message: 'Must have admin rights to Repository.' } });
    assert.equal((await w.post(`${R}/actions/runs/1/rerun-failed-jobs`, T.owner)).status, 403);
    w.forge.inject({ path: /\/status$/ }, { headers: { 'x-ratelimit-remaining': '0' } });
    assert.equal((await w.get(`${R}/commits/${SHA1}/status`)).headers.get('x-ratelimit-remaining'), '0');
  });
});

suite('fake GitHub: demo seed', () => {
  test('PR #1: Actions test (failure, 2 annotations), coverage (neutral, actions), deploy-preview (queued); ci/legacy + license/cla', async () => {
    const forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    try {
      const head = 'd'.repeat(40);
      const seed = seedDemo(forge, { headSha: head });
      const base = `${forge.apiBase}/repos/${seed.project.path}`;
      const prs = (await fetchJson(`${base}/pulls?head=demo:${DEMO_BRANCH}&state=open`, 'GET', DEMO_TOKEN)).body as Json[];
      assert.deepEqual(prs.map((p) => [p.number, p.title, (p.head as Json).sha]), [[1, 'Add the gates view', head]]);
      const runs = ((await fetchJson(`${base}/commits/${head}/check-runs`, 'GET', DEMO_TOKEN)).body as Json).check_runs as Json[];
      assert.deepEqual(runs.map((r) => [r.name, r.status, r.conclusion, (r.app as Json).slug]).sort(), [
        ['coverage', 'completed', 'neutral', 'coverage-bot'], ['deploy-preview', 'queued', null, 'preview-deployer'], ['test', 'completed', 'failure', 'github-actions'],
      ]);
      const test = runs.find((r) => r.name === 'test') as Json;
      assert.equal((test.output as Json).annotations_count, 2);
      assert.match(String(test.details_url), /\/actions\/runs\/\d+\/job\/\d+$/);
      assert.equal('actions' in (runs.find((r) => r.name === 'coverage') as Json), false, 'GitHub\'s REST check runs carry no actions');
      const combined = (await fetchJson(`${base}/commits/${head}/status`, 'GET', DEMO_TOKEN)).body as Json;
      assert.deepEqual([combined.state, (combined.statuses as Json[]).map((s) => [s.context, s.state])], ['pending', [['ci/legacy', 'success'], ['license/cla', 'pending']]]);
      assert.equal(seed.github?.statuses.length, 2);
    } finally {
      await forge.close();
    }
  });
});
