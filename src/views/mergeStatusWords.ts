// The forge's word on merging an MR in plain words: GitLab's detailed_merge_status and the identifiers of
// its merge checks (GraphQL mergeabilityChecks, lower-cased: the same words), and GitHub's and Gitee's
// mapped onto it (their map.ts). Unknown values are shown lower-cased, with spaces.
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
    case 'commits_status':
      return vscode.l10n.t('the source branch is missing or has no commits');
    case 'broken_status':
      return vscode.l10n.t('a branch is missing or cannot be merged');
    case 'locked_paths':
      return vscode.l10n.t('changes locked paths');
    case 'locked_lfs_files':
      return vscode.l10n.t('changes locked LFS files');
    case 'merge_time':
      return vscode.l10n.t('not before its merge time');
    case 'title_regex':
      return vscode.l10n.t('the title does not match the project\'s pattern');
    case 'code_owners_approval':
      return vscode.l10n.t('needs code owner approval');
    default:
      return status.toLowerCase().replace(/_/g, ' ');
  }
}
