// GitHub REST subset, at the root (github.com style) or under /api/v3 (GitHub Enterprise Server).
// Shapes follow samples/github-go-scm/pr.json (`head.repo`, `user`) and samples/octokit-fixtures;
// errors follow samples/github-go-scm/error.json (`{"message":"Not Found","documentation_url":...}`),
// with the `status` string today's API adds (OpenAPI `basic-error`); a 422 Validation Failed has none
// (OpenAPI `validation-error`, samples/octokit-fixtures/errors.normalized-fixture.json).
// Pagination Links point at /repositories/<id>/..., as recorded in samples/octokit-fixtures/paginate-issues
// and samples/pygithub-replay.
// Pull requests, check runs and commit statuses: github-pulls.ts, github-checks.ts, github-statuses.ts;
// their state is `forge.github` (checks-state.ts).
import { encodeCommitRef } from './checks-form';
import { checksOf } from './checks-state';
import { registerGitHubChecks } from './github-checks';
import { githubMergeSettingsEntity } from './github-merge';
import { registerGitHubPulls } from './github-pulls';
import { registerGitHubReviews } from './github-reviews';
import { registerGitHubBranches } from './github-branches';
import { registerGitHubStatuses } from './github-statuses';
import { GITHUB_PAGES, githubPageHeaders, pageOf } from './pagination';
import { Router } from './router';
import type { ForgeState, Project, User } from './state';
import { json, ReplyError, type Credential, type ForgeApi, type ForgeInfo, type Reply, type RouteContext } from './types';

export const GITHUB_ENTERPRISE_API_ROOT = '/api/v3';

export function githubError(status: number, message: string, documentationUrl = 'https://docs.github.com/rest'): Reply {
  return json(status, { message, documentation_url: documentationUrl, status: String(status) });
}

export function githubNotFound(documentationUrl?: string): Reply {
  return githubError(404, 'Not Found', documentationUrl);
}

/** GitHub's time format: `2011-01-26T19:01:12Z` (no milliseconds). */
export function githubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64');
}

export interface Account {
  id: number;
  login: string;
  type: 'User' | 'Organization';
}

/** The simple user embedded everywhere (samples/github-go-scm/pr.json `user`). */
export function accountEntity(forge: ForgeInfo, who: Account): Record<string, unknown> {
  const api = `${forge.apiBase}/users/${who.login}`;
  return {
    login: who.login,
    id: who.id,
    node_id: nodeId(who.type, who.id),
    avatar_url: `${forge.url}/avatars/u/${who.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${forge.url}/${who.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: who.type,
    site_admin: false,
  };
}

export function githubUser(forge: ForgeInfo, user: User): Record<string, unknown> {
  return accountEntity(forge, { id: user.id, login: user.username, type: 'User' });
}

/** GET /user: the private user entity. */
function currentUser(ctx: RouteContext, user: User): Record<string, unknown> {
  const owned = [...ctx.state.projects.values()].filter((p) => ctx.state.ownerOf(p)?.id === user.id);
  return {
    ...githubUser(ctx.forge, user),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: owned.filter((p) => p.visibility === 'public').length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: githubTime(user.createdAt),
    updated_at: githubTime(user.createdAt),
    private_gists: 0,
    total_private_repos: owned.filter((p) => p.visibility !== 'public').length,
    owned_private_repos: owned.filter((p) => p.visibility !== 'public').length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

export function ownerAccount(state: ForgeState, project: Project): Account {
  const owner = state.ownerOf(project);
  if (owner) return { id: owner.id, login: owner.username, type: 'User' };
  const ns = state.namespaceOf(project);
  return { id: state.namespaceId(ns), login: ns, type: 'Organization' };
}

/**
 * The repository entity: OpenAPI `repository` (a PR's head.repo / base.repo, list items), with the URL
 * templates of samples/github-go-scm/pr.json `head.repo`; `full` is GET /repos/:o/:r (`full-repository`:
 * network_count, subscribers_count, and parent/source for forks).
 */
export function githubRepo(ctx: RouteContext, project: Project, full = false): Record<string, unknown> {
  const { forge, state } = ctx;
  const api = `${forge.apiBase}/repos/${project.path}`;
  const web = `${forge.url}/${project.path}`;
  const host = forge.host.replace(/:\d+$/, '');
  const entity: Record<string, unknown> = {
    id: project.id,
    node_id: nodeId('Repository', project.id),
    name: project.name,
    full_name: project.path,
    private: project.visibility !== 'public',
    owner: accountEntity(forge, ownerAccount(state, project)),
    html_url: web,
    description: project.description === '' ? null : project.description,
    fork: project.forkedFromPath !== undefined,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    created_at: githubTime(project.createdAt),
    updated_at: githubTime(project.updatedAt),
    pushed_at: githubTime(project.updatedAt),
    git_url: `git://${host}/${project.path}.git`,
    ssh_url: `git@${host}:${project.path}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: state.forksOf(project).length,
    mirror_url: null,
    archived: project.archived,
    disabled: false,
    open_issues_count: 0,
    license: null,
    topics: [],
    visibility: project.visibility,
    forks: state.forksOf(project).length,
    open_issues: 0,
    watchers: 0,
    default_branch: project.defaultBranch,
  };
  if (ctx.user) {
    // As the status and check-run routes decide (checks-state.ts): members and configured admins push.
    const world = checksOf(state, 'github');
    const admin = world.isAdmin(ctx.user, project);
    const push = world.canPush(ctx.user, project);
    entity.permissions = { admin, maintain: admin, push, triage: push, pull: true };
  }
  if (full) {
    Object.assign(entity, githubMergeSettingsEntity(ctx, project));
    entity.network_count = state.forksOf(project).length;
    entity.subscribers_count = 0;
  }
  const source = state.forkSource(project);
  if (full && source && state.canRead(ctx.user, source)) {
    let root = source;
    for (let up = state.forkSource(root); up && state.canRead(ctx.user, up); up = state.forkSource(root)) root = up;
    entity.parent = githubRepo(ctx, source);
    entity.source = githubRepo(ctx, root);
  }
  return entity;
}

/** Resolve `:owner/:repo` to a repository the user can read, or throw GitHub's 404 (private repos hide as 404). */
export function findGitHubRepo(ctx: RouteContext): Project {
  const project = ctx.state.projectByPath(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!project || !ctx.state.canRead(ctx.user, project)) {
    throw new ReplyError(githubNotFound('https://docs.github.com/rest/repos/repos#get-a-repository'));
  }
  return project;
}

/** The base of pagination links of a repository list route, in GitHub's `/repositories/<id>` form. */
export function githubRepoLinkBase(ctx: RouteContext, project: Project, rest: string): string {
  return `${ctx.forge.apiBase}/repositories/${project.id}${rest}`;
}

function listUserRepos(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const all = ctx.state.visibleProjects(user).filter((p) => ctx.state.isMember(user, p));
  const page = pageOf(all, ctx.query, GITHUB_PAGES);
  const headers = githubPageHeaders(page, `${ctx.forge.apiBase}/user/repos`, ctx.query);
  return json(200, page.items.map((p) => githubRepo(ctx, p)), headers);
}

function listForks(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const all = ctx.state.forksOf(project).filter((p) => ctx.state.canRead(ctx.user, p)).sort((a, b) => b.id - a.id);
  const page = pageOf(all, ctx.query, GITHUB_PAGES);
  const headers = githubPageHeaders(page, githubRepoLinkBase(ctx, project, '/forks'), ctx.query);
  return json(200, page.items.map((p) => githubRepo(ctx, p)), headers);
}

export function registerGitHubCore(router: Router): Router {
  return router
    .get('/user', (ctx) => json(200, currentUser(ctx, ctx.requireUser())))
    .get('/user/repos', listUserRepos)
    .get('/repos/:owner/:repo', (ctx) => json(200, githubRepo(ctx, findGitHubRepo(ctx), true)))
    .get('/repos/:owner/:repo/forks', listForks);
}

/** `/repositories/<id>/rest` is answered as `/repos/<owner>/<repo>/rest` (the form GitHub's Links use). */
function rewriteRepositoryId(apiPath: string, state: ForgeState): string {
  const m = /^\/repositories\/(\d+)(\/.*)?$/.exec(apiPath);
  if (!m) return apiPath;
  const project = state.project(Number(m[1]));
  if (!project) return apiPath;
  const [owner, repo] = project.path.split('/');
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}${m[2] ?? ''}`;
}

/** `Authorization: token x` or `Authorization: Bearer x`. GitHub no longer reads `?access_token=`. */
export function githubCredential(headers: Readonly<Record<string, string>>): Credential | undefined {
  const m = /^(token|Bearer)\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!m) return undefined;
  return { via: m[1].toLowerCase() === 'token' ? 'token' : 'bearer', token: m[2] };
}

export function githubApi(enterprise: boolean): ForgeApi {
  let used = 0;
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  return {
    kind: 'github',
    apiRoot: enterprise ? GITHUB_ENTERPRISE_API_ROOT : '',
    router: registerGitHubBranches(registerGitHubReviews(registerGitHubStatuses(registerGitHubChecks(registerGitHubPulls(registerGitHubCore(new Router())))))),
    credential: (headers) => githubCredential(headers),
    unauthorized: (reason) => githubError(401, reason === 'invalid' ? 'Bad credentials' : 'Requires authentication'),
    routeNotFound: () => githubNotFound(),
    rewrite: (apiPath, state) => encodeCommitRef(rewriteRepositoryId(apiPath, state), ['check-runs', 'status', 'statuses']),
    // GitHub sends a weak ETag on REST GETs and answers If-None-Match with 304 (samples/pygithub-replay).
    validators: 'weakMatch',
    notCounted: () => {
      used--;
    },
    commonHeaders: () => {
      used++;
      return {
        'x-github-media-type': 'github.v3; format=json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(Math.max(0, 5000 - used)),
        'x-ratelimit-reset': reset,
        'x-ratelimit-used': String(used),
        'x-ratelimit-resource': 'core',
      };
    },
  };
}
