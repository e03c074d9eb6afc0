// Pagination against a hostile forge: a next link that leaves the API root, or loops, is not followed;
// the list comes back with what was read and says why it may be incomplete.
import { strict as assert } from 'node:assert';
import { HttpClient } from '../../src/forges/http';
import type { LogSink } from '../../src/forges/log';
import { FakeForge } from '../fake-forge';

const TOKEN = 'list-token-0123456789';

function memoryLog(): { sink: LogSink; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { sink: { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') }, lines };
}

suite('http.list: links that leave the API, loops and the page cap', () => {
  let forge: FakeForge;
  let client: HttpClient;
  let lines: string[];

  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    forge.addUser({ username: 'ada', token: TOKEN });
    for (let i = 0; i < 45; i++) forge.addProject({ path: `many/p${String(i).padStart(2, '0')}`, members: ['ada'] });
  });
  suiteTeardown(() => forge.close());
  setup(() => {
    forge.clearFaults();
    forge.clearRequests();
    const log = memoryLog();
    lines = log.lines;
    client = new HttpClient({ apiBase: forge.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), backoffMs: 1, log: log.sink });
  });

  const nextLink = (url: string) => ({ headers: { link: `<${url}>; rel="next"` } });
  const warnings = () => lines.filter((l) => l.startsWith('warn '));

  test('a whole list has no cut, and page 1 is handed back with its headers', async () => {
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.items.length, 45);
    assert.equal(result.cut, undefined);
    assert.equal(result.firstPage.headers.get('x-total-pages'), '3');
    assert.equal(result.firstPage.status, 200);
  });

  test('a next link to another origin is not followed: leftApi, and the warning names the origin, never the query', async () => {
    forge.inject({ path: '/api/v4/projects', times: 1 }, nextLink('https://evil.example:8443/api/v4/projects?page=2&private_token=stolen-secret'));
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.items.length, 20);
    assert.equal(result.cut, 'leftApi');
    assert.equal(forge.requests.length, 1);
    assert.ok(warnings().some((l) => l.includes('https://evil.example:8443')), lines.join('\n'));
    for (const line of lines) assert.ok(!line.includes('stolen-secret') && !line.includes('private_token'), line);
  });

  test('paginate() keeps its shape for existing callers and returns what it has instead of following', async () => {
    forge.inject({ path: '/api/v4/projects', times: 1 }, nextLink('https://evil.example/api/v4/projects?page=2'));
    const items = await client.paginate<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(items.length, 20);
  });

  test('another scheme on the same host is another origin', async () => {
    forge.inject({ path: '/api/v4/projects', times: 1 }, nextLink(`${forge.apiBase.replace('http:', 'https:')}/projects?page=2`));
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.cut, 'leftApi');
    assert.equal(forge.requests.length, 1);
  });

  test('the same origin but a path outside the API root is not followed (dot segments included)', async () => {
    for (const link of [`${forge.origin}/admin/users?page=2`, '/api/v4/../../admin?page=2', `${forge.origin}/api/v4x/projects?page=2`]) {
      forge.clearRequests();
      forge.inject({ path: '/api/v4/projects', times: 1 }, nextLink(link));
      const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
      assert.equal(result.cut, 'leftApi', link);
      assert.equal(forge.requests.length, 1, link);
    }
  });

  test('a next link back to a page already read is a loop: stopped after one pass', async () => {
    forge.inject({ path: '/api/v4/projects' }, nextLink(`${forge.apiBase}/projects?per_page=20&page=1`));
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.cut, 'loop');
    assert.equal(result.items.length, 20);
    assert.equal(forge.requests.length, 1);
    assert.ok(warnings().some((l) => /loop/i.test(l)), lines.join('\n'));
  });

  test('an x-next-page that never moves on is a loop too', async () => {
    forge.inject({ path: '/api/v4/projects' }, { headers: { link: '', 'x-next-page': '2' } });
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.cut, 'loop');
    // Page 1 names the last page, so the rest are read together; then the stuck x-next-page is a loop.
    const pages = forge.requests.map((r) => r.query.page ?? '1');
    assert.deepEqual([...new Set(pages)].length, pages.length, `no page read twice: ${pages.join(', ')}`);
  });

  test('when page 1 says how many pages there are, the others are read together, in order', async () => {
    for (let i = 0; i < 75; i++) forge.addProject({ path: `bulk/p${String(i).padStart(2, '0')}`, visibility: 'public' });
    const result = await client.list<{ id: number }>('/projects', 'gitlab', { query: { per_page: 20 } });
    const total = forge.state.projects.size;
    assert.equal(result.items.length, total);
    const ids = result.items.map((p) => p.id);
    assert.ok(ids.every((id, i) => i === 0 || id < ids[i - 1]), 'the pages in the forge\'s order (newest first)');
    assert.equal(forge.requests.length, Math.ceil(total / 20), 'each page once');
    assert.deepEqual(forge.requests.map((r) => r.query.page ?? '1').sort(), Array.from({ length: Math.ceil(total / 20) }, (_, i) => String(i + 1)).sort());
  });

  test('the page cap cuts the list and says so', async () => {
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 }, maxPages: 2 });
    assert.equal(result.items.length, 40);
    assert.equal(result.cut, 'pageCap');
    assert.equal(forge.requests.length, 2);
    assert.ok(warnings().some((l) => /2 pages/.test(l)), lines.join('\n'));
  });

  test('an unreadable next link stops the list instead of throwing a TypeError', async () => {
    forge.inject({ path: '/api/v4/projects', times: 1 }, { headers: { link: '<http://[::1>; rel="next"' } });
    const result = await client.list<unknown>('/projects', 'gitlab', { query: { per_page: 20 } });
    assert.equal(result.items.length, 20);
    assert.equal(result.cut, 'leftApi');
  });
});
