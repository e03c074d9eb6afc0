// Raw GitLab API v4 JSON -> the forge-neutral model. The only file that knows GitLab's field names.
import type { Mergeable } from '../../core/merging';
import type { Check, CheckCapability, ForgeProject, ForgeUser, MergeRequestRef } from '../../core/model';
import type { GitLabMergeRules } from './mergeRules';
import type { CheckState } from '../../core/states';
import { isCommitSha, mergeRequestDefect } from '../../core/forgeValues';
import { asArray, asObject, optionalBoolean, optionalObject, optionalSha, optionalString, requiredId, requiredNumber, requiredString, type JsonObject } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the GitLab user');
  return { username: requiredString(user, 'username', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'web_url') };
}

export interface GitLabProject extends ForgeProject {
  readonly numericId: number;
  readonly mergeRules: GitLabMergeRules;
}


export function mapProject(raw: unknown): GitLabProject {
  const project = asObject(raw, 'the GitLab project');
  const forkedFrom = optionalObject(project, 'forked_from_project');
  return {
    id: requiredId(project, 'id', 'project'),
    numericId: requiredNumber(project, 'id', 'project'),
    path: requiredString(project, 'path_with_namespace', 'project'),
    name: requiredString(project, 'name', 'project'),
    webUrl: requiredString(project, 'web_url', 'project'),
    defaultBranch: optionalString(project, 'default_branch'),
    upstreamPath: forkedFrom ? optionalString(forkedFrom, 'path_with_namespace') : undefined,
    mergeRules: {
      pipelineMustSucceed: optionalBoolean(project, 'only_allow_merge_if_pipeline_succeeds'),
      statusChecksMustPass: optionalBoolean(project, 'only_allow_merge_if_all_status_checks_passed'),
    },
  };
}

/** detailed_merge_status values that let a merge through: at once, or (auto-merge) once the pipeline succeeds. */
const MERGEABLE: Record<string, Mergeable> = { mergeable: 'now', ci_still_running: 'whenChecksPass' };

export interface GitLabMergeRequest extends MergeRequestRef {
  /** The project the source branch is in: a fork's, for an MR from a fork. Its commit statuses live there. */
  readonly sourceProjectId?: number;
  /** Only on the single-MR GET. Its `projectRef` is where its jobs live (the fork, for most fork MRs). */
  readonly headPipeline?: Check;
  /** updated_at: part of what GraphQL's merge checks are reused for (mergeabilityChecks.ts). */
  readonly updatedAt?: string;
}

export function mapMergeRequest(raw: unknown, projectPath: string): GitLabMergeRequest {
  const mr = asObject(raw, 'a GitLab merge request');
  const iid = requiredNumber(mr, 'iid', 'merge request');
  const diffRefs = optionalObject(mr, 'diff_refs');
  const headPipeline = optionalObject(mr, 'head_pipeline');
  const author = optionalObject(mr, 'author');
  const headSha = (diffRefs && optionalString(diffRefs, 'head_sha')) ?? requiredString(mr, 'sha', 'merge request');
  const sourceProjectId = mr.source_project_id;
  const fromFork = typeof sourceProjectId === 'number' && typeof mr.target_project_id === 'number' && sourceProjectId !== mr.target_project_id;
  const sourceBranch = requiredString(mr, 'source_branch', 'merge request');
  const targetBranch = requiredString(mr, 'target_branch', 'merge request');
  return {
    reference: `!${iid}`,
    number: iid,
    title: requiredString(mr, 'title', 'merge request'),
    webUrl: requiredString(mr, 'web_url', 'merge request'),
    projectPath,
    sourceBranch,
    targetBranch,
    headSha: isCommitSha(headSha) ? headSha.toLowerCase() : '',
    author: author ? (optionalString(author, 'name') ?? optionalString(author, 'username')) : undefined,
    draft: mr.draft === true || mr.work_in_progress === true,
    mergeStatus: optionalString(mr, 'detailed_merge_status') ?? optionalString(mr, 'merge_status'),
    hasConflicts: optionalBoolean(mr, 'has_conflicts'),
    threadsResolved: optionalBoolean(mr, 'blocking_discussions_resolved'),
    mergeable: mr.state === undefined || mr.state === 'opened' ? MERGEABLE[optionalString(mr, 'detailed_merge_status') ?? ''] : undefined,
    updatedAt: optionalString(mr, 'updated_at'),
    sourceProjectId: typeof sourceProjectId === 'number' && Number.isSafeInteger(sourceProjectId) && sourceProjectId > 0 ? sourceProjectId : undefined,
    headPipeline: headPipeline && isCommitSha(headSha) ? mapPipeline(headPipeline) : undefined,
    sourceProjectRef: fromFork && Number.isSafeInteger(sourceProjectId) && sourceProjectId > 0 ? String(sourceProjectId) : undefined,
    defect: mergeRequestDefect(headSha, sourceBranch, targetBranch),
  };
}

// `approved` is what GitLab 14.x answered for a passed check.
const STATUS_CHECK_STATES: Record<string, CheckState> = { passed: 'passed', approved: 'passed', failed: 'failed', pending: 'pending' };

/** GET .../merge_requests/:iid/status_checks items. An empty external_url means the user lacks developer access. */
/** An external status check's answer (passed / failed / pending) as a state. */
export const statusCheckState = (raw: string): CheckState => STATUS_CHECK_STATES[raw] ?? 'unknown';

export function mapStatusCheck(raw: unknown, sha: string): Check {
  const check = asObject(raw, 'an external status check');
  const id = requiredId(check, 'id', 'status check');
  const rawState = requiredString(check, 'status', 'status check');
  const state = STATUS_CHECK_STATES[rawState] ?? 'unknown';
  const url = optionalString(check, 'external_url') || undefined;
  const capabilities: CheckCapability[] = ['settable'];
  if (state === 'failed') capabilities.push('retryable');
  if (url) capabilities.push('openable');
  return {
    id: `externalStatusCheck:${id}`,
    kind: 'externalStatusCheck',
    forgeId: id,
    name: requiredString(check, 'name', 'status check'),
    state,
    rawState,
    url,
    sha,
    note: url === undefined ? 'urlHidden' : state === 'pending' ? 'pendingTimesOut' : undefined,
    capabilities,
  };
}

/** Every status GitLab documents for pipelines, jobs, bridges and commit statuses (openapi_v2.yaml). */
const CI_STATES: Record<string, CheckState> = {
  success: 'passed',
  failed: 'failed',
  running: 'running',
  canceling: 'running',
  pending: 'pending',
  created: 'pending',
  preparing: 'pending',
  waiting_for_resource: 'pending',
  waiting_for_callback: 'pending',
  scheduled: 'pending',
  canceled: 'canceled',
  skipped: 'skipped',
  manual: 'action_required',
  blocked: 'action_required',
};

/** A job's state; a manual job that may be skipped is neutral, one that blocks the pipeline needs action. */
function jobState(rawState: string, allowFailure: boolean): CheckState {
  if (rawState === 'manual') return allowFailure ? 'neutral' : 'action_required';
  return CI_STATES[rawState] ?? 'unknown';
}

export function mapPipeline(raw: unknown): Check {
  const pipeline = asObject(raw, 'a GitLab pipeline');
  const id = requiredId(pipeline, 'id', 'pipeline');
  const rawState = requiredString(pipeline, 'status', 'pipeline');
  const state = CI_STATES[rawState] ?? 'unknown';
  const capabilities: CheckCapability[] = ['openable'];
  if (state === 'failed' || state === 'canceled') capabilities.push('retryable');
  return {
    id: `pipeline:${id}`,
    kind: 'pipeline',
    forgeId: id,
    name: `#${id}`,
    state,
    rawState,
    url: optionalString(pipeline, 'web_url'),
    sha: optionalSha(pipeline, 'sha', 'pipeline'),
    ref: optionalString(pipeline, 'ref'),
    capabilities,
    projectRef: pipeline.project_id === undefined ? undefined : requiredId(pipeline, 'project_id', 'pipeline'),
  };
}

export interface CodeQualityArtifact {
  readonly jobId: string;
  readonly filename: string;
  /** The project the job ran in. */
  readonly projectRef: string;
}

/** A job of a pipeline that lives in `projectRef` (the pipeline's project). */
export function mapJob(raw: unknown, projectRef: string): Check & { codeQuality?: CodeQualityArtifact } {
  const job = asObject(raw, 'a GitLab job');
  const id = requiredId(job, 'id', 'job');
  const rawState = requiredString(job, 'status', 'job');
  const allowFailure = job.allow_failure === true;
  const state = jobState(rawState, allowFailure);
  const capabilities: CheckCapability[] = ['openable'];
  if (rawState === 'failed' || rawState === 'canceled') capabilities.push('retryable');
  if (rawState === 'manual') capabilities.push('playable');
  // A job that has started has a trace (a running one, the part written so far).
  if (optionalString(job, 'started_at')) capabilities.push('hasLog');
  const report = Array.isArray(job.artifacts)
    ? (job.artifacts as unknown[]).map((a) => (a && typeof a === 'object' ? (a as JsonObject) : {})).find((a) => a.file_type === 'codequality')
    : undefined;
  return {
    id: `job:${id}`,
    kind: 'job',
    forgeId: id,
    name: requiredString(job, 'name', 'job'),
    state,
    rawState,
    url: optionalString(job, 'web_url'),
    group: optionalString(job, 'stage'),
    allowFailure,
    durationSeconds: typeof job.duration === 'number' ? job.duration : undefined,
    startedAt: optionalString(job, 'started_at'),
    finishedAt: optionalString(job, 'finished_at'),
    capabilities,
    projectRef,
    codeQuality: report ? { jobId: id, filename: optionalString(report, 'filename') ?? 'gl-code-quality-report.json', projectRef } : undefined,
  };
}

/** A trigger job: its state is its own, its link goes to the downstream pipeline when there is one. */
export function mapBridge(raw: unknown, projectRef: string): Check {
  const bridge = asObject(raw, 'a GitLab bridge job');
  const id = requiredId(bridge, 'id', 'bridge');
  const rawState = requiredString(bridge, 'status', 'bridge');
  const downstream = optionalObject(bridge, 'downstream_pipeline');
  return {
    id: `bridge:${id}`,
    kind: 'bridge',
    forgeId: id,
    name: requiredString(bridge, 'name', 'bridge'),
    state: jobState(rawState, bridge.allow_failure === true),
    rawState,
    url: (downstream && optionalString(downstream, 'web_url')) ?? optionalString(bridge, 'web_url'),
    group: optionalString(bridge, 'stage'),
    allowFailure: bridge.allow_failure === true,
    downstreamState: downstream ? jobState(optionalString(downstream, 'status') ?? '', false) : undefined,
    capabilities: ['openable'],
    projectRef,
  };
}

/** The states POST /projects/:id/statuses/:sha accepts (GitLab's words, not GitHub's). */
export const GITLAB_COMMIT_STATUS_STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const;

/** A CI status (a job's, a pipeline's, a commit status's) as a state. */
export const ciState = (raw: string): CheckState => CI_STATES[raw] ?? 'unknown';

/** A commit status of the MR's source project (`projectRef`): set again there, never upstream. */
export function mapCommitStatus(raw: unknown, projectRef?: string): Check {
  const status = asObject(raw, 'a GitLab commit status');
  const name = optionalString(status, 'name') ?? 'default';
  const rawState = requiredString(status, 'status', 'commit status');
  const url = optionalString(status, 'target_url') || undefined;
  return {
    id: `commitStatus:${name}`,
    kind: 'commitStatus',
    forgeId: name,
    name,
    state: CI_STATES[rawState] ?? 'unknown',
    rawState,
    url,
    sha: optionalSha(status, 'sha', 'commit status'),
    ref: optionalString(status, 'ref'),
    description: optionalString(status, 'description') || undefined,
    allowFailure: status.allow_failure === true,
    capabilities: url ? ['settable', 'openable'] : ['settable'],
    projectRef,
  };
}

/**
 * The newest status of each name. GitLab lists the latest status per name *per pipeline*, so a sha with
 * two pipelines (a branch pipeline and the `external` one that posting a status creates) can list a
 * name twice.
 */
export function mapCommitStatuses(raw: readonly unknown[], projectRef?: string): Check[] {
  const newest = new Map<string, { id: number; check: Check }>();
  for (const item of raw) {
    const check = mapCommitStatus(item, projectRef);
    const id = Number(asObject(item, 'a GitLab commit status').id) || 0;
    const seen = newest.get(check.name);
    if (!seen || id >= seen.id) newest.set(check.name, { id, check });
  }
  return [...newest.values()].map((v) => v.check);
}

export interface LineComment {
  readonly path: string;
  readonly line: number;
  readonly note: string;
  readonly author: string;
}

/** Commit comments anchored to a line of the new file; the others are not diagnostics. */
export function mapLineComments(raw: unknown): LineComment[] {
  return asArray(raw, 'commit comments').flatMap((item) => {
    const comment = asObject(item, 'a commit comment');
    const path = optionalString(comment, 'path');
    const line = typeof comment.line === 'number' ? comment.line : undefined;
    if (!path || line === undefined || comment.line_type === 'old') return [];
    const author = optionalObject(comment, 'author');
    return [{ path, line, note: optionalString(comment, 'note') ?? '', author: (author && (optionalString(author, 'name') ?? optionalString(author, 'username'))) ?? '?' }];
  });
}

export { mapProjectStatusCheck, mapProtectedBranch } from './statusCheckAdminMap';
// The approvals shapes (approvalsMap.ts), kept in their own file for its size.
export { mapApprovalRules, mapApprovals } from './approvalsMap';
// The GraphQL answer of the merge checks (mergeabilityMap.ts), likewise.
export { mapMergeabilityChecks, type MergeabilityAnswer, type MergeabilityCheckResult } from './mergeabilityMap';
