// GitLab REST API v4 subset (also JiHu GitLab, which runs the same code).
// Entities keep GitLab's field names and types. Sources: GitLab's user/project entities as documented
// in doc/api/users.md and doc/api/projects.md; the user-basic shape (id, name, username, state,
// avatar_url, web_url) as recorded in samples/gitlab-go-scm/merge.json `author`; error bodies
// `{"message":"401 Unauthorized"}`, `{"message":"404 Project Not Found"}`, unknown route `{"error":"404 Not Found"}`.
// The merge-request world (MRs, status checks, pipelines, statuses) is in the gitlab-*.ts files; its
// state is `forge.gitlab` (gitlab-state.ts), and explicit roles there widen who reads a private project.
import { registerGitLabApprovals } from './gitlab-approvals';
import { gitlabOutsideRoutes } from './gitlab-graphql';
import { registerGitLabCi } from './gitlab-pipelines';
import { registerGitLabMerging } from './gitlab-merge';
import { registerGitLabMergeRequests } from './gitlab-mrs';
import { registerGitLabProjectChecks } from './gitlab-project-checks';
import { gitlabOf } from './gitlab-state';
import { registerGitLabStatusChecks } from './gitlab-status-checks';
import { registerGitLabStatuses } from './gitlab-statuses';
import { GITLAB_PAGES, gitlabPageHeaders, pageOf } from './pagination';
import { Router } from './router';
import type { Project, User } from './state';
import { json, ReplyError, type Credential, type ForgeApi, type ForgeInfo, type Reply, type RouteContext } from './types';

export const GITLAB_API_ROOT = '/api/v4';

export function gitlabNotFound(what = 'Project'): Reply {
  return json(404, { message: `404 ${what} Not Found` });
}

function avatarUrl(forge: ForgeInfo, user: User): string {
  return `${forge.url}/uploads/-/system/user/avatar/${user.id}/avatar.png`;
}

/** UserBasic: the shape of `author`, `assignee`... (samples/gitlab-go-scm/merge.json). */
export function gitlabUserBasic(forge: ForgeInfo, user: User): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: avatarUrl(forge, user),
    web_url: `${forge.url}/${user.username}`,
  };
}

/** GET /user: the current user's own entity (UserPublic). */
export function gitlabCurrentUser(forge: ForgeInfo, user: User): Record<string, unknown> {
  const created = user.createdAt.toISOString();
  return {
    ...gitlabUserBasic(forge, user),
    created_at: created,
    bio: '',
    location: '',
    public_email: null,
    skype: '',
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: false,
    work_information: null,
    local_time: null,
    last_sign_in_at: created,
    confirmed_at: created,
    last_activity_on: created.slice(0, 10),
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: created,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: user.email,
  };
}

function namespaceEntity(ctx: RouteContext, project: Project): Record<string, unknown> {
  const fullPath = ctx.state.namespaceOf(project);
  const segments = fullPath.split('/');
  const owner = ctx.state.ownerOf(project);
  const isUser = owner !== undefined && segments.length === 1;
  const parent = segments.length > 1 ? segments.slice(0, -1).join('/') : undefined;
  return {
    id: ctx.state.namespaceId(fullPath),
    name: isUser ? owner.name : segments[segments.length - 1],
    path: segments[segments.length - 1],
    kind: isUser ? 'user' : 'group',
    full_path: fullPath,
    parent_id: parent === undefined ? null : ctx.state.namespaceId(parent),
    avatar_url: null,
    web_url: isUser ? `${ctx.forge.url}/${fullPath}` : `${ctx.forge.url}/groups/${fullPath}`,
  };
}

/** The fields GitLab's BasicProjectDetails has (also used for `forked_from_project`). */
function basicProject(ctx: RouteContext, project: Project): Record<string, unknown> {
  const ns = namespaceEntity(ctx, project);
  const segments = project.path.split('/');
  const nsNames = segments.slice(0, -1);
  if (ns.kind === 'user') nsNames[0] = String(ns.name);
  return {
    id: project.id,
    description: project.description === '' ? null : project.description,
    name: project.name,
    name_with_namespace: [...nsNames, project.name].join(' / '),
    path: segments[segments.length - 1],
    path_with_namespace: project.path,
    created_at: project.createdAt.toISOString(),
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${ctx.forge.host.replace(/:\d+$/, '')}:${project.path}.git`,
    http_url_to_repo: `${ctx.forge.url}/${project.path}.git`,
    web_url: `${ctx.forge.url}/${project.path}`,
    readme_url: null,
    forks_count: ctx.state.forksOf(project).length,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.updatedAt.toISOString(),
    namespace: ns,
  };
}

function accessLevel(ctx: RouteContext, project: Project): number | undefined {
  return gitlabOf(ctx.state).accessLevel(ctx.user, project);
}

/** The Project entity (GET /projects/:id adds `permissions`, as ProjectWithAccess does). */
export function gitlabProject(ctx: RouteContext, project: Project, withAccess = false): Record<string, unknown> {
  const api = `${ctx.forge.apiBase}/projects/${project.id}`;
  const owner = ctx.state.ownerOf(project);
  const source = ctx.state.forkSource(project);
  const settings = gitlabOf(ctx.state).settingsOf(project);
  const merge = settings.merge;
  const entity: Record<string, unknown> = {
    ...basicProject(ctx, project),
    _links: {
      self: api,
      issues: `${api}/issues`,
      merge_requests: `${api}/merge_requests`,
      repo_branches: `${api}/repository/branches`,
      labels: `${api}/labels`,
      events: `${api}/events`,
      members: `${api}/members`,
      cluster_agents: `${api}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: false,
    archived: project.archived,
    visibility: project.visibility,
    ...(owner && project.path.split('/').length === 2 ? { owner: gitlabUserBasic(ctx.forge, owner) } : {}),
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: false,
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    creator_id: owner?.id ?? 1,
    open_issues_count: 0,
    ci_config_path: null,
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: settings.pipelineMustSucceed,
    // EE (ee/lib/ee/api/entities/project.rb): exposed where external status checks are licensed.
    ...(settings.externalStatusChecksLicensed ? { only_allow_merge_if_all_status_checks_passed: settings.statusChecksMustPass } : {}),
    only_allow_merge_if_all_discussions_are_resolved: false,
    remove_source_branch_after_merge: merge.removeSourceBranchAfterMerge,
    request_access_enabled: true,
    merge_method: merge.mergeMethod,
    squash_option: merge.squashOption,
  };
  // GitLab omits the key entirely for projects that are not forks (or whose source the user cannot see).
  if (source && gitlabOf(ctx.state).canRead(ctx.user, source)) entity.forked_from_project = basicProject(ctx, source);
  if (withAccess) {
    const level = accessLevel(ctx, project);
    entity.permissions = {
      project_access: level === undefined ? null : { access_level: level, notification_level: 3 },
      group_access: null,
    };
  }
  return entity;
}

/** Resolve `:id` (a numeric id or a decoded `group/sub/proj` path) to a project the user can read, or throw 404. */
export function findGitLabProject(ctx: RouteContext, idOrPath = ctx.params.id): Project {
  const project = /^\d+$/.test(idOrPath) ? ctx.state.project(Number(idOrPath)) : ctx.state.projectByPath(idOrPath);
  if (!project || !gitlabOf(ctx.state).canRead(ctx.user, project)) throw new ReplyError(gitlabNotFound());
  return project;
}

function listProjects(ctx: RouteContext): Reply {
  const search = (ctx.query.get('search') ?? '').toLowerCase();
  const membership = ctx.query.get('membership') === 'true' || ctx.query.get('owned') === 'true';
  const visibility = ctx.query.get('visibility');
  const gl = gitlabOf(ctx.state);
  const all = [...ctx.state.projects.values()]
    .filter((p) => gl.canRead(ctx.user, p))
    .sort((a, b) => b.id - a.id)
    .filter((p) => search === '' || p.name.toLowerCase().includes(search) || p.path.toLowerCase().includes(search))
    .filter((p) => !membership || gl.accessLevel(ctx.user, p) !== undefined)
    .filter((p) => visibility === null || p.visibility === visibility);
  const page = pageOf(all, ctx.query, GITLAB_PAGES);
  const headers = gitlabPageHeaders(page, `${ctx.forge.apiBase}/projects`, ctx.query);
  return json(200, page.items.map((p) => gitlabProject(ctx, p)), headers);
}

/** The routes of this file; later files (MRs, status checks, pipelines) add theirs the same way. */
export function registerGitLabCore(router: Router): Router {
  return router
    .get('/user', (ctx) => json(200, gitlabCurrentUser(ctx.forge, ctx.requireUser())))
    .get('/projects', listProjects)
    .get('/projects/:id', (ctx) => json(200, gitlabProject(ctx, findGitLabProject(ctx), true)));
}

/** `PRIVATE-TOKEN: x`, `Authorization: Bearer x`; GitLab also reads `?private_token=` / `?access_token=`. */
export function gitlabCredential(headers: Readonly<Record<string, string>>, query: URLSearchParams): Credential | undefined {
  const privateToken = headers['private-token'];
  if (privateToken) return { via: 'private-token', token: privateToken };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return { via: 'bearer', token: bearer[1] };
  const inQuery = query.get('private_token') ?? query.get('access_token');
  if (inQuery) return { via: 'query', token: inQuery };
  return undefined;
}

export function gitlabApi(): ForgeApi {
  return {
    kind: 'gitlab',
    apiRoot: GITLAB_API_ROOT,
    router: [registerGitLabMergeRequests, registerGitLabMerging, registerGitLabStatusChecks, registerGitLabProjectChecks, registerGitLabCi, registerGitLabStatuses, registerGitLabApprovals]
      .reduce((router, register) => register(router), registerGitLabCore(new Router())),
    // POST /api/graphql, beside /api/v4 (gitlab-graphql.ts).
    outsideRoutes: gitlabOutsideRoutes(),
    credential: gitlabCredential,
    // GitLab answers the same body for a missing and an invalid token.
    unauthorized: () => json(401, { message: '401 Unauthorized' }),
    // Rails' Rack::ETag and Rack::ConditionalGet: a weak ETag, 304 only on an exact If-None-Match.
    validators: 'exactMatch',
    routeNotFound: () => json(404, { error: '404 Not Found' }),
  };
}
