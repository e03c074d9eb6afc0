// The context keys of MR Gates' when clauses (package.json: menus, commandPalette, welcome views): set
// through VS Code's setContext, and kept here, so what was last set can be read back (tests do).
import * as vscode from 'vscode';
import { allChecks } from '../core/model';
import { readyGates, type RepoEntry } from '../state/repoEntry';

export type ContextKey = 'mrGates.gitState' | 'mrGates.repositoryCount' | 'mrGates.signedIn' | 'mrGates.hasGates' | 'mrGates.hasFailed' | 'mrGates.mayApprove' | 'mrGates.mayRevoke' | 'mrGates.queueGroupedBy' | 'mrGates.hasPinned';

export class ContextKeys {
  private readonly values = new Map<ContextKey, unknown>();

  set(key: ContextKey, value: unknown): void {
    if (this.values.has(key) && this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  get(key: ContextKey): unknown {
    return this.values.get(key);
  }
}

/**
 * Whether any repository shows an MR's gate, whether one has a check that can be retried, and whether
 * the user may approve one, or revoke an approval of one.
 */
export function gateContext(entries: readonly RepoEntry[]): { hasGates: boolean; hasFailed: boolean; mayApprove: boolean; mayRevoke: boolean } {
  const gates = entries.flatMap((entry) => readyGates(entry)).flatMap((g) => (g.gate ? [g.gate] : []));
  return {
    hasGates: gates.length > 0,
    hasFailed: gates.some((gate) => allChecks(gate).some((c) => c.capabilities.includes('retryable'))),
    mayApprove: gates.some((gate) => !gate.approvals?.refused && gate.approvals?.userCanApprove === true),
    mayRevoke: gates.some((gate) => !gate.approvals?.refused && gate.approvals?.userHasApproved === true && gate.approvals.revocable === true),
  };
}
