// GitLab merge request approvals (lib/api/merge_request_approvals.rb; Premium: ee/lib/ee/api/merge_request_approvals.rb):
//   GET  .../merge_requests/:iid/approvals        200 MergeRequestApprovals (Free) or ApprovalState (Premium)
//   GET  .../merge_requests/:iid/approval_state   Premium only: {approval_rules_overwritten, rules}; Free: route 404
//   POST .../merge_requests/:iid/approve {sha?}   201; 409 sha not the head; 304 already approved;
//        401 the approval service refused (the author, or not an eligible approver); 403 no right to approve
//   POST .../merge_requests/:iid/unapprove        201; 304 not approved by the user; 403 no right to approve
// State: forge.gitlab.approvals (gitlab-approvals-state.ts). Approvals stay across pushes (GitLab's reset on push is a setting, off here).
import { created, fail, findMergeRequest, forbidden, glState, iso, readableProject, authenticatedProject, unauthorized, validateParams } from './gitlab-helpers';
import { gitlabUserBasic } from './gitlab';
import type { MergeRequest } from './gitlab-state';
import type { Router } from './router';
import type { Project, User } from './state';
import { json, type Reply, type RouteContext } from './types';

function approvalsEntity(ctx: RouteContext, mr: MergeRequest): Record<string, unknown> {
  const ap = glState(ctx).approvals;
  const approvedBy = ap.approvals(mr).flatMap((a) => {
    const user = ctx.state.users.get(a.userId);
    return user ? [{ user: gitlabUserBasic(ctx.forge, user), approved_at: iso(a.at) }] : [];
  });
  const settings = ap.settingsOf(mr.projectId);
  const base = { user_has_approved: ap.hasApproved(mr, ctx.user), user_can_approve: ap.canApprove(mr, ctx.user) };
  if (!settings.premium) return { ...base, approved: approvedBy.length > 0, approved_by: approvedBy };
  const rules = ap.ruleStates(mr);
  const left = rules.reduce((sum, r) => sum + r.left, 0);
  return {
    id: mr.id, iid: mr.iid, project_id: mr.projectId, title: mr.title, description: mr.description, state: mr.state,
    created_at: iso(mr.createdAt), updated_at: iso(mr.updatedAt), merge_status: 'can_be_merged',
    approved: left === 0,
    approvals_required: rules.reduce((sum, r) => sum + r.rule.required, 0),
    approvals_left: left,
    require_password_to_approve: false,
    approved_by: approvedBy,
    suggested_approvers: [], approvers: [], approver_groups: [],
    ...base,
    approval_rules_left: rules.filter((r) => r.left > 0).map((r, i) => ({ id: i + 1, name: r.rule.name, rule_type: r.rule.eligible?.length ? 'regular' : 'any_approver' })),
    has_approval_rules: rules.length > 0,
    merge_request_approvers_available: true,
    multiple_approval_rules_available: true,
    invalid_approvers_rules: [],
  };
}

function approvalState(ctx: RouteContext): Reply {
  const project = readableProject(ctx);
  const ap = glState(ctx).approvals;
  if (!ap.settingsOf(project).premium) return json(404, { error: '404 Not Found' });
  const mr = findMergeRequest(ctx, project);
  const rules = ap.ruleStates(mr).map(({ rule, approvers, left }, i) => {
    const eligible = (rule.eligible ?? []).flatMap((n) => ctx.state.userByName(n) ?? []);
    return {
      id: i + 1, name: rule.name, rule_type: eligible.length ? 'regular' : 'any_approver',
      eligible_approvers: eligible.map((u) => gitlabUserBasic(ctx.forge, u)),
      approvals_required: rule.required,
      users: eligible.map((u) => gitlabUserBasic(ctx.forge, u)),
      groups: [], contains_hidden_groups: false, section: null, source_rule: null, overridden: false, code_owner: false, report_type: null,
      approved_by: approvers.map((u) => gitlabUserBasic(ctx.forge, u)),
      approved: left === 0,
    };
  });
  return json(200, { approval_rules_overwritten: false, rules });
}

/** find_merge_request_with_access(iid, :approve_merge_request): 403 below the Developer role. */
function approvable(ctx: RouteContext): { project: Project; mr: MergeRequest; user: User } {
  const project = authenticatedProject(ctx);
  const mr = findMergeRequest(ctx, project);
  const user = ctx.requireUser();
  if (!glState(ctx).hasAccess(user, project, 'developer')) throw forbidden();
  return { project, mr, user };
}

function approve(ctx: RouteContext): Reply {
  const params = validateParams(ctx, [{ name: 'sha', type: 'string' }, { name: 'approval_password', type: 'string' }, { name: 'publish_review', type: 'boolean' }]);
  const { mr, user } = approvable(ctx);
  // check_sha_param!
  if (params.sha !== undefined && String(params.sha).toLowerCase() !== mr.headSha) throw fail(409, `SHA does not match HEAD of source branch: ${mr.headSha}`);
  const ap = glState(ctx).approvals;
  if (ap.hasApproved(mr, user)) return { status: 304 };
  if (!ap.canApprove(mr, user)) throw unauthorized();
  ap.approve(mr, user);
  return created(approvalsEntity(ctx, mr));
}

function unapprove(ctx: RouteContext): Reply {
  const { mr, user } = approvable(ctx);
  const ap = glState(ctx).approvals;
  if (!ap.hasApproved(mr, user)) return { status: 304 };
  ap.unapprove(mr, user);
  return created(approvalsEntity(ctx, mr));
}

export function registerGitLabApprovals(router: Router): Router {
  return router
    .get('/projects/:id/merge_requests/:merge_request_iid/approvals', (ctx) => json(200, approvalsEntity(ctx, findMergeRequest(ctx, readableProject(ctx)))))
    .get('/projects/:id/merge_requests/:merge_request_iid/approval_state', approvalState)
    .post('/projects/:id/merge_requests/:merge_request_iid/approve', approve)
    .post('/projects/:id/merge_requests/:merge_request_iid/unapprove', unapprove);
}
