// When a gate settles, one notice, never one per poll: a gate whose checks were still running (or
// that had another head) now has every check settled. Pure, so the rules of mrGates.notifications
// are unit-tested without VS Code.
import { allChecks, type Check, type Gate } from './model';
import { STATE_TABLE } from './states';

export type NotificationLevel = 'changes' | 'failures' | 'off';

export type SettleNotice =
  | { readonly kind: 'passed'; readonly total: number; readonly sha: string }
  | { readonly kind: 'failed'; readonly failed: readonly string[]; readonly sha: string };

/** The checks that decide the merge: a pipeline counts once, not job by job. */
function deciding(gate: Gate): Check[] {
  return allChecks(gate).filter((c) => c.kind !== 'job' && c.kind !== 'bridge');
}

function settled(gate: Gate): boolean {
  const checks = deciding(gate);
  return checks.length > 0 && checks.every((c) => STATE_TABLE[c.state].settled);
}

/** The notice for a gate that has just settled, at this level; undefined when there is nothing to say. */
export function settleNotice(previous: Gate | undefined, next: Gate, level: NotificationLevel): SettleNotice | undefined {
  if (level === 'off' || !previous || previous.mergeRequest.reference !== next.mergeRequest.reference) return undefined;
  const wasSettled = previous.mergeRequest.headSha === next.mergeRequest.headSha && settled(previous);
  if (wasSettled || !settled(next)) return undefined;
  const failed = deciding(next).filter((c) => (c.state === 'failed' && !c.allowFailure) || c.state === 'action_required').map((c) => c.name);
  if (failed.length) return { kind: 'failed', failed, sha: next.mergeRequest.headSha };
  return level === 'changes' ? { kind: 'passed', total: deciding(next).length, sha: next.mergeRequest.headSha } : undefined;
}
