// Whether the merge waits for a check, in words: the tree's mark beside its state, and its tooltip line.
import * as vscode from 'vscode';
import type { Check } from '../core/model';

/** "required" on every required check; "optional" only where it matters, on a failure that does not block. */
export function requirementMark(check: Check): string | undefined {
  if (check.required === true) return vscode.l10n.t('required');
  // An allowed failure says "allowed to fail" instead.
  if (check.required === false && check.state === 'failed' && !check.allowFailure) return vscode.l10n.t('optional');
  return undefined;
}

/** The state word of a check that has not reported: "expected", as the forges say it. */
export function expectedWord(): string {
  return vscode.l10n.t('expected');
}

export function requirementTooltip(check: Check): string {
  if (check.expected) return vscode.l10n.t('Expected: not reported on the head commit yet, and the merge waits for it.');
  if (check.allowFailure) return vscode.l10n.t('Allowed to fail: a failure warns and does not block the merge.');
  if (check.required === true) return vscode.l10n.t('Required: the merge waits for it to pass.');
  if (check.required === false) return vscode.l10n.t('Optional: the merge does not wait for it.');
  return vscode.l10n.t('Whether the merge waits for it could not be read (the forge\'s rules were not readable), so a failure counts as blocking.');
}
