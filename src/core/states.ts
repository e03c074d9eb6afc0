// The one small state vocabulary every forge string is mapped onto, and the one table that says how each
// state looks and how bad it is. A parent shows its worst child, so `rank` orders states from best (0) up.

export const CHECK_STATES = [
  'passed',
  'skipped',
  'neutral',
  'canceled',
  'pending',
  'running',
  'unknown',
  'action_required',
  'failed',
] as const;

export type CheckState = (typeof CHECK_STATES)[number];

export interface StateStyle {
  /** Plain word shown as a check's description. English source string; the UI layer localises it. */
  readonly label: string;
  /** Codicon id, used as `new ThemeIcon(codicon, new ThemeColor(color))`. */
  readonly codicon: string;
  /** Theme colour id. */
  readonly color: string;
  /** Higher is worse; the rollup of a group is its highest-ranked member. */
  readonly rank: number;
  /** Whether the state is final: a check in a settled state will not change without an action. */
  readonly settled: boolean;
}

export const STATE_TABLE: Readonly<Record<CheckState, StateStyle>> = {
  passed: { label: 'passed', codicon: 'pass', color: 'testing.iconPassed', rank: 0, settled: true },
  skipped: { label: 'skipped', codicon: 'debug-step-over', color: 'testing.iconSkipped', rank: 1, settled: true },
  neutral: { label: 'neutral', codicon: 'circle-large-outline', color: 'descriptionForeground', rank: 2, settled: true },
  canceled: { label: 'canceled', codicon: 'circle-slash', color: 'testing.iconSkipped', rank: 3, settled: true },
  pending: { label: 'pending', codicon: 'clock', color: 'testing.iconQueued', rank: 4, settled: false },
  running: { label: 'running', codicon: 'sync~spin', color: 'testing.iconQueued', rank: 5, settled: false },
  unknown: { label: 'unknown', codicon: 'question', color: 'descriptionForeground', rank: 6, settled: false },
  action_required: { label: 'action required', codicon: 'report', color: 'testing.iconErrored', rank: 7, settled: true },
  failed: { label: 'failed', codicon: 'error', color: 'testing.iconFailed', rank: 8, settled: true },
};

/** The worse of two states. */
export function worseState(a: CheckState, b: CheckState): CheckState {
  return STATE_TABLE[b].rank > STATE_TABLE[a].rank ? b : a;
}
