import type { Check } from './model';
import { STATE_TABLE, worseState, type CheckState } from './states';

export interface Rollup {
  readonly state: CheckState;
  readonly passed: number;
  readonly total: number;
  /** Failures that do not block: allowed to fail, or optional by the forge's rules ("passed with warnings"). */
  readonly warnings?: number;
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

/** A failure the merge does not wait for: allowed to fail (a GitLab job's allow_failure), or optional. */
export function failsWithoutBlocking(check: Check): boolean {
  return check.state === 'failed' && (check.allowFailure === true || check.required === false);
}

/** A failed check blocks unless it is allowed to fail or optional; one of unknown requirement blocks. */
export function blocksAsFailed(check: Check): boolean {
  return check.state === 'failed' && !failsWithoutBlocking(check);
}

/** As GitLab shows "passed with warnings": a failure that does not block counts as neutral, never as failed. */
export function rollupChecks(checks: readonly Check[]): Rollup {
  const warnings = checks.filter(failsWithoutBlocking).length;
  const summary = rollup(checks.map((c) => (failsWithoutBlocking(c) ? 'neutral' : c.state)));
  return warnings ? { ...summary, warnings } : summary;
}
