// GitLab external status checks on a merge request (ee/lib/api/status_checks.rb; notes/forge-api-facts.md §A):
//   GET  /projects/:id/merge_requests/:iid/status_checks   -> [{id, name, external_url, status}] + Poll-Interval: 10000
//        (samples/gitlab-docs/status_checks.mr_list.response.json)
//   POST /projects/:id/merge_requests/:iid/status_check_responses -> 201 {id, merge_request, external_status_check}
//   POST /projects/:id/merge_requests/:iid/status_checks/:check_id/retry -> 202 {"message":"202 Accepted"}
//        or 422 {"message":"External status check must be failed"} (samples/gitlab-docs/status_checks.retry.*.json)
// Order of the answers, as Grape runs them: 401 no token, 404 project, 401 not licensed, 400 params,
// 404 MR, 403 role, 404 check, 409 sha.
import { externalStatusCheckEntity } from './gitlab-project-checks';
import { mergeRequestEntity } from './gitlab-mrs';
import { created, fail, findMergeRequest, glState, numericParam, paginated, recordNotFound, requireRole, statusCheckProject, validateParams } from './gitlab-helpers';
import { STATUS_CHECK_STATUSES, type ExternalStatusCheck, type StatusCheckStatus } from './gitlab-state';
import type { Router } from './router';
import type { Project } from './state';
import { json, type Reply, type RouteContext } from './types';

function projectCheck(ctx: RouteContext, project: Project, id: number): ExternalStatusCheck {
  const check = glState(ctx).statusChecks.get(id);
  if (!check || check.projectId !== project.id) throw recordNotFound();
  return check;
}

/** external_url without its query string, and only for users with developer access ('' otherwise). */
function visibleUrl(ctx: RouteContext, project: Project, url: string): string {
  return glState(ctx).hasAccess(ctx.user, project, 'developer') ? (/[^?]+/.exec(url)?.[0] ?? '') : '';
}

function listForMergeRequest(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const mr = findMergeRequest(ctx, project);
  // Guess: reading the list needs reporter access (the older code asks :approve_merge_request, the newest
  // :read_external_status_check_response); reporters see the checks with an empty external_url.
  requireRole(ctx, project, 'reporter');
  const gl = glState(ctx);
  const items = gl.applicableChecks(mr).map((check) => ({
    id: check.id,
    name: check.name,
    external_url: visibleUrl(ctx, project, check.externalUrl),
    status: gl.statusCheckStatus(mr, check),
  }));
  return paginated(ctx, items, (item) => item, { 'Poll-Interval': '10000' });
}

function respond(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const params = validateParams(ctx, [
    { name: 'external_status_check_id', type: 'integer', required: true },
    { name: 'sha', type: 'string', required: true },
    { name: 'status', type: 'string', required: true, values: STATUS_CHECK_STATUSES },
  ]);
  const mr = findMergeRequest(ctx, project);
  requireRole(ctx, project, 'developer');
  const check = projectCheck(ctx, project, params.external_status_check_id as number);
  // check_sha_param!
  if (String(params.sha).toLowerCase() !== mr.headSha) throw fail(409, `SHA does not match HEAD of source branch: ${mr.headSha}`);
  const response = glState(ctx).addStatusCheckResponse({ mergeRequest: mr, check, status: params.status as StatusCheckStatus });
  return created({ id: response.id, merge_request: mergeRequestEntity(ctx, mr), external_status_check: externalStatusCheckEntity(ctx, check) });
}

function retry(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const mr = findMergeRequest(ctx, project);
  requireRole(ctx, project, 'developer');
  const check = projectCheck(ctx, project, numericParam(ctx, 'external_status_check_id'));
  if (!glState(ctx).retryStatusCheck(mr, check)) throw fail(422, 'External status check must be failed');
  return json(202, { message: '202 Accepted' });
}

export function registerGitLabStatusChecks(router: Router): Router {
  return router
    .get('/projects/:id/merge_requests/:merge_request_iid/status_checks', listForMergeRequest)
    .post('/projects/:id/merge_requests/:merge_request_iid/status_check_responses', respond)
    .post('/projects/:id/merge_requests/:merge_request_iid/status_checks/:external_status_check_id/retry', retry);
}
