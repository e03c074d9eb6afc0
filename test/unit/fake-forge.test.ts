// The fake forge over real HTTP, with Node's global fetch as the client. No sleeps: tests wait for
// requests (waitForRequest) or responses, never for the clock.
import * as assert from 'node:assert/strict';
import { DEMO_TOKEN, FakeForge, HUGE_BODY_BYTES, seedDemo } from '../fake-forge';

type Json = Record<string, unknown>;

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** The fields of an entity named by `keys`, with nested `a.b` keys. */
function pick(entity: unknown, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) out[key] = key.split('.').reduce<unknown>((v, k) => (v as Json | undefined)?.[k], entity);
  return out;
}

/** Parse a Link header into { rel: url }. */
function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (m) out[m[2]] = m[1];
  }
  return out;
}

suite('fake forge: GitLab', () => {
  let forge: FakeForge;
  const alice = { 'PRIVATE-TOKEN': 'alice-token' };
  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    forge.addUser({ username: 'alice', name: 'Alice A', token: 'alice-token' });
    forge.addUser({ username: 'bob', token: 'bob-token' });
    forge.addProject({ path: 'group/sub/proj', name: 'Proj', members: ['alice'], defaultBranch: 'develop' });
    forge.addProject({ path: 'alice/fork', forkedFromPath: 'group/sub/proj' });
    forge.addProject({ path: 'alice/pub', visibility: 'public' });
  });
  suiteTeardown(() => forge.close());
  setup(() => {
    forge.clearRequests();
    forge.clearFaults();
  });

  test('apiBase and GET /user with PRIVATE-TOKEN or Bearer', async () => {
    assert.equal(forge.apiBase, `${forge.url}/api/v4`);
    assert.match(forge.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const headers of [alice, { Authorization: 'Bearer alice-token' }]) {
      const res = await get(`${forge.apiBase}/user`, headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), JSON_TYPE);
      const user = res.body as Json;
      assert.deepEqual(pick(user, ['username', 'name', 'state', 'web_url']), { username: 'alice', name: 'Alice A', state: 'active', web_url: `${forge.url}/alice` });
      assert.deepEqual([typeof user.id, typeof user.avatar_url], ['number', 'string']);
    }
    assert.deepEqual(forge.requests.map((r) => r.credential?.via), ['private-token', 'bearer']);
  });

  test('bad or missing token: 401 {"message":"401 Unauthorized"}, even on a public project', async () => {
    for (const [path, headers] of [['/user', { 'PRIVATE-TOKEN': 'nope' }], ['/user', {}], ['/projects/alice%2Fpub', { 'PRIVATE-TOKEN': 'nope' }]] as const) {
      const res = await get(forge.apiBase + path, headers);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { message: '401 Unauthorized' });
    }
  });

  test('project by URL-encoded nested path and by numeric id', async () => {
    const res = await get(`${forge.apiBase}/projects/group%2Fsub%2Fproj`, alice);
    assert.equal(res.status, 200);
    const p = res.body as Json;
    assert.deepEqual(pick(p, ['path_with_namespace', 'path', 'name', 'name_with_namespace', 'default_branch', 'web_url', 'http_url_to_repo', 'visibility', 'namespace.full_path', 'namespace.kind']), {
      path_with_namespace: 'group/sub/proj', path: 'proj', name: 'Proj', name_with_namespace: 'group / sub / Proj', default_branch: 'develop',
      web_url: `${forge.url}/group/sub/proj`, http_url_to_repo: `${forge.url}/group/sub/proj.git`, visibility: 'private',
      'namespace.full_path': 'group/sub', 'namespace.kind': 'group',
    });
    assert.equal('forked_from_project' in p, false);
    const byId = await get(`${forge.apiBase}/projects/${String(p.id)}`, alice);
    assert.equal((byId.body as Json).path_with_namespace, 'group/sub/proj');
    const lower = await get(`${forge.apiBase}/projects/group%2fsub%2fproj`, alice);
    assert.equal(lower.status, 200);
  });

  test('unencoded slashes do not match a project route; unknown, private and missing projects are 404', async () => {
    const raw = await get(`${forge.apiBase}/projects/group/sub/proj`, alice);
    assert.deepEqual([raw.status, raw.body], [404, { error: '404 Not Found' }]);
    for (const [path, headers] of [['nope%2Fnope', alice], ['group%2Fsub%2Fproj', { 'PRIVATE-TOKEN': 'bob-token' }], ['group%2Fsub%2Fproj', {}], ['99999', alice]] as const) {
      const res = await get(`${forge.apiBase}/projects/${path}`, headers);
      assert.deepEqual([res.status, res.body], [404, { message: '404 Project Not Found' }], path);
    }
    assert.equal((await get(`${forge.apiBase}/projects/alice%2Fpub`)).status, 200, 'public project, anonymous');
  });

  test('a fork has forked_from_project', async () => {
    const fork = (await get(`${forge.apiBase}/projects/alice%2Ffork`, alice)).body as Json;
    assert.equal((fork.forked_from_project as Json).path_with_namespace, 'group/sub/proj');
    assert.equal((fork.namespace as Json).kind, 'user');
  });

  test('GET /projects pagination headers and Link', async () => {
    const pager = await FakeForge.start({ kind: 'gitlab' });
    try {
      for (let i = 1; i <= 5; i++) pager.addProject({ path: `g/p${i}`, visibility: 'public' });
      const first = await get(`${pager.apiBase}/projects?per_page=2&order_by=id`);
      assert.equal((first.body as unknown[]).length, 2);
      const h = (n: string): string | null => first.headers.get(n);
      assert.deepEqual([h('x-page'), h('x-per-page'), h('x-next-page'), h('x-prev-page'), h('x-total'), h('x-total-pages')], ['1', '2', '2', '', '5', '3']);
      const l = links(h('link'));
      assert.deepEqual(Object.keys(l).sort(), ['first', 'last', 'next']);
      assert.equal(l.next, `${pager.apiBase}/projects?per_page=2&order_by=id&page=2`);
      const last = await get(l.last);
      assert.equal((last.body as unknown[]).length, 1);
      assert.deepEqual([last.headers.get('x-page'), last.headers.get('x-next-page'), last.headers.get('x-prev-page')], ['3', '', '2']);
      assert.deepEqual(Object.keys(links(last.headers.get('link'))).sort(), ['first', 'last', 'prev']);
      assert.equal((await get(`${pager.apiBase}/projects`)).headers.get('x-per-page'), '20');
      assert.equal((await get(`${pager.apiBase}/projects?per_page=500`)).headers.get('x-per-page'), '100');
    } finally {
      await pager.close();
    }
  });
});

suite('fake forge: path prefix and GitHub Enterprise', () => {
  test('a GitLab instance under /gitlab', async () => {
    const forge = await FakeForge.start({ kind: 'gitlab', prefix: '/gitlab/' });
    try {
      forge.addUser({ username: 'alice', token: 't' });
      forge.addProject({ path: 'alice/p', visibility: 'public' });
      assert.equal(forge.url, `${forge.origin}/gitlab`);
      assert.equal(forge.apiBase, `${forge.origin}/gitlab/api/v4`);
      const res = await get(`${forge.apiBase}/projects/alice%2Fp`, { 'PRIVATE-TOKEN': 't' });
      assert.equal((res.body as Json).web_url, `${forge.origin}/gitlab/alice/p`);
      assert.equal(forge.requests[0].path, '/api/v4/projects/alice%2Fp');
      assert.equal(forge.requests[0].rawUrl, '/gitlab/api/v4/projects/alice%2Fp');
      const outside = await fetch(`${forge.origin}/api/v4/user`, { headers: { 'PRIVATE-TOKEN': 't' } });
      assert.equal(outside.status, 404);
      await outside.text();
      assert.equal(forge.requests[1].outsidePrefix, true);
    } finally {
      await forge.close();
    }
  });

  test('GitHub Enterprise serves the API under /api/v3 and links there', async () => {
    const forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    try {
      forge.addUser({ username: 'octo', token: 'gh' });
      const repo = forge.addProject({ path: 'octo/r', visibility: 'public' });
      forge.addProject({ path: 'octo/f1', forkedFromPath: 'octo/r', visibility: 'public' });
      forge.addProject({ path: 'octo/f2', forkedFromPath: 'octo/r', visibility: 'public' });
      assert.equal(forge.apiBase, `${forge.url}/api/v3`);
      assert.equal(((await get(`${forge.apiBase}/user`, { Authorization: 'token gh' })).body as Json).login, 'octo');
      assert.equal((await get(`${forge.url}/user`, { Authorization: 'token gh' })).status, 404);
      const forks = await get(`${forge.apiBase}/repos/octo/r/forks?per_page=1`);
      assert.equal(links(forks.headers.get('link')).next, `${forge.url}/api/v3/repositories/${repo.id}/forks?per_page=1&page=2`);
    } finally {
      await forge.close();
    }
  });
});

suite('fake forge: Gitee', () => {
  let forge: FakeForge;
  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    forge.addUser({ username: 'kit', name: 'Kit', token: 'gt' });
    forge.addProject({ path: 'kit/repo', visibility: 'public', defaultBranch: 'master' });
    forge.addProject({ path: 'kit/fork', forkedFromPath: 'kit/repo' });
    for (let i = 1; i <= 3; i++) forge.addProject({ path: `kit/more${i}` });
  });
  suiteTeardown(() => forge.close());

  test('apiBase, GET /user with Bearer', async () => {
    assert.equal(forge.apiBase, `${forge.url}/api/v5`);
    const res = await get(`${forge.apiBase}/user`, { Authorization: 'Bearer gt' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), JSON_TYPE);
    const user = res.body as Json;
    assert.deepEqual([user.login, user.name, user.html_url, user.type], ['kit', 'Kit', `${forge.url}/kit`, 'User']);
    assert.match(String(user.created_at), /\+08:00$/);
  });

  test('?access_token= works but is recorded as such', async () => {
    forge.clearRequests();
    assert.equal((await get(`${forge.apiBase}/user?access_token=gt`)).status, 200);
    assert.deepEqual(forge.requests[0].credential, { via: 'query', token: 'gt' });
    assert.equal(forge.requests[0].query.access_token, 'gt');
  });

  test('bad, missing or `token` scheme: 401', async () => {
    const cases: Array<Record<string, string>> = [{ Authorization: 'Bearer bad' }, {}, { Authorization: 'token gt' }];
    for (const headers of cases) {
      const res = await get(`${forge.apiBase}/user`, headers);
      assert.deepEqual([res.status, res.body], [401, { message: '401 Unauthorized: Access token does not exist' }]);
    }
  });

  test('GET /repos/:owner/:repo in the recorded shape; fork has parent; unknown is 404', async () => {
    const repo = (await get(`${forge.apiBase}/repos/kit/repo`)).body as Json;
    assert.deepEqual(pick(repo, ['full_name', 'html_url', 'default_branch', 'owner.login', 'namespace.path', 'private', 'public', 'fork', 'parent']), {
      full_name: 'kit/repo', html_url: `${forge.url}/kit/repo.git`, default_branch: 'master', 'owner.login': 'kit', 'namespace.path': 'kit',
      private: false, public: true, fork: false, parent: null,
    });
    const fork = (await get(`${forge.apiBase}/repos/kit/fork`, { Authorization: 'Bearer gt' })).body as Json;
    assert.equal((fork.parent as Json).full_name, 'kit/repo');
    for (const [path, headers] of [['kit/nope', {}], ['kit/fork', {}]] as const) {
      const res = await get(`${forge.apiBase}/repos/${path}`, headers);
      assert.deepEqual([res.status, res.body], [404, { message: '404 Project Not Found' }]);
    }
  });

  test('pagination: total_count and total_page headers', async () => {
    const res = await get(`${forge.apiBase}/user/repos?per_page=2&page=3`, { Authorization: 'Bearer gt' });
    assert.equal((res.body as unknown[]).length, 1);
    assert.deepEqual([res.headers.get('total_count'), res.headers.get('total_page'), res.headers.get('link')], ['5', '3', null]);
  });
});

suite('fake forge: GitHub', () => {
  let forge: FakeForge;
  let repoId = 0;
  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'github' });
    forge.addUser({ username: 'octocat', name: 'The Octocat', token: 'ght' });
    forge.addUser({ username: 'other', token: 'other' });
    repoId = forge.addProject({ path: 'octocat/Hello-World', visibility: 'public' }).id;
    forge.addProject({ path: 'octocat/secret' });
    for (let i = 1; i <= 3; i++) forge.addProject({ path: `other/hw${i}`, forkedFromPath: 'octocat/Hello-World', visibility: 'public' });
  });
  suiteTeardown(() => forge.close());

  test('GET /user with `token` and `Bearer`', async () => {
    assert.equal(forge.apiBase, forge.url);
    for (const auth of ['token ght', 'Bearer ght']) {
      const res = await get(`${forge.apiBase}/user`, { Authorization: auth });
      assert.equal(res.headers.get('content-type'), JSON_TYPE);
      const user = res.body as Json;
      assert.deepEqual([user.login, user.name, user.html_url, user.type], ['octocat', 'The Octocat', `${forge.url}/octocat`, 'User']);
      assert.equal(typeof user.id, 'number');
    }
  });

  test('401 Bad credentials / Requires authentication, 404 Not Found', async () => {
    const bad = await get(`${forge.apiBase}/user`, { Authorization: 'token nope' });
    assert.equal(bad.status, 401);
    assert.equal((bad.body as Json).message, 'Bad credentials');
    assert.equal(typeof (bad.body as Json).documentation_url, 'string');
    assert.equal(((await get(`${forge.apiBase}/user`)).body as Json).message, 'Requires authentication');
    for (const [path, auth] of [['octocat/nope', 'token ght'], ['octocat/secret', 'token other']]) {
      const res = await get(`${forge.apiBase}/repos/${path}`, { Authorization: auth });
      assert.equal(res.status, 404);
      assert.equal((res.body as Json).message, 'Not Found');
    }
  });

  test('GET /repos/:owner/:repo, also as /repositories/:id', async () => {
    const res = await get(`${forge.apiBase}/repos/octocat/hello-world`, { Authorization: 'token ght' });
    const repo = res.body as Json;
    assert.deepEqual([repo.full_name, repo.html_url, repo.default_branch, repo.private], ['octocat/Hello-World', `${forge.url}/octocat/Hello-World`, 'main', false]);
    assert.equal((repo.owner as Json).login, 'octocat');
    assert.equal((repo.permissions as Json).admin, true);
    assert.ok(res.headers.get('x-ratelimit-remaining'));
    assert.equal(((await get(`${forge.apiBase}/repositories/${repoId}`)).body as Json).full_name, 'octocat/Hello-World');
    const fork = (await get(`${forge.apiBase}/repos/other/hw1`)).body as Json;
    assert.equal((fork.parent as Json).full_name, 'octocat/Hello-World');
  });

  test('pagination: Link in the /repositories/<id>/ form, followable', async () => {
    const first = await get(`${forge.apiBase}/repos/octocat/Hello-World/forks?per_page=1`);
    const l = links(first.headers.get('link'));
    assert.deepEqual(Object.keys(l), ['next', 'last']);
    assert.equal(l.next, `${forge.apiBase}/repositories/${repoId}/forks?per_page=1&page=2`);
    assert.equal(l.last, `${forge.apiBase}/repositories/${repoId}/forks?per_page=1&page=3`);
    const second = await get(l.next);
    assert.equal((second.body as unknown[]).length, 1);
    assert.deepEqual(Object.keys(links(second.headers.get('link'))), ['prev', 'next', 'last', 'first']);
    const all = await get(`${forge.apiBase}/repos/octocat/Hello-World/forks`);
    assert.deepEqual([(all.body as unknown[]).length, all.headers.get('link')], [3, null]);
  });
});

suite('fake forge: recording, faults, close', () => {
  let forge: FakeForge;
  let other: FakeForge;
  const auth = { 'PRIVATE-TOKEN': 'tok' };
  suiteSetup(async () => {
    [forge, other] = await Promise.all([FakeForge.start({ kind: 'gitlab' }), FakeForge.start({ kind: 'gitlab' })]);
    forge.addUser({ username: 'u', token: 'tok' });
    forge.addProject({ path: 'u/p', visibility: 'public' });
  });
  suiteTeardown(() => Promise.all([forge.close(), other.close()]));
  setup(() => {
    forge.clearRequests();
    forge.clearFaults();
  });
  const user = (init?: RequestInit): Promise<Response> => fetch(`${forge.apiBase}/user`, { headers: auth, ...init });

  test('records method, path, rawUrl, query, headers with the token, JSON body', async () => {
    const res = await fetch(`${forge.apiBase}/projects/u%2Fp/statuses/abc?x=1&y=two`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ state: 'success' }),
    });
    await res.text();
    const [r] = forge.requestsTo('post', /\/statuses\//);
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/api/v4/projects/u%2Fp/statuses/abc');
    assert.equal(r.rawUrl, '/api/v4/projects/u%2Fp/statuses/abc?x=1&y=two');
    assert.deepEqual(r.query, { x: '1', y: 'two' });
    assert.equal(r.headers['private-token'], 'tok');
    assert.deepEqual(r.body, { state: 'success' });
    assert.equal(typeof r.at, 'number');
    assert.equal(forge.requestsTo('GET', /statuses/).length, 0);
    forge.clearRequests();
    assert.equal(forge.requests.length, 0);
  });

  test('waitForRequest (future and past) and onRequest', async () => {
    const seen: string[] = [];
    const off = forge.onRequest((r) => seen.push(r.path));
    const waiting = forge.waitForRequest((r) => r.path === '/api/v4/projects');
    await (await fetch(`${forge.apiBase}/projects`)).text();
    assert.equal((await waiting).method, 'GET');
    assert.equal((await forge.waitForRequest((r) => r.path === '/api/v4/projects')).seq, (await waiting).seq);
    off();
    await (await user()).text();
    assert.deepEqual(seen, ['/api/v4/projects']);
    const fresh = forge.waitForRequest((r) => r.path === '/api/v4/projects', { includePast: false });
    await (await fetch(`${forge.apiBase}/projects?page=2`)).text();
    assert.equal((await fresh).query.page, '2');
  });

  test('status + text body + headers (429 Retry-After), JSON body, default body, headers only', async () => {
    forge.inject({ path: '/api/v4/user' }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '7' } });
    let res = await user();
    assert.deepEqual([res.status, res.headers.get('retry-after'), res.headers.get('content-type'), await res.text()], [429, '7', 'text/plain; charset=utf-8', 'Retry later']);
    forge.inject({ path: '/api/v4/user' }, { status: 500, body: { message: 'boom' } });
    res = await user();
    assert.deepEqual([res.status, res.headers.get('content-type'), await res.json()], [500, JSON_TYPE, { message: 'boom' }]);
    forge.inject({ path: '/api/v4/user' }, { status: 503 });
    assert.deepEqual(await (await user()).json(), { message: '503 Service Unavailable' });
    forge.inject({ path: '/api/v4/user' }, { headers: { 'RateLimit-Remaining': '0' } });
    res = await user();
    assert.deepEqual([res.status, res.headers.get('ratelimit-remaining'), ((await res.json()) as Json).username], [200, '0', 'u']);
  });

  test('delayMs then the normal answer; delay combines with status', async () => {
    forge.inject({ path: '/api/v4/user', times: 1 }, { delayMs: 40 });
    const start = Date.now();
    const res = await user();
    assert.ok(Date.now() - start >= 35, 'answered after the delay');
    assert.equal(((await res.json()) as Json).username, 'u');
    forge.inject({ path: '/api/v4/user', times: 1 }, { delayMs: 1, status: 502 });
    assert.equal((await user()).status, 502);
  });

  test('malformed: html (200 and 502), truncated, wrongType, empty, huge', async () => {
    const normal = await (await user()).text();
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'html' });
    let res = await user();
    assert.deepEqual([res.status, res.headers.get('content-type')], [200, 'text/html; charset=utf-8']);
    await assert.rejects(res.json(), SyntaxError);
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'html', status: 502 });
    res = await user();
    assert.equal(res.status, 502);
    assert.match(await res.text(), /502 Bad Gateway/);
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'truncated' });
    res = await user();
    const cut = await res.text();
    assert.equal(res.headers.get('content-type'), JSON_TYPE);
    assert.ok(cut.length > 0 && cut.length < normal.length && normal.startsWith(cut));
    assert.throws(() => JSON.parse(cut), SyntaxError);
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'wrongType' });
    assert.equal(typeof (await (await user()).json()), 'string');
    forge.inject({ path: '/api/v4/projects', times: 1 }, { malformed: 'wrongType' });
    assert.equal(Array.isArray(await (await fetch(`${forge.apiBase}/projects`)).json()), false);
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'empty' });
    res = await user();
    assert.deepEqual([res.status, await res.text()], [200, '']);
    forge.inject({ path: '/api/v4/user', times: 1 }, { malformed: 'huge' });
    res = await user();
    assert.equal(res.headers.get('content-length'), null);
    assert.ok((await res.arrayBuffer()).byteLength > HUGE_BODY_BYTES && HUGE_BODY_BYTES > 5_000_000);
  });

  test('reset destroys the socket; the request is still recorded', async () => {
    forge.inject({ path: '/api/v4/user' }, { reset: true });
    await assert.rejects(user(), TypeError);
    assert.ok(forge.requestsTo('GET', '/api/v4/user').length >= 1);
  });

  test('redirectTo another origin (manual and followed) and a relative path', async () => {
    forge.inject({ path: '/api/v4/user' }, { redirectTo: `${other.apiBase}/user`, status: 307 });
    const manual = await user({ redirect: 'manual' });
    assert.deepEqual([manual.status, manual.headers.get('location')], [307, `${other.apiBase}/user`]);
    const followed = await user();
    assert.equal(followed.status, 401, 'the other forge does not know the token');
    await followed.text();
    assert.equal((await other.waitForRequest((r) => r.path === '/api/v4/user')).method, 'GET');
    forge.inject({ path: '/api/v4/projects' }, { redirectTo: '/api/v4/projects/u%2Fp' });
    const rel = await fetch(`${forge.apiBase}/projects`, { redirect: 'manual' });
    assert.deepEqual([rel.status, rel.headers.get('location')], [302, `${forge.url}/api/v4/projects/u%2Fp`]);
  });

  test('hang until the client aborts', async () => {
    forge.inject({ path: '/api/v4/user' }, { hang: true });
    const controller = new AbortController();
    const pending = user({ signal: controller.signal });
    await forge.waitForRequest((r) => r.path === '/api/v4/user');
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });

  test('times, hits, remove(), method filter, RegExp path, newest wins, empty fault rejected', async () => {
    const handle = forge.inject({ path: '/api/v4/user', times: 2 }, { status: 500 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await user()).status);
    assert.deepEqual(statuses, [500, 500, 200]);
    assert.deepEqual([handle.hits, handle.active], [2, false]);
    const post = forge.inject({ method: 'post', path: /^\/api\/v4\/user$/ }, { status: 418 });
    assert.equal((await user()).status, 200);
    assert.equal((await user({ method: 'POST' })).status, 418);
    forge.inject({ path: /user/ }, { status: 503 });
    assert.equal((await user({ method: 'POST' })).status, 503);
    forge.clearFaults();
    assert.equal(post.active, false);
    const removable = forge.inject({ path: '/api/v4/user' }, { status: 500 });
    removable.remove();
    assert.equal((await user()).status, 200);
    assert.throws(() => forge.inject({ path: '/x' }, {}));
  });

  test('close() ends hanging requests and pending waits, and refuses new connections', async () => {
    const f = await FakeForge.start({ kind: 'github' });
    f.inject({ path: '/user' }, { hang: true });
    const pending = fetch(`${f.apiBase}/user`);
    await f.waitForRequest((r) => r.path === '/user');
    // Attach the expectations before close() so the rejections are never unhandled.
    const ended = assert.rejects(pending, TypeError);
    const gaveUp = assert.rejects(f.waitForRequest(() => false, { includePast: false }), /closed/);
    await f.close();
    await Promise.all([ended, gaveUp]);
    await assert.rejects(fetch(`${f.apiBase}/user`), TypeError);
    await f.close();
  });

  test('seedDemo: user demo with the demo token and a public project', async () => {
    const f = await FakeForge.start({ kind: 'gitee' });
    try {
      const seed = seedDemo(f);
      assert.equal(seed.token, DEMO_TOKEN);
      assert.equal(((await get(`${f.apiBase}/user`, { Authorization: `Bearer ${DEMO_TOKEN}` })).body as Json).login, 'demo');
      assert.equal((await get(`${f.apiBase}/repos/${seed.project.path}`)).status, 200);
    } finally {
      await f.close();
    }
  });
});
