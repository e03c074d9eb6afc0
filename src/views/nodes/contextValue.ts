// The one builder of contextValue: space-separated flags, the node's kind first, matched in package.json
// with anchored regexes such as `viewItem =~ /(^| )retryable( |$)/`.
import type { Check } from '../../core/model';

/** `contextValue('check', 'job', 'failed', 'retryable')` is `check job failed retryable`; empty flags are left out. */
export function contextValue(...flags: readonly (string | false | undefined)[]): string {
  return flags.filter(Boolean).join(' ');
}

/** The flags of a check: its kind, its state and what the user may do with it. */
export function checkFlags(check: Check): string[] {
  return ['check', check.kind, check.state, ...check.capabilities];
}
