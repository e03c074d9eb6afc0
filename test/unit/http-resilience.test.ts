// Bad input from a forge becomes a typed ForgeError with a sentence a user understands, never a crash;
// retries, 429 and pagination behave as each forge documents.
import { strict as assert } from 'node:assert';
import type { ForgeErrorKind } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { HttpClient, retryAfterMs } from '../../src/forges/http';
import { createAdapter } from '../../src/forges/registry';
import { FakeForge } from '../fake-forge';

const TOKEN = 'test-token-abcdef';

function isKind(kind: ForgeErrorKind) {
  return (e: unknown) => {
    assert.ok(e instanceof ForgeError, `expected a ForgeError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return true;
  };
}

suite('http: bad answers become clear errors', () => {
  let forge: FakeForge;
  let client: HttpClient;

  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    forge.addUser({ username: 'ada', token: TOKEN });
    forge.addProject({ path: 'group/app', members: ['ada'] });
    for (let i = 0; i < 45; i++) forge.addProject({ path: `many/p${String(i).padStart(2, '0')}`, members: ['ada'] });
  });
  suiteTeardown(() => forge.close());
  setup(() => {
    forge.clearFaults();
    forge.clearRequests();
    client = new HttpClient({ apiBase: forge.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), backoffMs: 1, timeoutMs: 2000 });
  });

  const adapter = () => createAdapter('gitlab', forge.url, { token: TOKEN, backoffMs: 1 });

  test('an HTML page instead of JSON (a proxy sign-in page) is badResponse, and says so', async () => {
    forge.inject({ path: '/api/v4/user' }, { malformed: 'html' });
    await assert.rejects(adapter().getCurrentUser(), (e: ForgeError) => isKind('badResponse')(e) && /HTML/.test(e.message));
  });

  test('an HTML error page with a 502 is a server error that names the HTML', async () => {
    forge.inject({ path: '/api/v4/user' }, { malformed: 'html', status: 502 });
    await assert.rejects(client.get('/user'), (e: ForgeError) => isKind('server')(e) && e.status === 502 && /HTML/.test(e.message));
    assert.equal(forge.requests.length, 3, 'a GET is tried three times on 5xx');
  });

  test('truncated JSON is badResponse', async () => {
    forge.inject({ path: '/api/v4/projects/group%2Fapp' }, { malformed: 'truncated' });
    await assert.rejects(adapter().getProject('group/app'), (e: ForgeError) => isKind('badResponse')(e) && /malformed|cut short/.test(e.message));
  });

  test('JSON of the wrong type is badResponse naming what was expected', async () => {
    forge.inject({ path: '/api/v4/user' }, { malformed: 'wrongType' });
    await assert.rejects(adapter().getCurrentUser(), (e: ForgeError) => isKind('badResponse')(e) && /expected/.test(e.message));
  });

  test('an empty 200 body where an object is expected is badResponse', async () => {
    forge.inject({ path: '/api/v4/user' }, { malformed: 'empty' });
    await assert.rejects(adapter().getCurrentUser(), isKind('badResponse'));
  });

  test('a huge body is refused instead of filling memory', async () => {
    forge.inject({ path: '/api/v4/user' }, { malformed: 'huge' });
    const small = new HttpClient({ apiBase: forge.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), maxBodyBytes: 1024 * 1024 });
    await assert.rejects(small.get('/user'), (e: ForgeError) => isKind('badResponse')(e) && /too large/.test(e.message));
  });

  test('4xx statuses map to their kinds and keep the forge message', async () => {
    const cases: [number, ForgeErrorKind][] = [
      [400, 'badRequest'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'notFound'],
      [409, 'conflict'],
      [422, 'unprocessable'],
    ];
    for (const [status, kind] of cases) {
      forge.inject({ path: '/api/v4/user', times: 1 }, { status, body: { message: `forge says ${status}` } });
      await assert.rejects(client.get('/user'), (e: ForgeError) => isKind(kind)(e) && e.status === status && e.message.includes(`forge says ${status}`));
    }
  });

  test('a wrong token gives unauthorized from the real 401 shape', async () => {
    const wrong = createAdapter('gitlab', forge.url, { token: 'nope-nope-nope' });
    await assert.rejects(wrong.getCurrentUser(), (e: ForgeError) => isKind('unauthorized')(e) && /401/.test(e.message));
  });

  test('GitLab 429 with the plain-text body "Retry later" and a short Retry-After is retried in place', async () => {
    forge.inject({ path: '/api/v4/user', times: 1 }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '0' } });
    assert.equal((await client.get<{ username: string }>('/user')).data.username, 'ada');
    assert.equal(forge.requests.length, 2);
  });

  test('a long Retry-After is not waited out: rateLimited carries the wait for the poller', async () => {
    forge.inject({ path: '/api/v4/user' }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '120' } });
    await assert.rejects(client.get('/user'), (e: ForgeError) => isKind('rateLimited')(e) && e.retryAfterMs === 120_000 && /Retry later/.test(e.message));
    assert.equal(forge.requests.length, 1);
  });

  test('Retry-After as a date, and RateLimit-Reset as a Unix time, are understood', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }), now), 30_000);
    assert.equal(retryAfterMs(headers({ 'ratelimit-reset': String(now / 1000 + 45) }), now), 45_000);
    assert.equal(retryAfterMs(headers({}), now), undefined);
  });

  test('GitHub-style 403 with an exhausted rate limit is rateLimited, not forbidden', async () => {
    forge.inject({ path: '/api/v4/user', times: 1 }, { status: 403, body: { message: 'API rate limit exceeded' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9999999999' } });
    await assert.rejects(client.get('/user'), isKind('rateLimited'));
  });

  test('5xx on a GET is retried with backoff and succeeds when the forge recovers', async () => {
    forge.inject({ path: '/api/v4/user', times: 2 }, { status: 503 });
    assert.equal((await client.get<{ username: string }>('/user')).data.username, 'ada');
    assert.equal(forge.requests.length, 3);
  });

  test('a POST is never retried: it may have had an effect', async () => {
    forge.inject({ method: 'POST', path: '/api/v4/user' }, { status: 502 });
    await assert.rejects(client.send('POST', '/user', { body: { a: 1 } }), isKind('server'));
    assert.equal(forge.requests.length, 1);
    assert.deepEqual(forge.requests[0].body, { a: 1 });
  });

  test('a connection reset is a network error after the retries, and recovers when it stops', async () => {
    forge.inject({ path: '/api/v4/user' }, { reset: true });
    await assert.rejects(client.get('/user'), (e: ForgeError) => isKind('network')(e) && /closed|reset|socket/i.test(e.message));
    forge.clearFaults();
    forge.inject({ path: '/api/v4/user', times: 1 }, { reset: true });
    assert.equal((await client.get<{ username: string }>('/user')).data.username, 'ada');
  });

  test('an unreachable instance is a network error that says so', async () => {
    const closed = await FakeForge.start({ kind: 'gitlab' });
    const url = closed.apiBase;
    await closed.close();
    const dead = new HttpClient({ apiBase: url, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), maxRetries: 0 });
    await assert.rejects(dead.get('/user'), (e: ForgeError) => isKind('network')(e) && /refused/.test(e.message));
  });

  test('a forge that never answers times out', async () => {
    forge.inject({ path: '/api/v4/user' }, { hang: true });
    const impatient = new HttpClient({ apiBase: forge.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), timeoutMs: 300, maxRetries: 0 });
    await assert.rejects(impatient.get('/user'), isKind('timeout'));
  });

  test('aborting an in-flight request cancels it', async () => {
    forge.inject({ path: '/api/v4/user' }, { hang: true });
    const controller = new AbortController();
    const pending = client.get('/user', { signal: controller.signal });
    await forge.waitForRequest((r) => r.path === '/api/v4/user');
    controller.abort();
    await assert.rejects(pending, isKind('canceled'));
  });

  test('GitLab pagination follows Link/x-next-page across pages', async () => {
    const projects = await client.paginate<{ path_with_namespace: string }>('/projects', 'gitlab', { query: { per_page: 20, search: 'many' } });
    const many = projects.filter((p) => p.path_with_namespace.startsWith('many/'));
    assert.equal(many.length, 45);
    assert.ok(forge.requests.length >= 3, `expected 3 pages, got ${forge.requests.length}`);
  });

  test('GitLab pagination without a Link header falls back to x-next-page', async () => {
    forge.inject({ path: '/api/v4/projects' }, { headers: { link: '' } });
    const projects = await client.paginate<{ path_with_namespace: string }>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.ok(projects.length >= 46);
    assert.deepEqual(forge.requests.map((r) => r.query.page ?? '1'), ['1', '2', '3']);
  });
});

suite('http: Gitee and GitHub pagination', () => {
  test('Gitee pages by total_page', async () => {
    const gitee = await FakeForge.start({ kind: 'gitee' });
    try {
      gitee.addUser({ username: 'li', token: TOKEN });
      for (let i = 0; i < 25; i++) gitee.addProject({ path: `li/repo${i}`, members: ['li'] });
      const client = new HttpClient({ apiBase: gitee.apiBase, token: TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
      const repos = await client.paginate<{ full_name: string }>('/user/repos', 'gitee', { query: { per_page: 10 } });
      assert.equal(new Set(repos.map((r) => r.full_name)).size, 25);
      assert.deepEqual(gitee.requests.map((r) => r.query.page ?? '1'), ['1', '2', '3']);
    } finally {
      await gitee.close();
    }
  });

  test('GitHub Link URLs are followed verbatim, /repositories/:id form included, with the token', async () => {
    const github = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    try {
      github.addUser({ username: 'octo', token: TOKEN });
      github.addProject({ path: 'octo/base', members: ['octo'] });
      for (let i = 0; i < 7; i++) github.addProject({ path: `fork${i}/base`, forkedFromPath: 'octo/base', members: ['octo'] });
      const client = new HttpClient({ apiBase: github.apiBase, token: TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
      const forks = await client.paginate<{ full_name: string }>('/repos/octo/base/forks', 'github', { query: { per_page: 3 } });
      assert.equal(forks.length, 7);
      const later = github.requests.slice(1);
      assert.equal(later.length, 2);
      for (const r of later) {
        assert.match(r.path, /^\/api\/v3\/repositories\/\d+\/forks$/);
        assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
      }
    } finally {
      await github.close();
    }
  });
});
