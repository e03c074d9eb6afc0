// Raw GitLab API v4 JSON -> the forge-neutral model. The only file that knows GitLab's field names.
import type { Check, CheckCapability, MergeRequestRef } from '../../core/model';
import type { CheckState } from '../../core/states';
import type { ForgeProject, ForgeUser } from '../forge';
import { asArray, asObject, optionalObject, optionalString, requiredNumber, requiredString, type JsonObject } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the GitLab user');
  return { username: requiredString(user, 'username', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'web_url') };
}

export interface GitLabProject extends ForgeProject {
  readonly numericId: number;
  /** Set for a fork: where its merge requests usually go. */
  readonly forkedFromPath?: string;
}

export function mapProject(raw: unknown): GitLabProject {
  const project = asObject(raw, 'the GitLab project');
  const forkedFrom = optionalObject(project, 'forked_from_project');
  return {
    id: requiredString(project, 'id', 'project'),
    numericId: requiredNumber(project, 'id', 'project'),
    path: requiredString(project, 'path_with_namespace', 'project'),
    name: requiredString(project, 'name', 'project'),
    webUrl: requiredString(project, 'web_url', 'project'),
    defaultBranch: optionalString(project, 'default_branch'),
    forkedFromPath: forkedFrom ? optionalString(forkedFrom, 'path_with_namespace') : undefined,
  };
}

export interface GitLabMergeRequest extends MergeRequestRef {
  readonly sourceProjectId?: number;
  /** Only on the single-MR GET. */
  readonly headPipeline?: Check;
}

export function mapMergeRequest(raw: unknown, projectPath: string): GitLabMergeRequest {
  const mr = asObject(raw, 'a GitLab merge request');
  const iid = requiredNumber(mr, 'iid', 'merge request');
  const diffRefs = optionalObject(mr, 'diff_refs');
  const headPipeline = optionalObject(mr, 'head_pipeline');
  const author = optionalObject(mr, 'author');
  return {
    reference: `!${iid}`,
    number: iid,
    title: requiredString(mr, 'title', 'merge request'),
    webUrl: requiredString(mr, 'web_url', 'merge request'),
    projectPath,
    sourceBranch: requiredString(mr, 'source_branch', 'merge request'),
    targetBranch: requiredString(mr, 'target_branch', 'merge request'),
    headSha: (diffRefs && optionalString(diffRefs, 'head_sha')) ?? requiredString(mr, 'sha', 'merge request'),
    author: author ? (optionalString(author, 'name') ?? optionalString(author, 'username')) : undefined,
    draft: mr.draft === true || mr.work_in_progress === true,
    mergeStatus: optionalString(mr, 'detailed_merge_status') ?? optionalString(mr, 'merge_status'),
    sourceProjectId: typeof mr.source_project_id === 'number' ? mr.source_project_id : undefined,
    headPipeline: headPipeline ? mapPipeline(headPipeline) : undefined,
  };
}

const STATUS_CHECK_STATES: Record<string, CheckState> = { passed: 'passed', failed: 'failed', pending: 'pending' };

/** GET .../merge_requests/:iid/status_checks items. An empty external_url means the user lacks developer access. */
export function mapStatusCheck(raw: unknown, sha: string): Check {
  const check = asObject(raw, 'an external status check');
  const id = requiredString(check, 'id', 'status check');
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

const PIPELINE_STATES: Record<string, CheckState> = {
  success: 'passed',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  created: 'pending',
  preparing: 'pending',
  waiting_for_resource: 'pending',
  waiting_for_callback: 'pending',
  scheduled: 'pending',
  canceled: 'canceled',
  canceling: 'canceled',
  skipped: 'skipped',
  manual: 'action_required',
  blocked: 'action_required',
};

/** A job's state; a manual job that may be skipped is neutral, one that blocks the pipeline needs action. */
function jobState(rawState: string, allowFailure: boolean): CheckState {
  if (rawState === 'manual') return allowFailure ? 'neutral' : 'action_required';
  return PIPELINE_STATES[rawState] ?? 'unknown';
}

export function mapPipeline(raw: unknown): Check {
  const pipeline = asObject(raw, 'a GitLab pipeline');
  const id = requiredString(pipeline, 'id', 'pipeline');
  const rawState = requiredString(pipeline, 'status', 'pipeline');
  const state = PIPELINE_STATES[rawState] ?? 'unknown';
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
    sha: optionalString(pipeline, 'sha'),
    ref: optionalString(pipeline, 'ref'),
    capabilities,
  };
}

export interface CodeQualityArtifact {
  readonly jobId: string;
  readonly filename: string;
}

export function mapJob(raw: unknown): Check & { codeQuality?: CodeQualityArtifact } {
  const job = asObject(raw, 'a GitLab job');
  const id = requiredString(job, 'id', 'job');
  const rawState = requiredString(job, 'status', 'job');
  const allowFailure = job.allow_failure === true;
  const state = jobState(rawState, allowFailure);
  const capabilities: CheckCapability[] = ['openable'];
  if (rawState === 'failed' || rawState === 'canceled') capabilities.push('retryable');
  if (rawState === 'manual') capabilities.push('playable');
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
    codeQuality: report ? { jobId: id, filename: optionalString(report, 'filename') ?? 'gl-code-quality-report.json' } : undefined,
  };
}

/** A trigger job: its state is its own, its link goes to the downstream pipeline when there is one. */
export function mapBridge(raw: unknown): Check {
  const bridge = asObject(raw, 'a GitLab bridge job');
  const id = requiredString(bridge, 'id', 'bridge');
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
    description: downstream ? `downstream ${optionalString(downstream, 'status') ?? ''}`.trim() : undefined,
    capabilities: ['openable'],
  };
}

const COMMIT_STATUS_STATES: Record<string, CheckState> = {
  success: 'passed',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  created: 'pending',
  canceled: 'canceled',
  skipped: 'skipped',
};

/** The states POST /projects/:id/statuses/:sha accepts (GitLab's words, not GitHub's). */
export const GITLAB_COMMIT_STATUS_STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const;

export function mapCommitStatus(raw: unknown): Check {
  const status = asObject(raw, 'a GitLab commit status');
  const name = optionalString(status, 'name') ?? 'default';
  const rawState = requiredString(status, 'status', 'commit status');
  const url = optionalString(status, 'target_url') || undefined;
  return {
    id: `commitStatus:${name}`,
    kind: 'commitStatus',
    forgeId: name,
    name,
    state: COMMIT_STATUS_STATES[rawState] ?? 'unknown',
    rawState,
    url,
    sha: optionalString(status, 'sha'),
    ref: optionalString(status, 'ref'),
    description: optionalString(status, 'description') || undefined,
    allowFailure: status.allow_failure === true,
    capabilities: url ? ['settable', 'openable'] : ['settable'],
  };
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

export interface ProjectStatusCheck {
  readonly id: number;
  readonly name: string;
  readonly externalUrl: string;
  readonly hmac: boolean;
  readonly protectedBranches: readonly { id: number; name: string }[];
}

export function mapProjectStatusCheck(raw: unknown): ProjectStatusCheck {
  const check = asObject(raw, 'an external status check service');
  return {
    id: requiredNumber(check, 'id', 'status check service'),
    name: requiredString(check, 'name', 'status check service'),
    externalUrl: optionalString(check, 'external_url') ?? '',
    hmac: check.hmac === true,
    protectedBranches: Array.isArray(check.protected_branches) ? (check.protected_branches as unknown[]).map(mapProtectedBranch) : [],
  };
}

export function mapProtectedBranch(raw: unknown): { id: number; name: string } {
  const branch = asObject(raw, 'a protected branch');
  return { id: requiredNumber(branch, 'id', 'protected branch'), name: requiredString(branch, 'name', 'protected branch') };
}
