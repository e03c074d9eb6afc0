// GitLab project-level external status checks and protected branches:
//   GET/POST /projects/:id/external_status_checks, PUT/DELETE /projects/:id/external_status_checks/:check_id
//   (ee/lib/api/status_checks.rb, entity ee/lib/api/entities/external_status_check.rb as in
//   samples/gitlab-docs/status_checks.project_list.response.json; the shared secret is never rendered, only `hmac`)
//   GET /projects/:id/protected_branches (lib/api/entities/protected_branch.rb).
// Non-maintainers: the list answers `unauthorized!` (401 "401 Unauthorized"); create/update/delete answer
// what ExternalStatusChecks::*Service renders for them: 401 {"message":["Not allowed"]}. Model errors: 422
// {"message":["Name has already been taken"]} (render_api_error!(errors.full_messages, :unprocessable_entity)).
import { created, glState, iso, numericParam, paginated, readableProject, recordNotFound, statusCheckProject, unauthorized, validateParams } from './gitlab-helpers';
import type { ExternalStatusCheck, ProtectedBranch } from './gitlab-state';
import type { Router } from './router';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

/** ProtectedBranch as the status-check entity nests it (the doc sample's fields). */
function nestedBranch(branch: ProtectedBranch): Record<string, unknown> {
  const date = iso(branch.createdAt);
  return { id: branch.id, project_id: branch.projectId, name: branch.name, created_at: date, updated_at: date, code_owner_approval_required: false };
}

export function externalStatusCheckEntity(ctx: RouteContext, check: ExternalStatusCheck): Record<string, unknown> {
  const branches = glState(ctx).protectedBranches.filter((b) => check.protectedBranchIds.includes(b.id));
  return {
    id: check.id,
    name: check.name,
    project_id: check.projectId,
    external_url: check.externalUrl,
    hmac: (check.sharedSecret ?? '') !== '',
    protected_branches: branches.map(nestedBranch),
  };
}

function accessLevels(branch: ProtectedBranch): Array<Record<string, unknown>> {
  return [{ id: branch.id, access_level: 40, access_level_description: 'Maintainers', deploy_key_id: null, user_id: null, group_id: null }];
}

function protectedBranchEntity(branch: ProtectedBranch): Record<string, unknown> {
  return {
    id: branch.id,
    name: branch.name,
    push_access_levels: accessLevels(branch),
    merge_access_levels: accessLevels(branch),
    unprotect_access_levels: [],
    allow_force_push: false,
    code_owner_approval_required: false,
    inherited: false,
  };
}

const notAllowed = (): ReplyError => new ReplyError(json(401, { message: ['Not allowed'] }));

function maintainer(ctx: RouteContext, project: Project): boolean {
  return glState(ctx).hasAccess(ctx.user, project, 'maintainer');
}

function findCheck(ctx: RouteContext, project: Project): ExternalStatusCheck {
  const check = glState(ctx).statusChecks.get(numericParam(ctx, 'check_id'));
  if (!check || check.projectId !== project.id) throw recordNotFound();
  return check;
}

const CHECK_PARAMS = (required: boolean) => [
  { name: 'name', type: 'string', required },
  { name: 'external_url', type: 'string', required },
  { name: 'shared_secret', type: 'string' },
  { name: 'protected_branch_ids', type: 'integer[]' },
] as const;

/** The model's validations, as full messages (422). */
function modelErrors(ctx: RouteContext, project: Project, fields: { name: string; externalUrl: string; branchIds: number[] }, self?: ExternalStatusCheck): string[] {
  const others = glState(ctx).checksOf(project).filter((c) => c !== self);
  const errors: string[] = [];
  if (fields.name.trim() === '') errors.push("Name can't be blank");
  else if (others.some((c) => c.name === fields.name)) errors.push('Name has already been taken');
  if (!/^https?:\/\/[^\s/?#]+/i.test(fields.externalUrl)) errors.push('External url must be a valid URL');
  else if (others.some((c) => c.externalUrl === fields.externalUrl)) errors.push('External url has already been taken');
  const mine = glState(ctx).protectedBranchesOf(project).map((b) => b.id);
  if (fields.branchIds.some((id) => !mine.includes(id))) errors.push('Protected branches must belong to the project');
  return errors;
}

function list(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  if (!maintainer(ctx, project)) throw unauthorized();
  return paginated(ctx, glState(ctx).checksOf(project), (c) => externalStatusCheckEntity(ctx, c));
}

function create(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const params = validateParams(ctx, CHECK_PARAMS(true));
  if (!maintainer(ctx, project)) throw notAllowed();
  const fields = { name: params.name as string, externalUrl: params.external_url as string, branchIds: (params.protected_branch_ids as number[] | undefined) ?? [] };
  const errors = modelErrors(ctx, project, fields);
  if (errors.length > 0) throw new ReplyError(json(422, { message: errors }));
  const check = glState(ctx).addExternalStatusCheck({
    project, name: fields.name, externalUrl: fields.externalUrl, protectedBranchIds: fields.branchIds,
    sharedSecret: params.shared_secret as string | undefined,
  });
  return created(externalStatusCheckEntity(ctx, check));
}

function update(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const params = validateParams(ctx, CHECK_PARAMS(false));
  if (!maintainer(ctx, project)) throw notAllowed();
  const check = findCheck(ctx, project);
  const fields = {
    name: (params.name as string | undefined) ?? check.name,
    externalUrl: (params.external_url as string | undefined) ?? check.externalUrl,
    branchIds: (params.protected_branch_ids as number[] | undefined) ?? check.protectedBranchIds,
  };
  const errors = modelErrors(ctx, project, fields, check);
  if (errors.length > 0) throw new ReplyError(json(422, { message: errors }));
  check.name = fields.name;
  check.externalUrl = fields.externalUrl;
  check.protectedBranchIds = [...fields.branchIds];
  if (params.shared_secret !== undefined) check.sharedSecret = params.shared_secret as string;
  return json(200, externalStatusCheckEntity(ctx, check));
}

function destroy(ctx: RouteContext): Reply {
  const project = statusCheckProject(ctx);
  const check = findCheck(ctx, project);
  if (!maintainer(ctx, project)) throw notAllowed();
  glState(ctx).statusChecks.delete(check.id);
  return { status: 204 };
}

export function registerGitLabProjectChecks(router: Router): Router {
  return router
    .get('/projects/:id/external_status_checks', list)
    .post('/projects/:id/external_status_checks', create)
    .put('/projects/:id/external_status_checks/:check_id', update)
    .delete('/projects/:id/external_status_checks/:check_id', destroy)
    .get('/projects/:id/protected_branches', (ctx) => {
      const project = readableProject(ctx);
      return paginated(ctx, glState(ctx).protectedBranchesOf(project), protectedBranchEntity);
    });
}
