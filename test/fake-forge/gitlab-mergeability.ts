// GitLab's merge checks of a merge request, as `MergeRequest.mergeabilityChecks` (GraphQL) lists them:
// every check, in GitLab EE's order (ee/app/models/ee/merge_request.rb mergeable_state_checks, then
// app/models/merge_request.rb mergeable_state_checks and mergeable_git_state_checks), each derived from
// the fake's state the way its service in app/services/merge_requests/mergeability/ decides:
//   requested_changes   INACTIVE off Premium; FAILED while a reviewer's latest review requests changes
//   not_approved        INACTIVE without required approvals; FAILED while a rule still needs approvals
//   status_checks_must_pass  INACTIVE unless only_allow_merge_if_all_status_checks_passed; FAILED unless every applicable check passed
//   not_open / draft_status / discussions_not_resolved / conflict  the MR's own state and flags
//   ci_must_pass        INACTIVE unless only_allow_merge_if_pipeline_succeeds; FAILED unless the head pipeline succeeded
//   need_rebase         INACTIVE unless the merge method needs fast-forward (ff, rebase_merge); FAILED while the
//                       target branch moved past the MR's base
//   the rest (blocking MRs, Jira, security policies, locked paths, merge time, locked LFS files, title regex)
//   INACTIVE: the fake has none of their settings.
// An explicit detailed_merge_status a test set names GitLab's first failing check: that check fails too.
import { pipelineStatus } from './gitlab-ci-state';
import type { GitLabState, MergeRequest } from './gitlab-state';

export type MergeabilityStatus = 'SUCCESS' | 'CHECKING' | 'FAILED' | 'INACTIVE' | 'WARNING';

export interface MergeabilityCheck {
  /** MergeabilityCheckIdentifier: the check's identifier upper-cased. */
  readonly identifier: string;
  readonly status: MergeabilityStatus;
}

/** has_conflicts as REST shows it: the flag a test set, else what detailed_merge_status says. */
export function hasConflicts(gl: GitLabState, mr: MergeRequest): boolean {
  return mr.hasConflicts ?? gl.detailedMergeStatus(mr) === 'conflict';
}

/** !blocking_discussions_resolved as REST shows it. */
export function threadsUnresolved(gl: GitLabState, mr: MergeRequest): boolean {
  return mr.threadsUnresolved ?? gl.detailedMergeStatus(mr) === 'discussions_not_resolved';
}

type Outcome = 'success' | 'failed' | 'inactive';
const outcome = (active: boolean, failing: boolean): Outcome => (!active ? 'inactive' : failing ? 'failed' : 'success');

export function mergeabilityChecks(gl: GitLabState, mr: MergeRequest): MergeabilityCheck[] {
  const project = gl.project(mr.projectId);
  const settings = gl.settingsOf(project);
  const approvals = gl.approvals.settingsOf(project);
  const premium = approvals.premium;
  const requiresApprovals = premium && approvals.rules.some((r) => r.required > 0);
  const head = gl.headPipeline(mr);
  const fastForward = settings.merge.mergeMethod === 'ff' || settings.merge.mergeMethod === 'rebase_merge';
  const statusChecks = settings.externalStatusChecksLicensed && settings.statusChecksMustPass;
  const checks: [string, Outcome][] = [
    ['requested_changes', outcome(premium, gl.approvals.changesRequestedBy(mr).length > 0)],
    ['not_approved', outcome(requiresApprovals, gl.approvals.ruleStates(mr).some((r) => r.left > 0))],
    ['merge_request_blocked', outcome(premium, false)],
    ['jira_association_missing', 'inactive'],
    ['security_policy_violations', 'inactive'],
    ['status_checks_must_pass', outcome(statusChecks, gl.applicableChecks(mr).some((c) => gl.statusCheckStatus(mr, c) !== 'passed'))],
    ['locked_paths', 'inactive'],
    ['not_open', outcome(true, mr.state !== 'opened')],
    ['merge_time', 'inactive'],
    ['draft_status', outcome(true, mr.draft)],
    ['commits_status', 'success'],
    ['discussions_not_resolved', outcome(true, threadsUnresolved(gl, mr))],
    ['ci_must_pass', outcome(settings.pipelineMustSucceed, !head || pipelineStatus(gl, head).status !== 'success')],
    ['locked_lfs_files', 'inactive'],
    ['title_regex', 'inactive'],
    ['conflict', outcome(true, hasConflicts(gl, mr))],
    ['need_rebase', outcome(fastForward, mr.baseSha !== gl.branchHead(project, mr.targetBranch))],
  ];
  // REST's explicit status is the first check that failed; ci_still_running is ci_must_pass's while the pipeline runs.
  const named = mr.detailedMergeStatus === 'ci_still_running' ? 'ci_must_pass' : mr.detailedMergeStatus;
  return checks.map(([identifier, state]) => ({
    identifier: identifier.toUpperCase(),
    status: identifier === named ? 'FAILED' : (state.toUpperCase() as MergeabilityStatus),
  }));
}
