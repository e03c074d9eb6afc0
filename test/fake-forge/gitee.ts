// Gitee API v5 subset. Shapes follow the recorded gitee.com responses in samples/gitee-go-scm/
// (pr.json `user` and `head.repo`: note Gitee's repo `html_url` ends in `.git`, and times carry +08:00);
// errors are `{"message": "..."}` (samples/gitee-go-scm/error.json: `{"message":"404 Project Not Found"}`).
// Pull requests and check runs: gitee-pulls.ts, gitee-checks.ts; their state is `forge.gitee` (checks-state.ts).
import { encodeCommitRef } from './checks-form';
import { checksOf } from './checks-state';
import { registerGiteeChecks } from './gitee-checks';
import { registerGiteePulls } from './gitee-pulls';
import { registerGiteeReviews } from './gitee-reviews';
import { GITEE_PAGES, giteePageHeaders, pageOf } from './pagination';
import { registerGiteeBranches } from './gitee-branches';
import { Router } from './router';
import type { Project, User } from './state';
import { json, ReplyError, type Credential, type ForgeApi, type ForgeInfo, type Reply, type RouteContext } from './types';

export const GITEE_API_ROOT = '/api/v5';

export function giteeNotFound(): Reply {
  return json(404, { message: '404 Project Not Found' });
}

/** Gitee's time format: ISO 8601 in China Standard Time, `2021-09-30T16:38:19+08:00`. */
export function giteeTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

export interface Login {
  id: number;
  login: string;
  name: string;
}

function loginOf(user: User): Login {
  return { id: user.id, login: user.username, name: user.name };
}

/** The user object embedded everywhere (samples/gitee-go-scm/pr.json `user`). */
export function giteeAccount(forge: ForgeInfo, who: Login): Record<string, unknown> {
  const api = `${forge.apiBase}/users/${who.login}`;
  return {
    id: who.id,
    login: who.login,
    name: who.name,
    avatar_url: `${forge.url}/assets/no_portrait.png`,
    url: api,
    html_url: `${forge.url}/${who.login}`,
    remark: '',
    followers_url: `${api}/followers`,
    following_url: `${api}/following_url{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'User',
  };
}

export function giteeUser(forge: ForgeInfo, user: User): Record<string, unknown> {
  return giteeAccount(forge, loginOf(user));
}

/** GET /user: the embedded user plus the profile fields. */
function currentUser(ctx: RouteContext, user: User): Record<string, unknown> {
  const visible = ctx.state.visibleProjects(user).filter((p) => ctx.state.ownerOf(p)?.id === user.id);
  return {
    ...giteeUser(ctx.forge, user),
    blog: null,
    weibo: null,
    bio: null,
    public_repos: visible.filter((p) => p.visibility === 'public').length,
    public_gists: 0,
    followers: 0,
    following: 0,
    stared: 0,
    watched: visible.length,
    created_at: giteeTime(user.createdAt),
    updated_at: giteeTime(user.createdAt),
    email: user.email,
  };
}

/** The owner of a repository: its user, or its namespace as a pseudo-account. */
export function giteeOwnerLogin(ctx: RouteContext, project: Project): Login {
  const owner = ctx.state.ownerOf(project);
  if (owner) return loginOf(owner);
  const ns = ctx.state.namespaceOf(project);
  return { id: ctx.state.namespaceId(ns), login: ns, name: ns };
}

/** The repository entity (samples/gitee-go-scm/pr.json `head.repo`, plus the fields of GET /repos/:o/:r). */
export function giteeRepo(ctx: RouteContext, project: Project, withParent = true): Record<string, unknown> {
  const { forge, state } = ctx;
  const api = `${forge.apiBase}/repos/${project.path}`;
  const ns = state.namespaceOf(project);
  const owner = giteeAccount(forge, giteeOwnerLogin(ctx, project));
  const source = state.forkSource(project);
  const entity: Record<string, unknown> = {
    id: project.id,
    full_name: project.path,
    human_name: `${ns}/${project.name}`,
    url: api,
    namespace: {
      id: state.namespaceId(ns),
      type: state.ownerOf(project) ? 'personal' : 'group',
      name: ns,
      path: ns,
      html_url: `${forge.url}/${ns}`,
    },
    path: project.path.split('/')[1],
    name: project.name,
    owner,
    assigner: owner,
    description: project.description,
    private: project.visibility === 'private',
    public: project.visibility === 'public',
    internal: project.visibility === 'internal',
    fork: project.forkedFromPath !== undefined,
    html_url: `${forge.url}/${project.path}.git`,
    ssh_url: `git@${forge.host.replace(/:\d+$/, '')}:${project.path}.git`,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    hooks_url: `${api}/hooks`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/blobs{/sha}`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    commits_url: `${api}/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    recommend: false,
    gvp: false,
    homepage: null,
    language: null,
    forks_count: state.forksOf(project).length,
    stargazers_count: 0,
    watchers_count: 1,
    default_branch: project.defaultBranch,
    open_issues_count: 0,
    has_issues: true,
    has_wiki: true,
    issue_comment: false,
    can_comment: true,
    pull_requests_enabled: true,
    has_page: false,
    license: null,
    outsourced: false,
    project_creator: owner.login,
    members: [owner.login, ...project.members],
    pushed_at: giteeTime(project.updatedAt),
    created_at: giteeTime(project.createdAt),
    updated_at: giteeTime(project.updatedAt),
    parent: withParent && source && state.canRead(ctx.user, source) ? giteeRepo(ctx, source, false) : null,
    paas: null,
    assignees_number: 1,
    testers_number: 1,
    status: project.archived ? '已关闭' : '开始',
  };
  if (ctx.user) {
    // 操作权限 of the reader: only an admin may call the check-run API (gitee-checks.ts).
    const world = checksOf(state, 'gitee');
    entity.permission = { pull: true, push: world.canPush(ctx.user, project), admin: world.isAdmin(ctx.user, project) };
  }
  return entity;
}

/** Resolve `:owner/:repo` to a repository the user can read, or throw Gitee's 404. */
export function findGiteeRepo(ctx: RouteContext): Project {
  const project = ctx.state.projectByPath(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!project || !ctx.state.canRead(ctx.user, project)) throw new ReplyError(giteeNotFound());
  return project;
}

/** GET /user/repos: repositories the user owns or is a member of. */
function listUserRepos(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const all = ctx.state.visibleProjects(user).filter((p) => ctx.state.isMember(user, p));
  const page = pageOf(all, ctx.query, GITEE_PAGES);
  return json(200, page.items.map((p) => giteeRepo(ctx, p)), giteePageHeaders(page));
}

export function registerGiteeCore(router: Router): Router {
  return router
    .get('/user', (ctx) => json(200, currentUser(ctx, ctx.requireUser())))
    .get('/user/repos', listUserRepos)
    .get('/repos/:owner/:repo', (ctx) => json(200, giteeRepo(ctx, findGiteeRepo(ctx))));
}

/**
 * `Authorization: Bearer x` (what drone/go-scm and oschina/mcp-gitee send) or `?access_token=x`
 * (Gitee's documented form; recorded as via 'query'). `Authorization: token x` is not known to work
 * on Gitee, so it is ignored (the request is anonymous).
 */
export function giteeCredential(headers: Readonly<Record<string, string>>, query: URLSearchParams): Credential | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return { via: 'bearer', token: bearer[1] };
  const inQuery = query.get('access_token');
  if (inQuery) return { via: 'query', token: inQuery };
  return undefined;
}

export function giteeApi(): ForgeApi {
  return {
    kind: 'gitee',
    apiRoot: GITEE_API_ROOT,
    router: registerGiteeBranches(registerGiteeReviews(registerGiteeChecks(registerGiteePulls(registerGiteeCore(new Router()))))),
    credential: giteeCredential,
    unauthorized: () => json(401, { message: '401 Unauthorized: Access token does not exist' }),
    // A weak ETag as in drone/go-scm's recorded Gitee headers; no 304 was ever seen from Gitee.
    validators: 'etagOnly',
    routeNotFound: () => json(404, { message: '404 Not Found' }),
    rewrite: (apiPath) => encodeCommitRef(apiPath, ['check-runs']),
  };
}
