// GitHub pull requests: GET /repos/:owner/:repo/pulls and GET /repos/:owner/:repo/pulls/:number.
// Shape: samples/github-go-scm/pr.json (the single PR: merged, mergeable, merged_by, comments, commits...;
// the list item leaves those out, as GitHub's pull-request-simple does); head.label is `owner:ref`.
// Filters (notes/forge-api-facts.md §D): state open|closed|all (default open; merged PRs are closed with
// merged_at), head in the form `owner:branch` (a bare branch matches nothing here), base, sort
// created|updated|popularity|long-running (default created), direction (default desc), per_page/page
// with Link headers in the /repositories/<id> form. Guessed: 422 for a bad state or sort.
import { checksOf, type ChecksState, type PullRequest } from './checks-state';
import { seedSha } from './checks-model';
import { githubMergeableState } from './github-branches';
import { registerGitHubMerging } from './github-merge';
import { findGitHubRepo, githubNotFound, githubRepo, githubRepoLinkBase, githubTime, githubUser, nodeId } from './github';
import { GITHUB_PAGES, githubPageHeaders, pageOf } from './pagination';
import type { Router } from './router';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

export function githubChecks(ctx: RouteContext): ChecksState {
  return checksOf(ctx.state, 'github');
}

/** 422 Validation Failed, as recorded (samples/octokit-fixtures/errors.normalized-fixture.json; OpenAPI `validation-error`: no `status`). */
export function githubValidationFailed(errors: Record<string, unknown>[], documentationUrl: string): ReplyError {
  return new ReplyError(json(422, { message: 'Validation Failed', errors, documentation_url: documentationUrl }));
}

function association(world: ChecksState, pr: PullRequest): string {
  const project = world.project(pr.projectId);
  const author = world.userById(pr.authorId);
  if (world.state.ownerOf(project)?.id === author.id) return 'OWNER';
  if (world.state.isMember(author, project)) return 'COLLABORATOR';
  return 'CONTRIBUTOR';
}

export function githubPullRequest(ctx: RouteContext, pr: PullRequest, full: boolean): Record<string, unknown> {
  const world = githubChecks(ctx);
  const project = world.project(pr.projectId);
  const headRepo = world.project(pr.headRepoId);
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const self = `${api}/pulls/${pr.number}`;
  const web = `${ctx.forge.url}/${project.path}/pull/${pr.number}`;
  const branch = (repo: typeof project, ref: string, sha: string): Record<string, unknown> => {
    const owner = world.state.ownerOf(repo);
    return {
      label: `${repo.path.split('/')[0]}:${ref}`,
      ref,
      sha,
      user: owner ? githubUser(ctx.forge, owner) : (githubRepo(ctx, repo).owner as Record<string, unknown>),
      repo: githubRepo(ctx, repo),
    };
  };
  const merged = pr.state === 'merged';
  const entity: Record<string, unknown> = {
    url: self,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state === 'open' ? 'open' : 'closed',
    locked: false,
    title: pr.title,
    user: githubUser(ctx.forge, world.userById(pr.authorId)),
    body: pr.body === '' ? null : pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: githubTime(pr.createdAt),
    updated_at: githubTime(pr.updatedAt),
    closed_at: pr.closedAt ? githubTime(pr.closedAt) : null,
    merged_at: pr.mergedAt ? githubTime(pr.mergedAt) : null,
    merge_commit_sha: merged ? seedSha(`merge:${project.path}#${pr.number}`) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(headRepo, pr.headRef, pr.headSha),
    base: branch(project, pr.baseRef, pr.baseSha),
    _links: {
      self: { href: self },
      html: { href: web },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: association(world, pr),
    auto_merge: null,
    draft: pr.draft,
  };
  if (full) {
    const open = pr.state === 'open';
    const mergeableState = open ? githubMergeableState(ctx, pr) : 'unknown';
    Object.assign(entity, {
      merged,
      // While GitHub computes it (mergeable_state unknown), mergeable is null.
      mergeable: open && mergeableState !== 'unknown' ? mergeableState !== 'dirty' : null,
      rebaseable: open && mergeableState !== 'unknown' ? mergeableState !== 'dirty' : null,
      mergeable_state: mergeableState,
      merged_by: merged ? githubUser(ctx.forge, world.userById(pr.authorId)) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: pr.headRepoId !== pr.projectId,
      commits: 1 + pr.previousShas.length,
      additions: 0,
      deletions: 0,
      changed_files: 0,
    });
  }
  return entity;
}

/** `owner:branch` only; a bare branch matches nothing. */
function headMatches(world: ChecksState, pr: PullRequest, head: string): boolean {
  const colon = head.indexOf(':');
  if (colon < 0) return false;
  return pr.headRef === head.slice(colon + 1) && world.project(pr.headRepoId).path.split('/')[0].toLowerCase() === head.slice(0, colon).toLowerCase();
}

function listPulls(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const state = ctx.query.get('state') ?? 'open';
  const sort = ctx.query.get('sort') ?? 'created';
  const docs = `${DOCS}#list-pull-requests`;
  if (!['open', 'closed', 'all'].includes(state)) throw githubValidationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }], docs);
  if (!['created', 'updated', 'popularity', 'long-running'].includes(sort)) throw githubValidationFailed([{ resource: 'PullRequest', field: 'sort', code: 'invalid' }], docs);
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const asc = ctx.query.get('direction') === 'asc';
  const key = (p: PullRequest): number => (sort === 'updated' ? p.updatedAt : p.createdAt).getTime();
  const all = world.pullRequests
    .filter((p) => p.projectId === project.id && (state === 'all' || (state === 'open') === (p.state === 'open')))
    .filter((p) => (!head || headMatches(world, p, head)) && (!base || p.baseRef === base))
    .sort((a, b) => (asc ? 1 : -1) * (key(a) - key(b) || a.number - b.number));
  const page = pageOf(all, ctx.query, GITHUB_PAGES);
  const headers = githubPageHeaders(page, githubRepoLinkBase(ctx, project, '/pulls'), ctx.query);
  return json(200, page.items.map((p) => githubPullRequest(ctx, p, false)), headers);
}

function getPull(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const pr = /^\d+$/.test(ctx.params.number) ? githubChecks(ctx).pullRequest(project, Number(ctx.params.number)) : undefined;
  if (!pr) throw new ReplyError(githubNotFound(`${DOCS}#get-a-pull-request`));
  return json(200, githubPullRequest(ctx, pr, true));
}

export function registerGitHubPulls(router: Router): Router {
  return registerGitHubMerging(router.get('/repos/:owner/:repo/pulls', listPulls).get('/repos/:owner/:repo/pulls/:number', getPull));
}
