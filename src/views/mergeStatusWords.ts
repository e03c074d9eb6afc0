// The forge's word on merging an MR in plain words: GitLab's detailed_merge_status, and GitHub's and
// Gitee's mapped onto it (their map.ts). Unknown values are shown as the forge wrote them.
import * as vscode from 'vscode';

export function mergeStatusWords(status: string | undefined): string | undefined {
  switch (status) {
    case undefined:
    case 'mergeable':
    case 'can_be_merged':
      return undefined;
    case 'status_checks_must_pass':
      return vscode.l10n.t('waiting for external status checks');
    case 'ci_must_pass':
      return vscode.l10n.t('the pipeline must pass');
    case 'ci_still_running':
      return vscode.l10n.t('the pipeline is still running');
    case 'not_approved':
      return vscode.l10n.t('needs approval');
    case 'discussions_not_resolved':
      return vscode.l10n.t('open discussions');
    case 'draft_status':
      return vscode.l10n.t('draft');
    case 'conflict':
    case 'cannot_be_merged':
      return vscode.l10n.t('has conflicts');
    case 'need_rebase':
      return vscode.l10n.t('needs a rebase');
    case 'requested_changes':
      return vscode.l10n.t('changes requested');
    case 'blocked_status':
    case 'merge_request_blocked':
      return vscode.l10n.t('blocked by another merge request');
    case 'checking':
    case 'unchecked':
    case 'preparing':
    case 'approvals_syncing':
      return vscode.l10n.t('the forge is still checking');
    case 'behind':
      return vscode.l10n.t('behind the target branch: update it');
    case 'blocked':
      return vscode.l10n.t('blocked by the branch rules');
    case 'not_mergeable':
      return vscode.l10n.t('the forge says it cannot merge');
    case 'security_policy_violations':
      return vscode.l10n.t('security policy violations');
    case 'jira_association_missing':
      return vscode.l10n.t('no Jira issue linked');
    case 'not_open':
      return vscode.l10n.t('not open');
    default:
      return status.replace(/_/g, ' ');
  }
}
