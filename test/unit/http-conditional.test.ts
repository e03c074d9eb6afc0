// Conditional requests (issue 9): a GET sends back the validator the forge gave, a 304 is answered from
// the client's own cache (per origin and token, bounded), and nothing else changes for the caller.
import { strict as assert } from 'node:assert';
import { HttpClient } from '../../src/forges/http';
import { ResponseCache } from '../../src/forges/responseCache';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const SHA = 'c'.repeat(40);

suite('conditional requests: validators and 304', () => {
  let forge: FakeForge;
  let http: HttpClient;
  const repo = `/repos/${DEMO_PROJECT_PATH}`;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge, { headSha: SHA });
    http = new HttpClient({ apiBase: forge.apiBase, token: DEMO_TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
  });
  teardown(() => forge.close());

  test('the second GET sends If-None-Match, gets a 304 without a body, and returns the first body', async () => {
    const first = await http.get<{ full_name: string }>(repo);
    const second = await http.get<{ full_name: string }>(repo);
    const [a, b] = forge.requestsTo('GET', `/api/v3${repo}`);
    assert.equal(a.headers['if-none-match'], undefined);
    assert.match(b.headers['if-none-match'] ?? '', /^W\/"[0-9a-f]{64}"$/);
    assert.equal(second.notModified, true);
    assert.equal(first.notModified, undefined);
    assert.deepEqual(second.data, first.data);
    assert.equal(second.data.full_name, DEMO_PROJECT_PATH);
  });

  test('a list read before sends its later pages with page 1, all conditional: one round trip', async () => {
    for (let i = 0; i < 250; i++) forge.github.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: `run ${i}`, status: 'completed', conclusion: 'success' });
    const runs = `${repo}/commits/${SHA}/check-runs`;
    const list = () => http.list<unknown>(runs, 'github', { query: { per_page: 100 }, extract: (page) => (page as { check_runs: unknown[] }).check_runs });
    const first = await list();
    assert.ok(first.items.length >= 250);
    forge.clearRequests();
    // Page 1's answer waits until page 3 is asked for: sent one after the other, this would never end.
    forge.inject({ path: new RegExp(`/check-runs$`), times: 1 }, { until: forge.waitForRequest((r) => r.path.endsWith('/check-runs') && r.query.page === '3') });
    const again = await list();
    assert.equal(again.items.length, first.items.length);
    // (GitHub's Link header names later pages by repository id: /repositories/101/…)
    const sent = forge.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/commits/${SHA}/check-runs`));
    assert.deepEqual(sent.map((r) => r.query.page ?? '1').sort(), ['1', '2', '3']);
    assert.ok(sent.every((r) => r.headers['if-none-match']), 'every page conditional');
  });

  test('a changed resource is read again in full, and the next GET revalidates the new body', async () => {
    const gate = () => http.get<{ state: string }>(`${repo}/commits/${SHA}/status`);
    await gate();
    forge.github.addCommitStatus({ project: DEMO_PROJECT_PATH, sha: SHA, state: 'failure', context: 'new/check' });
    const changed = await gate();
    assert.equal(changed.notModified, undefined, 'a new body, not the cached one');
    assert.equal(changed.data.state, 'failure');
    const again = await gate();
    assert.equal(again.notModified, true);
    assert.equal(again.data.state, 'failure');
  });

  test('rate-limit headers of a 304 are its own, and on GitHub a 304 costs nothing; the rest are the stored answer\'s', async () => {
    const first = await http.get(repo);
    const second = await http.get(repo);
    const third = await http.get(repo);
    assert.equal(second.notModified && third.notModified, true);
    assert.equal(third.headers.get('x-ratelimit-remaining'), first.headers.get('x-ratelimit-remaining'), 'the 304s were not counted');
    assert.equal(second.headers.get('content-type'), first.headers.get('content-type'));
    await http.get(`${repo}/pulls`);
    assert.equal(Number((await http.get(repo)).headers.get('x-ratelimit-remaining')), Number(first.headers.get('x-ratelimit-remaining')) - 1, 'a full answer is counted');
  });

  test('pages of a list are each revalidated', async () => {
    const read = () => http.list<unknown>(`${repo}/commits/${SHA}/check-runs`, 'github', { query: { per_page: 1 }, extract: (p) => (p as { check_runs: unknown[] }).check_runs });
    const cold = await read();
    forge.clearRequests();
    const warm = await read();
    assert.deepEqual(warm.items, cold.items);
    const pages = forge.requestsTo('GET', /\/check-runs$/);
    assert.ok(pages.length >= 2);
    for (const page of pages) assert.ok(page.headers['if-none-match'], `page ${page.query.page ?? 1} was conditional`);
  });

  test('a POST is never conditional, and another token does not see this client\'s cache', async () => {
    await http.get(repo);
    const other = new HttpClient({ apiBase: forge.apiBase, token: 'another-token-123', authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
    await other.get(repo).catch(() => undefined);
    await http.send('POST', `${repo}/statuses/${SHA}`, { body: { state: 'success', context: 'x' } });
    const byOther = forge.requests.filter((r) => r.headers.authorization === 'Bearer another-token-123');
    assert.ok(byOther.every((r) => r.headers['if-none-match'] === undefined));
    assert.equal(forge.requestsTo('POST', /\/statuses\//)[0].headers['if-none-match'], undefined);
  });

  test('a 304 to a request that carried no validator is a badResponse', async () => {
    forge.inject({ method: 'GET', path: `/api/v3${repo}` }, { status: 304, body: '' });
    await assert.rejects(http.get(repo), (e: Error & { kind?: string }) => e.kind === 'badResponse' && /304/.test(e.message));
  });
});

suite('conditional requests: the cache is bounded', () => {
  const headers = (etag: string) => ({ get: (name: string) => (name === 'etag' ? etag : null), forEach: () => undefined });

  test('past its entry bound the least recently used answer goes first', () => {
    const cache = new ResponseCache(2, 1_000_000);
    cache.remember('a', 1, headers('"a"'), 10);
    cache.remember('b', 2, headers('"b"'), 10);
    assert.ok(cache.answerNotModified('a', headers('')), 'reading a makes it recent');
    cache.remember('c', 3, headers('"c"'), 10);
    assert.deepEqual(['a', 'b', 'c'].map((u) => Object.keys(cache.validatorsFor(u)).length), [1, 0, 1]);
    assert.equal(cache.size, 2);
  });

  test('past its byte bound old answers go, and an answer too large to keep is not kept', () => {
    const cache = new ResponseCache(100, 100);
    cache.remember('a', 1, headers('"a"'), 20);
    cache.remember('b', 2, headers('"b"'), 20);
    cache.remember('huge', 3, headers('"h"'), 60);
    assert.equal(cache.size, 2);
    cache.remember('c', 4, headers('"c"'), 24);
    cache.remember('d', 5, headers('"d"'), 24);
    cache.remember('e', 6, headers('"e"'), 24);
    assert.ok(cache.size <= 4);
    assert.deepEqual(cache.validatorsFor('a'), {});
  });

  test('a validator that is no entity tag or HTTP date (a hostile forge\'s CR LF, a huge tag) is never sent back', () => {
    const cache = new ResponseCache();
    for (const bad of ['"a"\r\nX-Injected: 1', `"${'x'.repeat(300)}"`, 'no-quotes', 'W/"a" , "b"']) {
      cache.remember('u', 1, headers(bad), 10);
      assert.deepEqual(cache.validatorsFor('u'), {}, JSON.stringify(bad));
    }
    cache.remember('u', 1, { get: (n: string) => (n === 'last-modified' ? 'Tue, 01 Dec 2026 08:00:00 GMT\r\nX: y' : null), forEach: () => undefined }, 10);
    assert.deepEqual(cache.validatorsFor('u'), {});
    cache.remember('u', 1, { get: (n: string) => (n === 'last-modified' ? 'Tue, 01 Dec 2026 08:00:00 GMT' : null), forEach: () => undefined }, 10);
    assert.deepEqual(cache.validatorsFor('u'), { 'if-modified-since': 'Tue, 01 Dec 2026 08:00:00 GMT' });
  });

  test('an answer without a validator is not kept, and replaces a kept one', () => {
    const cache = new ResponseCache();
    cache.remember('a', 1, headers('"a"'), 10);
    cache.remember('a', 2, { get: () => null, forEach: () => undefined }, 10);
    assert.deepEqual(cache.validatorsFor('a'), {});
  });
});

suite('conditional requests: each fake forge answers as its real one does', () => {
  test('GitLab: a weak ETag, and a 304 for the exact tag (Rack::ConditionalGet)', async () => {
    const forge = await FakeForge.start({ kind: 'gitlab' });
    try {
      seedDemo(forge);
      const http = new HttpClient({ apiBase: forge.apiBase, token: DEMO_TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }) });
      const path = `/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`;
      await http.get(path);
      assert.equal((await http.get(path)).notModified, true);
      const [, second] = forge.requestsTo('GET', `/api/v4${path}`);
      assert.match(second.headers['if-none-match'] ?? '', /^W\/"[0-9a-f]{32}"$/);
      const strong = await fetch(`${forge.apiBase}${path}`, { headers: { 'private-token': DEMO_TOKEN, 'if-none-match': (second.headers['if-none-match'] ?? '').slice(2) } });
      assert.equal(strong.status, 200, 'GitLab compares If-None-Match byte for byte: no weak match');
    } finally {
      await forge.close();
    }
  });

  test('Gitee: a weak ETag, but never a 304: the client keeps reading full answers', async () => {
    const forge = await FakeForge.start({ kind: 'gitee' });
    try {
      seedDemo(forge);
      const http = new HttpClient({ apiBase: forge.apiBase, token: DEMO_TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
      const path = `/repos/${DEMO_PROJECT_PATH}`;
      const first = await http.get(path);
      const second = await http.get(path);
      assert.ok(first.headers.get('etag'));
      assert.equal(second.notModified, undefined);
      assert.deepEqual(second.data, first.data);
      assert.ok(forge.requestsTo('GET', `/api/v5${path}`)[1].headers['if-none-match'], 'the validator is still sent');
    } finally {
      await forge.close();
    }
  });
});
