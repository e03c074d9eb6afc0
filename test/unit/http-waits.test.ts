// DESIGN.md §4: every wait a forge asks for is finite, at least 0 and at most an hour, and no timer is
// ever set past 2^31-1 ms (Node fires such a timer at once, which turned a 30-day Retry-After into a loop).
import { strict as assert } from 'node:assert';
import { ForgeError } from '../../src/forges/errors';
import { HttpClient, retryAfterMs } from '../../src/forges/http';
import type { LogSink } from '../../src/forges/log';
import { clampWaitMs, MAX_WAIT_MS, pollIntervalMs } from '../../src/forges/waits';
import { FakeForge } from '../fake-forge';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const TEN_YEARS_S = 10 * 365 * 86_400;
const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });

suite('waits: Retry-After and RateLimit-Reset are bounded', () => {
  const cases: [string, Record<string, string>, number | undefined][] = [
    ['Retry-After: 2592000 (30 days)', { 'retry-after': '2592000' }, HOUR],
    ['Retry-After: 400 nines', { 'retry-after': '9'.repeat(400) }, HOUR],
    ['Retry-After: 1e400', { 'retry-after': '1e400' }, undefined],
    ['Retry-After: -5', { 'retry-after': '-5' }, undefined],
    ['Retry-After: NaN', { 'retry-after': 'NaN' }, undefined],
    ['Retry-After: Infinity', { 'retry-after': 'Infinity' }, undefined],
    ['Retry-After: a far-future HTTP date', { 'retry-after': 'Sun, 22 Nov 2126 10:00:30 GMT' }, HOUR],
    ['Retry-After: a past HTTP date', { 'retry-after': 'Sun, 22 Nov 2020 10:00:30 GMT' }, 0],
    ['Retry-After: 30 seconds', { 'retry-after': '30' }, 30_000],
    ['RateLimit-Reset: a Unix time 10 years ahead', { 'ratelimit-reset': String(NOW / 1000 + TEN_YEARS_S) }, HOUR],
    ['x-ratelimit-reset: a Unix time 10 years ahead', { 'x-ratelimit-reset': String(NOW / 1000 + TEN_YEARS_S) }, HOUR],
    ['RateLimit-Reset: 99999999999999999999', { 'ratelimit-reset': '99999999999999999999' }, HOUR],
    ['RateLimit-Reset: 45 delta seconds', { 'ratelimit-reset': '45' }, 45_000],
    ['RateLimit-Reset: -5', { 'ratelimit-reset': '-5' }, undefined],
  ];
  for (const [name, h, expected] of cases) {
    test(name, () => {
      const wait = retryAfterMs(headers(h), NOW);
      assert.equal(wait, expected);
      if (wait !== undefined) assert.ok(Number.isFinite(wait) && wait >= 0 && wait <= HOUR, String(wait));
    });
  }

  test('clampWaitMs: finite, at least 0, at most an hour, and always a safe timer value', () => {
    assert.equal(MAX_WAIT_MS, HOUR);
    const cases: [number, number][] = [[2_592_000_000, HOUR], [Infinity, HOUR], [-5, 0], [NaN, 0], [-Infinity, 0], [1500, 1500], [0, 0]];
    for (const [input, expected] of cases) assert.equal(clampWaitMs(input), expected, String(input));
    assert.ok(MAX_WAIT_MS <= 2 ** 31 - 1);
  });

  test("GitLab's Poll-Interval (ms) is read the same way", () => {
    const cases: [string | null, number | undefined][] = [
      ['10000', 10_000], ['2592000000', HOUR], ['9'.repeat(400), HOUR], ['1e400', undefined], ['-1', undefined], ['NaN', undefined],
      ['Infinity', undefined], ['0', undefined], ['', undefined], [null, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(pollIntervalMs(input), expected, String(input));
  });

  test('a ForgeError never carries an unbounded wait, whoever built it', () => {
    assert.equal(new ForgeError('rateLimited', undefined, 429, 2_592_000_000).retryAfterMs, HOUR);
    assert.equal(new ForgeError('rateLimited', undefined, 429, Infinity).retryAfterMs, HOUR);
    assert.equal(new ForgeError('rateLimited', undefined, 429, -5).retryAfterMs, 0);
    assert.equal(new ForgeError('rateLimited', undefined, 429, NaN).retryAfterMs, undefined);
    assert.equal(new ForgeError('rateLimited', undefined, 429).retryAfterMs, undefined);
  });
});

/** A log sink that resolves `retry` with the first "retrying in N ms" line. */
function retryLog(): { sink: LogSink; retryMs: Promise<number> } {
  let found: (ms: number) => void = () => undefined;
  const retryMs = new Promise<number>((resolve) => (found = resolve));
  const line = (m: string) => {
    const match = /retrying in (\S+) ms/.exec(m);
    if (match) found(Number(match[1]));
  };
  return { sink: { debug: line, info: line, warn: line, error: line }, retryMs };
}

suite('waits: the HTTP client never sets a timer past an hour', () => {
  let forge: FakeForge;
  const TOKEN = 'waits-token-0123456789';
  suiteSetup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    forge.addUser({ username: 'ada', token: TOKEN });
  });
  suiteTeardown(() => forge.close());
  setup(() => {
    forge.clearFaults();
    forge.clearRequests();
  });
  const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
    new HttpClient({ apiBase: forge.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), backoffMs: 1, ...extra });

  test('a 30-day Retry-After reaches the caller as one hour, and is not waited out in place', async () => {
    forge.inject({ path: '/api/v4/user' }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '2592000' } });
    await assert.rejects(client().get('/user'), (e: ForgeError) => e.kind === 'rateLimited' && e.retryAfterMs === HOUR);
    assert.equal(forge.requests.length, 1);
  });

  test('a caller allowing long in-place waits still waits at most an hour, not "at once"', async () => {
    forge.inject({ path: '/api/v4/user' }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '2592000' } });
    const { sink, retryMs } = retryLog();
    const controller = new AbortController();
    const pending = client({ maxRetryWaitMs: Infinity, log: sink }).get('/user', { signal: controller.signal });
    const ms = await retryMs;
    controller.abort();
    await assert.rejects(pending, (e: ForgeError) => e.kind === 'canceled' || e.kind === 'rateLimited');
    assert.ok(ms > 0 && ms <= HOUR, `retry timer of ${ms} ms`);
  });

  test('exponential backoff is capped at an hour too', async () => {
    forge.inject({ path: '/api/v4/user' }, { status: 503 });
    const { sink, retryMs } = retryLog();
    const controller = new AbortController();
    const pending = client({ backoffMs: 2 ** 32, maxRetries: 60, log: sink }).get('/user', { signal: controller.signal });
    const ms = await retryMs;
    controller.abort();
    await assert.rejects(pending, (e: ForgeError) => e.kind === 'canceled' || e.kind === 'server');
    assert.ok(ms > 0 && ms <= HOUR, `retry timer of ${ms} ms`);
  });
});
