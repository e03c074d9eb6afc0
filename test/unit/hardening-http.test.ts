// DESIGN.md §4 "bad input from a forge", HTTP tier: malformed bodies and every error status, in each
// forge's own shapes, become a typed ForgeError with a clear sentence, never a crash, never the token.
// Network faults, redirects, waits and pagination: hardening-http-network.test.ts.
import { strict as assert } from 'node:assert';
import type { ForgeErrorKind } from '../../src/core/model';
import type { ForgeKind } from '../../src/core/model';
import type { Fault } from '../fake-forge';
import { defineCases, HOUR, KINDS, TOKEN, type Case, type Ctx } from './hardening-http-harness';

const user = (ctx: Ctx) => ctx.adapter().getCurrentUser();
const rawUser = (ctx: Ctx) => ctx.client().get('/user');
const list = (ctx: Ctx) => ctx.client().list(ctx.listPath, ctx.kind, { query: { per_page: 10 } });
const detailMatches = (pattern: RegExp) => (e: unknown) => assert.match((e as { detail?: string }).detail ?? '', pattern);

const bodies: Case[] = KINDS.flatMap((forge): Case[] => [
  { name: 'an HTML sign-in page with 200', forge, setup: (c) => c.inject('/user', { malformed: 'html' }), run: user, kind: 'badResponse', check: detailMatches(/HTML/) },
  { name: 'an HTML error page with 502', forge, setup: (c) => c.inject('/user', { malformed: 'html', status: 502 }), run: rawUser, kind: 'server', check: detailMatches(/502.*HTML/) },
  { name: 'truncated JSON', forge, setup: (c) => c.inject('/user', { malformed: 'truncated' }), run: user, kind: 'badResponse', check: detailMatches(/cut short/) },
  { name: 'a string where an object is expected', forge, setup: (c) => c.inject('/user', { malformed: 'wrongType' }), run: user, kind: 'badResponse', check: detailMatches(/expected/) },
  { name: 'an empty 200 body where an object is expected', forge, setup: (c) => c.inject('/user', { malformed: 'empty' }), run: user, kind: 'badResponse' },
  { name: 'a huge body (over the size limit)', forge, setup: (c) => c.inject('/user', { malformed: 'huge' }), run: rawUser, kind: 'badResponse', check: detailMatches(/too large/) },
  { name: 'an object where a list is expected', forge, setup: (c) => c.inject(c.listPath, { malformed: 'wrongType' }), run: list, kind: 'badResponse', check: detailMatches(/expected a list/) },
]);

const json = (text: string): Fault => ({ body: text, headers: { 'content-type': 'application/json' } });
const odd: Case[] = [
  { name: 'a number where an object is expected', forge: 'gitlab', setup: (c) => c.inject('/user', json('42')), run: user, kind: 'badResponse' },
  { name: 'null where an object is expected', forge: 'gitee', setup: (c) => c.inject('/user', json('null')), run: user, kind: 'badResponse' },
  { name: 'null where a list is expected', forge: 'github', setup: (c) => c.inject(c.listPath, json('null')), run: list, kind: 'badResponse' },
  { name: 'a string where a list is expected', forge: 'gitlab', setup: (c) => c.inject(c.listPath, json('"nope"')), run: list, kind: 'badResponse' },
  { name: 'JSON with a byte-order mark and garbage', forge: 'gitee', setup: (c) => c.inject('/user', json('\ufeff{"login":')), run: user, kind: 'badResponse' },
  { name: 'a huge error body', forge: 'github', setup: (c) => c.inject('/user', { malformed: 'huge', status: 500 }), run: (c) => c.client({ maxRetries: 0 }).get('/user'), kind: 'badResponse' },
];

/** Each forge's own error bodies, per status (notes/forge-api-facts.md, samples/*error*). */
const docs = 'https://docs.github.com/rest';
const STATUS_BODIES: Record<ForgeKind, Record<number, Fault>> = {
  gitlab: {
    400: { body: { message: { title: ["can't be blank"], target_branch: ['is invalid'] } } },
    401: { body: { message: '401 Unauthorized' } },
    403: { body: { message: '403 Forbidden - Job is not retryable' } },
    404: { body: { message: '404 Project Not Found' } },
    409: { body: { message: ['Another open merge request already exists for this source branch: !7'] } },
    422: { body: { message: 'Failed to retry rule' } },
    429: { body: 'Retry later', headers: { 'Retry-After': '60', 'RateLimit-Reset': '1700000000' } },
    500: { body: { message: '500 Internal Server Error' } },
    502: { malformed: 'html' },
    503: { body: { message: '503 Service Unavailable' } },
  },
  gitee: {
    400: { body: { message: '标题不能为空 (title is required)' } },
    401: { body: { message: '401 Unauthorized: Access token does not exist' } },
    403: { body: { message: '403 Forbidden: 没有权限' } },
    404: { body: { message: '404 Project Not Found' } },
    409: { body: { message: 'Pull Request already exists' } },
    422: { body: { message: 'Validation Failed' } },
    429: { body: { message: '请求过于频繁 (too many requests)' } },
    500: { body: { message: '500 Internal Server Error' } },
    502: { body: '<html><head><title>502 Bad Gateway</title></head><body>Tengine</body></html>', headers: { 'content-type': 'text/html' } },
    503: { body: 'Service Temporarily Unavailable' },
  },
  github: {
    400: { body: { message: 'Problems parsing JSON', documentation_url: docs, status: '400' } },
    401: { body: { message: 'Bad credentials', documentation_url: docs, status: '401' } },
    403: { body: { message: 'Resource not accessible by personal access token', documentation_url: docs, status: '403' } },
    404: { body: { message: 'Not Found', documentation_url: docs, status: '404' } },
    409: { body: { message: 'Git Repository is empty.', documentation_url: docs, status: '409' } },
    422: { body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }], documentation_url: docs, status: '422' } },
    429: { body: { message: 'You have exceeded a secondary rate limit.', documentation_url: docs }, headers: { 'retry-after': '60' } },
    500: { body: { message: 'Server Error' } },
    502: { body: { message: 'Server Error' } },
    503: { body: { message: 'Service Unavailable', documentation_url: docs, status: '503' } },
  },
};
const KIND_OF: Record<number, ForgeErrorKind> = {
  400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'notFound', 409: 'conflict', 422: 'unprocessable', 429: 'rateLimited', 500: 'server', 502: 'server', 503: 'server',
};
const WORDS: Record<ForgeKind, Record<number, RegExp>> = {
  gitlab: { 400: /title: can't be blank/, 409: /^Another open merge request/, 429: /Retry later/, 502: /HTML/ },
  gitee: { 400: /标题不能为空/, 429: /too many requests/, 502: /HTML/, 503: /Service Temporarily Unavailable/ },
  github: { 422: /Validation Failed; resource: PullRequest, field: head, code: invalid/, 429: /secondary rate limit/ },
};

const statuses: Case[] = KINDS.flatMap((forge) =>
  Object.entries(STATUS_BODIES[forge]).map(([code, fault]): Case => {
    const status = Number(code);
    const words = WORDS[forge][status];
    return {
      name: `${status} with the forge's own error body`,
      forge,
      setup: (c) => c.inject('/user', { status, ...fault }),
      run: rawUser,
      kind: KIND_OF[status],
      check: (e) => {
        const error = e as { status?: number; detail?: string; retryAfterMs?: number };
        assert.equal(error.status, status);
        if (words) assert.match(error.detail ?? '', words);
        if (status === 429 && forge !== 'gitee') assert.equal(error.retryAfterMs, 60_000);
      },
    };
  }),
);

const rateLimits: Case[] = [
  {
    name: '403 with x-ratelimit-remaining: 0 is rateLimited, with the reset as the wait',
    forge: 'github',
    setup: (c) => c.inject('/user', {
      status: 403,
      body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: docs },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120) },
    }),
    run: rawUser,
    kind: 'rateLimited',
    check: (e) => {
      const wait = (e as { retryAfterMs?: number }).retryAfterMs ?? -1;
      assert.ok(wait > 0 && wait <= 121_000, String(wait));
    },
  },
  {
    name: '429 "Retry later" with a 30-day Retry-After carries an hour, asked once',
    forge: 'gitlab',
    setup: (c) => c.inject('/user', { status: 429, body: 'Retry later', headers: { 'Retry-After': '2592000' } }),
    run: rawUser,
    kind: 'rateLimited',
    check: (e, c) => {
      assert.equal((e as { retryAfterMs?: number }).retryAfterMs, HOUR);
      assert.equal(c.forge.requests.length, 1);
    },
  },
];

const echoes: Case[] = KINDS.flatMap((forge): Case[] => [
  { name: 'a 401 JSON body echoing the token', forge, setup: (c) => c.inject('/user', { status: 401, body: { message: `token ${TOKEN} is invalid` } }), run: user, kind: 'unauthorized', check: detailMatches(/token \*\*\* is invalid/) },
  { name: 'a 500 plain-text body echoing the token', forge, setup: (c) => c.inject('/user', { status: 500, body: `upstream said: bad token ${TOKEN}` }), run: rawUser, kind: 'server', check: detailMatches(/\*\*\*/) },
]);

suite('hardening (http): bodies and statuses from all three forges', () => {
  defineCases([...bodies, ...odd, ...statuses, ...rateLimits, ...echoes]);
});
