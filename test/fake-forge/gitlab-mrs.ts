// GitLab merge requests: GET /projects/:id/merge_requests (MergeRequestBasic) and
// GET /projects/:id/merge_requests/:merge_request_iid (MergeRequest).
// Shapes: samples/gitlab-go-scm/merges.json and merge.json, plus the newer fields of
// notes/forge-api-facts.md §B (sha, detailed_merge_status, draft, references...); the single MR adds
// head_pipeline, diff_refs (samples/gitlab-go-scm/merge_with_diffrefs.json), merge_error,
// changes_count (a string, as GitLab sends it) and user.can_merge. `state` defaults to `all`.
import { pipelineBasic, pipelineEntity } from './gitlab-ci-entities';
import {
  findMergeRequest, glState, iso, paginated, projectWebUrl, readableProject, userById, validateParams,
} from './gitlab-helpers';
import { hasConflicts, threadsUnresolved } from './gitlab-mergeability';
import { branchMatches, type MergeRequest } from './gitlab-state';
import type { Router } from './router';
import { json, type Reply, type RouteContext } from './types';

const LIST_STATES = ['opened', 'closed', 'locked', 'merged', 'all'];

/** The deprecated merge_status, derived from detailed_merge_status. */
function legacyMergeStatus(detailed: string): string {
  if (detailed === 'unchecked' || detailed === 'checking') return detailed;
  if (detailed === 'preparing') return 'unchecked';
  return detailed === 'conflict' || detailed === 'need_rebase' ? 'cannot_be_merged' : 'can_be_merged';
}

/** MergeRequestBasic: the list item. No head_pipeline, no diff_refs. */
export function mergeRequestBasic(ctx: RouteContext, mr: MergeRequest): Record<string, unknown> {
  const gl = glState(ctx);
  const project = gl.project(mr.projectId);
  const detailed = gl.detailedMergeStatus(mr);
  const updated = iso(mr.updatedAt);
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: iso(mr.createdAt),
    updated_at: updated,
    merged_by: null,
    merge_user: null,
    merged_at: mr.state === 'merged' ? updated : null,
    closed_by: null,
    closed_at: mr.state === 'closed' ? updated : null,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author: userById(ctx, mr.authorId),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: mr.sourceProjectId,
    target_project_id: mr.projectId,
    labels: [],
    draft: mr.draft,
    work_in_progress: mr.draft,
    milestone: null,
    merge_when_pipeline_succeeds: mr.autoMerge === true,
    merge_status: legacyMergeStatus(detailed),
    detailed_merge_status: detailed,
    sha: mr.headSha,
    merge_commit_sha: mr.mergeCommitSha ?? null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: mr.shouldRemoveSourceBranch ?? null,
    force_remove_source_branch: true,
    prepared_at: iso(mr.createdAt),
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.path}!${mr.iid}` },
    web_url: `${projectWebUrl(ctx, project)}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: mr.squash === true,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: hasConflicts(gl, mr),
    blocking_discussions_resolved: !threadsUnresolved(gl, mr),
    approvals_before_merge: null,
  };
}

/** user.can_merge: developers may merge into unprotected branches, maintainers into protected ones. */
function canMerge(ctx: RouteContext, mr: MergeRequest): boolean {
  const gl = glState(ctx);
  const project = gl.project(mr.projectId);
  const protectedTarget = gl.protectedBranchesOf(project).some((b) => branchMatches(b.name, mr.targetBranch));
  return mr.state === 'opened' && gl.hasAccess(ctx.user, project, protectedTarget ? 'maintainer' : 'developer');
}

/** The MergeRequest entity: GET .../merge_requests/:iid, and `merge_request` of a status-check response. */
export function mergeRequestEntity(ctx: RouteContext, mr: MergeRequest): Record<string, unknown> {
  const head = glState(ctx).headPipeline(mr);
  const headEntity = head ? pipelineEntity(ctx, head) : null;
  return {
    ...mergeRequestBasic(ctx, mr),
    subscribed: false,
    changes_count: String(mr.changesCount),
    latest_build_started_at: headEntity?.started_at ?? null,
    latest_build_finished_at: headEntity?.finished_at ?? null,
    first_deployed_to_production_at: null,
    pipeline: head ? pipelineBasic(ctx, head) : null,
    head_pipeline: headEntity,
    diff_refs: { base_sha: mr.baseSha, head_sha: mr.headSha, start_sha: mr.baseSha },
    merge_error: mr.mergeError,
    first_contribution: false,
    user: { can_merge: canMerge(ctx, mr) },
  };
}

function listMergeRequests(ctx: RouteContext): Reply {
  const params = validateParams(ctx, [
    { name: 'state', type: 'string', values: LIST_STATES },
    { name: 'source_branch', type: 'string' },
    { name: 'target_branch', type: 'string' },
    { name: 'iids', type: 'integer[]' },
    { name: 'author_username', type: 'string' },
    { name: 'order_by', type: 'string', values: ['created_at', 'updated_at', 'title'] },
    { name: 'sort', type: 'string', values: ['asc', 'desc'] },
  ]);
  const project = readableProject(ctx);
  const state = (params.state as string | undefined) ?? 'all';
  const iids = params.iids as number[] | undefined;
  const author = (params.author_username as string | undefined)?.toLowerCase();
  const orderBy = (params.order_by as string | undefined) ?? 'created_at';
  const direction = params.sort === 'asc' ? 1 : -1;
  const key = (mr: MergeRequest): string | number => (orderBy === 'title' ? mr.title : orderBy === 'updated_at' ? mr.updatedAt.getTime() : mr.createdAt.getTime());
  const all = glState(ctx).mergeRequests
    .filter((mr) => mr.projectId === project.id)
    .filter((mr) => state === 'all' || mr.state === state)
    .filter((mr) => params.source_branch === undefined || mr.sourceBranch === params.source_branch)
    .filter((mr) => params.target_branch === undefined || mr.targetBranch === params.target_branch)
    .filter((mr) => !iids || iids.includes(mr.iid))
    .filter((mr) => author === undefined || ctx.state.users.get(mr.authorId)?.username.toLowerCase() === author)
    .sort((a, b) => (key(a) < key(b) ? -direction : key(a) > key(b) ? direction : (a.id - b.id) * direction));
  return paginated(ctx, all, (mr) => mergeRequestBasic(ctx, mr));
}

export function registerGitLabMergeRequests(router: Router): Router {
  return router
    .get('/projects/:id/merge_requests', listMergeRequests)
    .get('/projects/:id/merge_requests/:merge_request_iid', (ctx) => json(200, mergeRequestEntity(ctx, findMergeRequest(ctx, readableProject(ctx)))));
}
