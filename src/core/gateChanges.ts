// What changed between two reads of the same MR's gate: the checks whose state moved. Pure, so the
// notification rules (mrGates.notifications) are unit-tested without VS Code.
import type { Gate } from './model';
import type { CheckState } from './states';

export interface CheckChange {
  readonly mergeRequest: string;
  readonly name: string;
  readonly from: CheckState;
  readonly to: CheckState;
}

export type NotificationLevel = 'changes' | 'failures' | 'off';

/** Checks present in both reads whose state changed; a new MR or a new check is not a change. */
export function gateChanges(previous: Gate | undefined, next: Gate | undefined): CheckChange[] {
  if (!previous || !next || previous.mergeRequest.reference !== next.mergeRequest.reference) return [];
  const all = (gate: Gate) => [...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])];
  const before = new Map(all(previous).map((c) => [c.id, c.state]));
  return all(next).flatMap((check) => {
    const from = before.get(check.id);
    return from !== undefined && from !== check.state ? [{ mergeRequest: next.mergeRequest.reference, name: check.name, from, to: check.state }] : [];
  });
}

/** The changes worth a notification at this level: every settled change, or only new failures. */
export function worthNotifying(changes: readonly CheckChange[], level: NotificationLevel): CheckChange[] {
  if (level === 'off') return [];
  const settledStates: readonly CheckState[] = ['passed', 'failed', 'canceled', 'skipped', 'neutral', 'action_required'];
  return changes.filter((c) => (level === 'failures' ? c.to === 'failed' : settledStates.includes(c.to)));
}
