// A forge's rate-limit budget, read from its answers (GitHub x-ratelimit-*, GitLab RateLimit-*), and
// how far to stretch the poll when it runs low: below 20 % remaining, so that what is left lasts
// until the reset. Gitee sends no such headers; self-managed GitLab only when a throttle is on.
import { clampWaitMs } from './waits';

export interface RateBudget {
  readonly remaining: number;
  readonly limit: number;
  /** When the budget is whole again, epoch ms. */
  readonly resetAt: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

const LOW_SHARE = 0.2;

function whole(value: string | null): number | undefined {
  const text = value?.trim();
  return text && /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

export function readRateBudget(headers: HeaderSource): RateBudget | undefined {
  for (const prefix of ['x-ratelimit-', 'ratelimit-']) {
    const remaining = whole(headers.get(`${prefix}remaining`));
    const limit = whole(headers.get(`${prefix}limit`));
    const reset = whole(headers.get(`${prefix}reset`));
    if (remaining !== undefined && limit !== undefined && limit > 0 && reset !== undefined) {
      return { remaining: Math.min(remaining, limit), limit, resetAt: reset * 1000 };
    }
  }
  return undefined;
}

/**
 * The poll interval the budget allows: `intervalMs` while at least 20 % is left; below that, the
 * time to the reset spread over the polls that are left (each costing `requestsPerPoll`), at most
 * an hour. `stretched` says whether the budget made it longer.
 */
export function budgetedIntervalMs(budget: RateBudget | undefined, requestsPerPoll: number, intervalMs: number, now = Date.now()): { intervalMs: number; stretched: boolean } {
  if (!budget || budget.remaining >= budget.limit * LOW_SHARE || budget.resetAt <= now) return { intervalMs, stretched: false };
  const pollsLeft = Math.floor(budget.remaining / Math.max(1, requestsPerPoll));
  const spread = pollsLeft <= 0 ? budget.resetAt - now : (budget.resetAt - now) / pollsLeft;
  const stretchedMs = clampWaitMs(Math.max(intervalMs, spread));
  return { intervalMs: stretchedMs, stretched: stretchedMs > intervalMs };
}
