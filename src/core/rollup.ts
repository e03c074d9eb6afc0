import type { Check } from './model';
import { STATE_TABLE, worseState, type CheckState } from './states';

export interface Rollup {
  readonly state: CheckState;
  readonly passed: number;
  readonly total: number;
}

/**
 * The worst state among the checks wins. A gate with no checks yet is `pending`, never `passed`:
 * an empty list usually means the checks have not been reported, not that they succeeded.
 * `skipped` and `neutral` count as passing for the passed/total figure, since they do not block a merge.
 */
export function rollup(states: readonly CheckState[]): Rollup {
  if (states.length === 0) return { state: 'pending', passed: 0, total: 0 };
  let state: CheckState = states[0];
  let passed = 0;
  for (const s of states) {
    state = worseState(state, s);
    if (STATE_TABLE[s].rank <= STATE_TABLE.neutral.rank) passed++;
  }
  return { state, passed, total: states.length };
}

/** A check that failed but is allowed to (a GitLab job with allow_failure) warns; it never blocks. */
export function blocksAsFailed(check: Check): boolean {
  return check.state === 'failed' && !check.allowFailure;
}

/** As GitLab shows "passed with warnings": an allowed failure counts as neutral, never as failed. */
export function rollupChecks(checks: readonly Check[]): Rollup {
  return rollup(checks.map((c) => (c.state === 'failed' && c.allowFailure ? 'neutral' : c.state)));
}
