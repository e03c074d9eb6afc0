// DESIGN.md §4, HTTP tier, the network side: resets, hangs, slow bodies, redirects that leave the API,
// hostile waits, and pagination links that leave the API or loop. Bodies and statuses: hardening-http.test.ts.
import { strict as assert } from 'node:assert';
import type { ForgeKind } from '../../src/core/model';
import { FakeForge } from '../fake-forge';
import { defineCases, HOUR, KINDS, TOKEN, type Case, type Ctx } from './hardening-http-harness';

const rawUser = (ctx: Ctx) => ctx.client().get('/user');
const list = (ctx: Ctx, maxPages?: number) => ctx.client().list(ctx.listPath, ctx.kind, { query: { per_page: 10 }, maxPages });
const retryAfter = (expected: number | undefined) => (e: unknown) => assert.equal((e as { retryAfterMs?: number }).retryAfterMs, expected);
const warned = (pattern: RegExp) => (_: unknown, c: Ctx) => assert.ok(c.lines.some((l) => l.startsWith('warn ') && pattern.test(l)), c.lines.join('\n'));

const network: Case[] = KINDS.flatMap((forge): Case[] => [
  { name: 'a connection reset, every time', forge, setup: (c) => c.inject('/user', { reset: true }), run: rawUser, kind: 'network', check: (_, c) => assert.equal(c.forge.requests.length, 3) },
  { name: 'a forge that hangs past the timeout', forge, setup: (c) => c.inject('/user', { hang: true }), run: (c) => c.impatient().get('/user'), kind: 'timeout' },
  { name: 'headers arrive, the body trickles past the timeout', forge, setup: (c) => c.inject('/user', { slowBody: true }), run: (c) => c.impatient().get('/user'), kind: 'timeout' },
]);

let elsewhere: FakeForge | undefined;
const redirects: Case[] = [
  {
    name: 'a redirect to another origin: the token is not sent there',
    forge: 'gitlab',
    setup: async (c) => {
      elsewhere ??= await FakeForge.start({ kind: 'gitlab' });
      elsewhere.clearRequests();
      c.inject('/user', { redirectTo: `${elsewhere.apiBase}/user` });
    },
    run: rawUser,
    kind: 'unauthorized',
    check: (_, c) => {
      assert.equal(elsewhere!.requests.length, 1);
      assert.equal(elsewhere!.requests[0].headers['private-token'], undefined);
      warned(/leaves the API/)(_, c);
    },
  },
  {
    name: 'a redirect to the same origin outside the API root gets no token',
    forge: 'gitee',
    setup: (c) => c.inject('/user', { redirectTo: '/oauth/authorize?client_id=x' }),
    run: rawUser,
    kind: 'notFound',
    check: (_, c) => assert.equal(c.forge.requests.at(-1)!.headers.authorization, undefined),
  },
  { name: 'a redirect to a file: URL is refused', forge: 'gitee', setup: (c) => c.inject('/user', { redirectTo: 'file:///etc/passwd' }), run: rawUser, kind: 'badResponse' },
  { name: 'a redirect to a javascript: URL is refused', forge: 'github', setup: (c) => c.inject('/user', { redirectTo: 'javascript:alert(1)' }), run: rawUser, kind: 'badResponse' },
  { name: 'an unreadable redirect location', forge: 'github', setup: (c) => c.inject('/user', { redirectTo: 'http://[::1' }), run: rawUser, kind: 'badResponse' },
  { name: 'a redirect loop', forge: 'gitlab', setup: (c) => c.inject('/user', { redirectTo: '/api/v4/user' }), run: rawUser, kind: 'badResponse', check: (e) => assert.match(String((e as Error).message), /redirects/) },
  {
    name: 'a redirect inside the API to a path holding the token: the error names the path, redacted',
    forge: 'gitlab',
    setup: (c) => {
      c.inject('/projects', { redirectTo: `/api/v4/echo/${TOKEN}` });
      c.inject(`/echo/${TOKEN}`, { body: { not: 'a list' } });
    },
    run: (c) => list(c),
    kind: 'badResponse',
    check: (e) => assert.match(String((e as Error).message), /echo\/\*\*\*/),
  },
];

const TEN_YEARS = String(Math.floor(Date.now() / 1000) + 10 * 365 * 86_400);
const waitCase = (forge: ForgeKind, name: string, headers: Record<string, string>, expected: number | undefined, status = 429): Case => ({
  name: `a wait of ${name}`,
  forge,
  setup: (c) => c.inject('/user', { status, body: status === 429 ? 'Retry later' : { message: 'API rate limit exceeded' }, headers }),
  run: rawUser,
  kind: 'rateLimited',
  check: retryAfter(expected),
});
const waits: Case[] = [
  waitCase('gitlab', 'Retry-After: 2592000', { 'Retry-After': '2592000' }, HOUR),
  waitCase('gitee', 'Retry-After: 1e400', { 'Retry-After': '1e400' }, undefined),
  waitCase('gitee', 'Retry-After: -5', { 'Retry-After': '-5' }, undefined),
  waitCase('gitlab', 'Retry-After: NaN', { 'Retry-After': 'NaN' }, undefined),
  waitCase('gitee', 'Retry-After: Infinity', { 'Retry-After': 'Infinity' }, undefined),
  waitCase('github', 'Retry-After: a far-future HTTP date', { 'Retry-After': 'Sun, 22 Nov 2126 10:00:30 GMT' }, HOUR),
  waitCase('gitlab', 'RateLimit-Reset: a Unix time 10 years ahead', { 'RateLimit-Reset': TEN_YEARS }, HOUR),
  waitCase('gitlab', 'RateLimit-Reset: 99999999999999999999', { 'RateLimit-Reset': '99999999999999999999' }, HOUR),
  waitCase('github', 'x-ratelimit-reset 10 years ahead on a 403', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': TEN_YEARS }, HOUR, 403),
];

const link = (url: string) => ({ headers: { link: `<${url}>; rel="next"` } });
const links: Case[] = [
  {
    name: 'a next link to another origin: not followed, flagged, the query never logged',
    forge: 'gitlab',
    setup: (c) => c.inject(c.listPath, link('https://evil.example/api/v4/projects?page=2&private_token=stolen')),
    run: (c) => list(c),
    cut: 'leftApi',
    check: (_, c) => {
      warned(/https:\/\/evil\.example/)(_, c);
      for (const l of c.lines) assert.ok(!l.includes('stolen'), l);
      assert.equal(c.forge.requests.length, 1);
    },
  },
  { name: 'a next link outside the API path', forge: 'gitlab', setup: (c) => c.inject(c.listPath, link('/uploads/x?page=2')), run: (c) => list(c), cut: 'leftApi' },
  { name: 'a next link to a look-alike host', forge: 'github', setup: (c) => c.inject(c.listPath, link(`https://127.0.0.1.evil.test:${c.forge.port}/api/v3/user/repos?page=2`)), run: (c) => list(c), cut: 'leftApi' },
  { name: 'a next link to another scheme', forge: 'github', setup: (c) => c.inject(c.listPath, link(`https://127.0.0.1:${c.forge.port}/api/v3/user/repos?page=2`)), run: (c) => list(c), cut: 'leftApi' },
  { name: 'a next link back to page 1 (a loop)', forge: 'github', setup: (c) => c.inject(c.listPath, link(`${c.forge.apiBase}/user/repos?page=1&per_page=10`)), run: (c) => list(c), cut: 'loop', check: warned(/loop/) },
  { name: 'an x-next-page that stays put (a loop)', forge: 'gitlab', setup: (c) => c.inject(c.listPath, { headers: { link: '', 'x-next-page': '2' } }), run: (c) => list(c), cut: 'loop' },
  { name: 'a total_page of a million stops at the page cap', forge: 'gitee', setup: (c) => c.inject(c.listPath, { body: [{ id: 1 }], headers: { total_page: '1000000' } }), run: (c) => list(c, 5), cut: 'pageCap', check: (_, c) => assert.equal(c.forge.requests.length, 5) },
  {
    name: 'a first page redirected outside the API: the computed page 2 is not fetched',
    forge: 'gitee',
    setup: (c) => {
      c.inject(c.listPath, { redirectTo: '/elsewhere/repos' });
      c.forge.inject({ path: '/elsewhere/repos' }, { body: [{ id: 1 }], headers: { total_page: '3' } });
    },
    run: (c) => list(c),
    cut: 'leftApi',
  },
  { name: 'a complete list is not flagged', forge: 'gitee', run: (c) => list(c), cut: undefined, check: (v) => assert.equal((v as { items: unknown[] }).items.length, 25) },
];

suite('hardening (http): network, redirects, waits and links on all three forges', () => {
  suiteTeardown(() => elsewhere?.close());
  defineCases([...network, ...redirects, ...waits, ...links]);
});
