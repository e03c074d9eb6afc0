// The words for every ReasonCode: why an operation came out as it did, in terms of what the forge
// allows. The one place a reason becomes a sentence, so a command never needs to know the forge.
import * as vscode from 'vscode';
import type { ReasonCode } from '../core/model';

/**
 * `forgeDetail` is what the forge said (the error's message), shown in brackets; `checkName` is the
 * check the operation was about.
 */
export function reasonText(code: ReasonCode, forgeDetail = '', checkName = ''): string {
  switch (code) {
    case 'noRerunApi':
      return vscode.l10n.t('Gitee has no API to re-run a check: re-run it from the pull request page.');
    case 'noButtonApi':
      return vscode.l10n.t('No forge lets a client press a check\'s action button (the click reaches the check\'s app only as a webhook): MR Gates opens the check\'s page, where you can press it.');
    case 'shaMoved':
      return vscode.l10n.t('The merge request\'s head moved since it was read, so GitLab refused the answer ({0}). MR Gates re-read it.', forgeDetail);
    case 'finalConclusion':
      return vscode.l10n.t('Gitee refused ({0}): a check run\'s conclusion cannot be changed once set.', forgeDetail);
    case 'adminsOnly':
      return vscode.l10n.t('Only repository administrators may update check runs ({0}).', forgeDetail);
    case 'invalidTransition':
      return vscode.l10n.t('GitLab refused this state change ({0}). A pending or running status cannot be set to the state it already has.', forgeDetail);
    case 'statusCheckNotFailed':
      return vscode.l10n.t('GitLab re-sends an external status check only when it has failed ({0}).', forgeDetail);
    case 'jobNotRetryable':
      return vscode.l10n.t('This job cannot be retried ({0}). Jobs that are running, manual or already retried cannot be.', forgeDetail);
    case 'rerunRefused':
      return vscode.l10n.t('GitHub refused to re-run {0} ({1}). A token can re-run only checks its own app created, or Actions runs it has write access to.', checkName, forgeDetail);
    case 'notAllowed':
      return vscode.l10n.t('Your token may not retry this ({0}).', forgeDetail);
    case 'tierOrRole':
      return vscode.l10n.t('GitLab refused ({0}). Either this project\'s tier has no external status checks, or your token lacks the Maintainer role.', forgeDetail);
    case 'logNotAllowed':
      return vscode.l10n.t('Your token may not read the log of {0} ({1}).', checkName, forgeDetail);
    case 'mayNotApprove':
      return vscode.l10n.t('The forge does not let you approve this merge request ({0}): authors usually may not approve their own, and only eligible approvers may.', forgeDetail);
    case 'approvalHeadMoved':
      return vscode.l10n.t('The merge request\'s head moved since it was read, so the approval was refused ({0}). MR Gates re-read it: look at the new head, then approve again.', forgeDetail);
    case 'notApproved':
      return vscode.l10n.t('You have not approved this merge request, so there is no approval to revoke ({0}).', forgeDetail);
    case 'logGone':
      return vscode.l10n.t('The log of {0} is no longer there ({1}): it was erased or has expired.', checkName, forgeDetail);
    case 'mergeNotAllowed':
      return vscode.l10n.t('You may not merge this merge request ({0}): your role may not push to its target branch.', forgeDetail);
    case 'notMergeable':
      return vscode.l10n.t('The forge will not merge it now ({0}): a check, an approval, an open thread or its draft state still holds it back. MR Gates re-read it.', forgeDetail);
    case 'cannotBeMerged':
      return vscode.l10n.t('The branch cannot be merged ({0}): it has conflicts with the target branch, or the merge failed. Resolve them in the browser.', forgeDetail);
    case 'mergeHeadMoved':
      return vscode.l10n.t('Nothing was merged: the merge request\'s head moved since its gate was read ({0}). MR Gates re-read it; check the new head before merging.', forgeDetail);
    case 'mergeRequestExists':
      return vscode.l10n.t('A merge request for this branch is open already ({0}). MR Gates shows it.', forgeDetail);
    case 'mergeRequestRefused':
      return vscode.l10n.t('The forge refused the new merge request ({0}): the source and target may be the same branch, or the target may not exist.', forgeDetail);
  }
}
