// GitLab: PUT /projects/:id/merge_requests/:iid/merge and POST /projects/:id/merge_requests, answering as
// lib/api/merge_requests.rb does (GitLab 17.x/18.x):
//   merge: 401 `401 Unauthorized` unless the user may merge (can_be_merged_by?: may push to the target
//   branch); 409 `SHA does not match HEAD of source branch: <sha>` (build_merge_params checks the sha
//   before anything else is decided); with auto_merge / merge_when_pipeline_succeeds and an active head
//   pipeline the MR is set to merge when it succeeds (200, merge_when_pipeline_succeeds: true); an MR
//   that is not mergeable (detailed_merge_status other than mergeable) is 405 `405 Method Not Allowed`;
//   a merge that MergeService could not do is 422 `Branch cannot be merged` (mr.mergeFails, a test's knob).
//   create: 401 without a user, 403 without developer access, 400 `{"error":"title is missing"}` for a
//   missing parameter, 422 `["You can't use same project/branch for source and target"]`, 409
//   `["Another open merge request already exists for this source branch: !N"]` (validate_branches).
import { mergeRequestEntity } from './gitlab-mrs';
import { created, fail, findMergeRequest, glState, readableProject, requireRole, validateParams } from './gitlab-helpers';
import { branchMatches, fakeSha, type MergeRequest } from './gitlab-state';
import { pipelineStatus } from './gitlab-ci-state';
import type { Router } from './router';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const ACTIVE = new Set(['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'scheduled']);
const DRAFT_PREFIX = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s|draft\s|\[wip\]|wip:)\s*/i;

function mergeMergeRequest(ctx: RouteContext): Reply {
  ctx.requireUser();
  const gl = glState(ctx);
  const project = readableProject(ctx);
  const mr = findMergeRequest(ctx, project);
  const params = validateParams(ctx, [
    { name: 'sha', type: 'string' },
    { name: 'squash', type: 'boolean' },
    { name: 'should_remove_source_branch', type: 'boolean' },
    { name: 'merge_when_pipeline_succeeds', type: 'boolean' },
    { name: 'auto_merge', type: 'boolean' },
    { name: 'merge_commit_message', type: 'string' },
    { name: 'squash_commit_message', type: 'string' },
  ]);
  const protectedTarget = gl.protectedBranchesOf(project).some((b) => branchMatches(b.name, mr.targetBranch));
  if (!gl.hasAccess(ctx.user, project, protectedTarget ? 'maintainer' : 'developer')) throw fail(401, '401 Unauthorized');
  if (params.sha !== undefined && params.sha !== mr.headSha) throw fail(409, `SHA does not match HEAD of source branch: ${mr.headSha}`);
  if (params.squash === true) mr.squash = true;
  const autoMerge = params.merge_when_pipeline_succeeds === true || params.auto_merge === true;
  const head = gl.headPipeline(mr);
  const headStatus = head ? pipelineStatus(gl, head).status : undefined;
  const detailed = gl.detailedMergeStatus(mr);
  if (autoMerge && mr.state === 'opened' && headStatus !== undefined && ACTIVE.has(headStatus) && (detailed === 'ci_still_running' || detailed === 'mergeable')) {
    mr.autoMerge = true;
    mr.shouldRemoveSourceBranch = params.should_remove_source_branch as boolean | undefined;
    mr.updatedAt = gl.clock.date();
    return json(200, mergeRequestEntity(ctx, mr));
  }
  if (mr.state !== 'opened' || detailed !== 'mergeable') throw fail(405, '405 Method Not Allowed');
  if (mr.mergeFails !== undefined) {
    mr.mergeError = mr.mergeFails;
    throw fail(422, 'Branch cannot be merged');
  }
  merged(mr, params.should_remove_source_branch as boolean | undefined, gl.clock.date());
  return json(200, mergeRequestEntity(ctx, mr));
}

function merged(mr: MergeRequest, removeSource: boolean | undefined, at: Date): void {
  mr.state = 'merged';
  // Computed from now on: not_open.
  mr.detailedMergeStatus = undefined;
  mr.shouldRemoveSourceBranch = removeSource;
  mr.mergeCommitSha = fakeSha(`merge:${mr.id}:${mr.headSha}`);
  mr.autoMerge = false;
  mr.updatedAt = at;
}

function createMergeRequest(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const gl = glState(ctx);
  const source = readableProject(ctx);
  requireRole(ctx, source, 'developer');
  const params = validateParams(ctx, [
    { name: 'title', type: 'string', required: true },
    { name: 'source_branch', type: 'string', required: true },
    { name: 'target_branch', type: 'string', required: true },
    { name: 'target_project_id', type: 'integer' },
    { name: 'description', type: 'string' },
    { name: 'remove_source_branch', type: 'boolean' },
    { name: 'squash', type: 'boolean' },
  ]);
  // An MR from a fork is created in the fork, targeting the project it was forked from (or itself).
  const target = params.target_project_id === undefined ? source : ctx.state.project(Number(params.target_project_id));
  if (!target || (target.id !== source.id && ctx.state.forkSource(source)?.id !== target.id)) throw new ReplyError(json(404, { message: '404 Project Not Found' }));
  const title = String(params.title);
  const sourceBranch = String(params.source_branch);
  const targetBranch = String(params.target_branch);
  if (source.id === target.id && sourceBranch === targetBranch) throw modelError(422, "You can't use same project/branch for source and target");
  const open = gl.mergeRequests.find((m) => m.projectId === target.id && m.sourceProjectId === source.id && m.state === 'opened' && m.sourceBranch === sourceBranch && m.targetBranch === targetBranch);
  if (open) throw modelError(409, `Another open merge request already exists for this source branch: !${open.iid}`);
  const mr = gl.addMergeRequest({
    project: target, sourceProject: source, title, description: params.description as string | undefined, sourceBranch, targetBranch,
    author: user, headSha: gl.branchHead(source, sourceBranch), draft: DRAFT_PREFIX.test(title),
  });
  if (params.squash === true) mr.squash = true;
  return created(mergeRequestEntity(ctx, mr));
}

/** A model's validation error: `{"message":["…"]}`, as unprocessable_entity! / conflict! send an error list. */
function modelError(status: number, message: string): ReplyError {
  return new ReplyError(json(status, { message: [message] }));
}

export function registerGitLabMerging(router: Router): Router {
  return router.add('PUT', '/projects/:id/merge_requests/:merge_request_iid/merge', mergeMergeRequest).add('POST', '/projects/:id/merge_requests', createMergeRequest);
}
