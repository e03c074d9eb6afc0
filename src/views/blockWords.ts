// Why a merge request cannot merge, in words: the MR node's "Blocked: …" and one row per reason.
import * as vscode from 'vscode';
import type { MergeReason } from '../core/mergeReasons';
import { mergeStatusWords } from './mergeStatusWords';

export function reasonWords(reason: MergeReason): string {
  switch (reason.code) {
    case 'checksFailing':
      // Where the forge's rules could not be read, a failure blocks but is not called required.
      if (reason.unknown) return reason.count === 1 ? vscode.l10n.t('1 check failing') : vscode.l10n.t('{0} checks failing', reason.count);
      return reason.count === 1 ? vscode.l10n.t('1 required check failing') : vscode.l10n.t('{0} required checks failing', reason.count);
    case 'checksWaiting':
      return reason.count === 1 ? vscode.l10n.t('1 required check not passed yet') : vscode.l10n.t('{0} required checks not passed yet', reason.count);
    case 'approvalsMissing':
      return reason.count === 1 ? vscode.l10n.t('1 approval missing') : vscode.l10n.t('{0} approvals missing', reason.count);
    case 'draft':
      return vscode.l10n.t('draft');
    case 'conflicts':
      return vscode.l10n.t('has conflicts');
    case 'threads':
      return vscode.l10n.t('unresolved threads');
    case 'forge':
      return mergeStatusWords(reason.status) ?? reason.status;
  }
}

/** "Blocked: 2 required checks failing, unresolved threads". */
export function blockedWords(reasons: readonly MergeReason[]): string {
  return vscode.l10n.t('Blocked: {0}', reasons.map(reasonWords).join(vscode.l10n.t(', ')));
}

/** What a reason's row says it takes, for its tooltip. */
export function reasonTooltip(reason: MergeReason): string {
  switch (reason.code) {
    case 'checksFailing':
      return vscode.l10n.t('The merge waits for these checks to pass: retry them, or fix what they report. They are marked "required" below.');
    case 'checksWaiting':
      return vscode.l10n.t('The merge waits for these checks to report and pass.');
    case 'approvalsMissing':
      return vscode.l10n.t('The merge waits for more approvals: see the Approvals group, or ask for a review.');
    case 'draft':
      return vscode.l10n.t('A draft cannot be merged: mark it ready in the browser.');
    case 'conflicts':
      return vscode.l10n.t('The source branch conflicts with the target: resolve the conflicts (in the browser, or by rebasing locally).');
    case 'threads':
      return vscode.l10n.t('The project requires every thread resolved before the merge: open the merge request to resolve them.');
    case 'forge':
      return vscode.l10n.t('What the forge says of the merge request ({0}).', reason.status);
  }
}
