// Gitee pull requests: GET /repos/:owner/:repo/pulls and GET /repos/:owner/:repo/pulls/:number.
// Shape: samples/gitee-go-scm/pr.json (label = the bare ref; head.repo is the short repository with
// namespace/owner/assigner; comments_url as recorded, without `/pulls`), plus `draft` (Gitee's
// swagger). Filters (notes/forge-api-facts.md §C): state open|closed|merged|all (default open);
// head = `branch` or `owner:branch`; base; page/per_page with total_count/total_page headers.
// Guessed: a bare `head=branch` matches PRs from forks too (facts: UNCONFIRMED), so clients must check
// head.repo.full_name; the 400 wording for a bad state; the 404 body for an unknown PR number.
import { checksOf, type ChecksState, type PullRequest } from './checks-state';
import { registerGiteeMerging } from './gitee-merge';
import { findGiteeRepo, giteeAccount, giteeOwnerLogin, giteeRepo, giteeTime, giteeUser } from './gitee';
import { giteeReviewerFields } from './gitee-reviews';
import { GITEE_PAGES, giteePageHeaders, pageOf } from './pagination';
import type { Router } from './router';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const LIST_STATES = ['open', 'closed', 'merged', 'all'];
/** The keys of the recorded `head.repo` (a short repository entity). */
const SHORT_REPO_KEYS = [
  'id', 'full_name', 'human_name', 'url', 'namespace', 'path', 'name', 'owner', 'assigner', 'description', 'private', 'public',
  'internal', 'fork', 'html_url', 'ssh_url',
];

export function giteeChecks(ctx: RouteContext): ChecksState {
  return checksOf(ctx.state, 'gitee');
}

export function giteeBadRequest(message: string): ReplyError {
  return new ReplyError(json(400, { message }));
}

function shortRepo(ctx: RouteContext, project: Project): Record<string, unknown> {
  const full = giteeRepo(ctx, project, false);
  return Object.fromEntries(SHORT_REPO_KEYS.map((k) => [k, full[k]]));
}

function branchEntity(ctx: RouteContext, project: Project, ref: string, sha: string): Record<string, unknown> {
  return { label: ref, ref, sha, user: giteeAccount(ctx.forge, giteeOwnerLogin(ctx, project)), repo: shortRepo(ctx, project) };
}

export function giteePullRequest(ctx: RouteContext, pr: PullRequest): Record<string, unknown> {
  const world = giteeChecks(ctx);
  const project = world.project(pr.projectId);
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const self = `${api}/pulls/${pr.number}`;
  const web = `${ctx.forge.url}/${project.path}/pulls/${pr.number}`;
  return {
    id: pr.id,
    url: self,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${self}/issues`,
    commits_url: `${self}/commits`,
    review_comments_url: `${api}/pulls/comments/{/number}`,
    review_comment_url: `${api}/pulls/comments`,
    comments_url: `${api}/${pr.number}/comments`,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    ...giteeReviewerFields(ctx, pr),
    testers_number: 1,
    testers: [],
    milestone: null,
    labels: [],
    locked: false,
    created_at: giteeTime(pr.createdAt),
    updated_at: giteeTime(pr.updatedAt),
    closed_at: pr.closedAt ? giteeTime(pr.closedAt) : null,
    merged_at: pr.mergedAt ? giteeTime(pr.mergedAt) : null,
    mergeable: pr.state === 'open' && !pr.draft && pr.mergeableState === undefined,
    prune_branch: false,
    can_merge_check: false,
    draft: pr.draft,
    head: branchEntity(ctx, world.project(pr.headRepoId), pr.headRef, pr.headSha),
    base: branchEntity(ctx, project, pr.baseRef, pr.baseSha),
    _links: {
      self: { href: self },
      html: { href: web },
      issue: { href: `${self}/issues` },
      comments: { href: `${self}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments/${pr.number}` },
      commits: { href: `${self}/commits` },
    },
    user: giteeUser(ctx.forge, world.userById(pr.authorId)),
  };
}

/** `branch` or `owner:branch` against a PR's head. */
function headMatches(world: ChecksState, pr: PullRequest, head: string): boolean {
  const colon = head.indexOf(':');
  if (colon < 0) return pr.headRef === head;
  const owner = head.slice(0, colon).toLowerCase();
  return pr.headRef === head.slice(colon + 1) && world.project(pr.headRepoId).path.split('/')[0].toLowerCase() === owner;
}

function listPulls(ctx: RouteContext): Reply {
  const project = findGiteeRepo(ctx);
  const world = giteeChecks(ctx);
  const state = ctx.query.get('state') ?? 'open';
  if (!LIST_STATES.includes(state)) throw giteeBadRequest('state does not have a valid value');
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const all = world.pullRequests
    .filter((p) => p.projectId === project.id && (state === 'all' || p.state === state))
    .filter((p) => (head === null || head === '' || headMatches(world, p, head)) && (base === null || base === '' || p.baseRef === base))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.number - a.number);
  const page = pageOf(all, ctx.query, GITEE_PAGES);
  return json(200, page.items.map((p) => giteePullRequest(ctx, p)), giteePageHeaders(page));
}

function getPull(ctx: RouteContext): Reply {
  const project = findGiteeRepo(ctx);
  const number = /^\d+$/.test(ctx.params.number) ? Number(ctx.params.number) : NaN;
  const pr = Number.isNaN(number) ? undefined : giteeChecks(ctx).pullRequest(project, number);
  if (!pr) throw new ReplyError(json(404, { message: '404 Not Found' }));
  return json(200, giteePullRequest(ctx, pr));
}

export function registerGiteePulls(router: Router): Router {
  return registerGiteeMerging(router.get('/repos/:owner/:repo/pulls', listPulls).get('/repos/:owner/:repo/pulls/:number', getPull));
}
