// The rate-limit budget (issue 9): read from GitHub's and GitLab's headers; below 20 % remaining the
// poll is stretched so that what is left lasts until the reset, never past an hour.
import { strict as assert } from 'node:assert';
import { HttpClient } from '../../src/forges/http';
import { budgetedIntervalMs, readRateBudget } from '../../src/forges/rateBudget';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });
const NOW = Date.UTC(2026, 11, 1, 8, 0, 0);

suite('rate-limit budget', () => {
  test('GitHub x-ratelimit-* and GitLab RateLimit-* are read; Gitee (none) and junk give nothing', () => {
    assert.deepEqual(readRateBudget(headers({ 'x-ratelimit-remaining': '4990', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': '1764576000' })), { remaining: 4990, limit: 5000, resetAt: 1764576000000 });
    assert.deepEqual(readRateBudget(headers({ 'ratelimit-remaining': '590', 'ratelimit-limit': '600', 'ratelimit-reset': '1764576060' })), { remaining: 590, limit: 600, resetAt: 1764576060000 });
    assert.equal(readRateBudget(headers({})), undefined);
    assert.equal(readRateBudget(headers({ 'x-ratelimit-remaining': '-1', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': '1' })), undefined);
    assert.equal(readRateBudget(headers({ 'x-ratelimit-remaining': '10', 'x-ratelimit-limit': '0', 'x-ratelimit-reset': '1' })), undefined);
  });

  test('at 20 % or more the configured interval stays', () => {
    const budget = { remaining: 1000, limit: 5000, resetAt: NOW + 3_600_000 };
    assert.deepEqual(budgetedIntervalMs(budget, 5, 30_000, NOW), { intervalMs: 30_000, stretched: false });
    assert.deepEqual(budgetedIntervalMs(undefined, 5, 30_000, NOW), { intervalMs: 30_000, stretched: false });
  });

  test('below 20 % the rest is spread until the reset', () => {
    // 100 left at 10 a poll: 10 polls over 40 minutes, one every 4 minutes.
    const budget = { remaining: 100, limit: 5000, resetAt: NOW + 40 * 60_000 };
    assert.deepEqual(budgetedIntervalMs(budget, 10, 30_000, NOW), { intervalMs: 4 * 60_000, stretched: true });
  });

  test('an empty budget waits for the reset, never past an hour; a past reset changes nothing', () => {
    assert.equal(budgetedIntervalMs({ remaining: 0, limit: 5000, resetAt: NOW + 20 * 60_000 }, 10, 30_000, NOW).intervalMs, 20 * 60_000);
    assert.equal(budgetedIntervalMs({ remaining: 0, limit: 5000, resetAt: NOW + 9 * 3_600_000 }, 10, 30_000, NOW).intervalMs, 3_600_000);
    assert.deepEqual(budgetedIntervalMs({ remaining: 1, limit: 5000, resetAt: NOW - 1 }, 10, 30_000, NOW), { intervalMs: 30_000, stretched: false });
  });

  test('the client keeps the last budget and counts what the forge counts: GitHub\'s 304s are free', async () => {
    const forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    try {
      seedDemo(forge);
      const http = new HttpClient({ apiBase: forge.apiBase, token: DEMO_TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }), freeNotModified: true });
      await http.get(`/repos/${DEMO_PROJECT_PATH}`);
      await http.get(`/repos/${DEMO_PROJECT_PATH}`);
      const status = http.rateStatus();
      assert.equal(status.counted, 1, 'the 304 was not counted');
      assert.equal(status.budget?.limit, 5000);
      assert.ok((status.budget?.remaining ?? 0) > 0);
    } finally {
      await forge.close();
    }
  });
});
