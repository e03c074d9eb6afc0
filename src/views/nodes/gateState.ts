// How a state looks in the tree and the status bar, and which checks decide whether an MR may merge.
import * as vscode from 'vscode';
import { allChecks, type CheckKind, type Gate } from '../../core/model';
import { rollupChecks, type Rollup } from '../../core/rollup';
import { STATE_TABLE, type CheckState } from '../../core/states';

export function stateIcon(state: CheckState): vscode.ThemeIcon {
  const style = STATE_TABLE[state];
  return new vscode.ThemeIcon(style.codicon, new vscode.ThemeColor(style.color));
}

const ROLLUP_MARK: Partial<Record<CheckState, string>> = { passed: '✓', failed: '✗', action_required: '!', running: '↻', pending: '…' };

/** The MR's summary mark, e.g. `✗ 2/3`. */
export function rollupMark(summary: Rollup): string {
  return `${ROLLUP_MARK[summary.state] ?? '•'} ${summary.passed}/${summary.total}`;
}

const DECIDING: readonly CheckKind[] = ['externalStatusCheck', 'commitStatus', 'checkRun'];

/** The checks that decide the merge: status checks, commit statuses, check runs and the pipeline as a whole (not its jobs). */
export function gateRollup(gate: Gate): Rollup {
  return rollupChecks(allChecks(gate).filter((c) => c === gate.pipeline || DECIDING.includes(c.kind)));
}
