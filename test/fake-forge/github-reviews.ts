// GitHub pull request reviews and the pull_request rule of rulesets (docs.github.com/rest/pulls/reviews,
// docs.github.com/rest/repos/rules):
//   GET  /repos/:owner/:repo/pulls/:number/reviews   every submitted review, oldest first, paginated
//   POST /repos/:owner/:repo/pulls/:number/reviews   {event: APPROVE|REQUEST_CHANGES|COMMENT, commit_id?, body?}
//        200 the review; 422 "Can not approve your own pull request" (and for request changes); 422 when
//        REQUEST_CHANGES or COMMENT has no body
//   GET  /repos/:owner/:repo/rules/branches/:branch  the active rules for the branch (read access suffices)
// State: githubReviews(forge).requireApprovals(project, branch, count), .review(pr, user, state, commitId?).
import { checksOf, type PullRequest } from './checks-state';
import { findGitHubRepo, githubNotFound, githubTime, githubUser, nodeId } from './github';
import { githubValidationFailed } from './github-pulls';
import { requiredCheckRules } from './github-rules';
import { GITHUB_PAGES, githubPageHeaders, pageOf } from './pagination';
import type { Router } from './router';
import type { ForgeState, Project, User } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
const EVENTS: Record<string, ReviewState> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };

export interface Review {
  readonly id: number;
  readonly pullRequestId: number;
  readonly userId: number;
  state: ReviewState;
  readonly commitId: string;
  readonly body: string;
  readonly submittedAt: Date;
}

export class GitHubReviews {
  readonly reviews: Review[] = [];
  /** projectId -> branch -> required approving review count (one ruleset each). */
  private readonly required = new Map<number, Map<string, number>>();
  private nextId = 80001;

  constructor(private readonly state: ForgeState) {}

  /** A ruleset with a pull_request rule for `branch`, asking for `count` approving reviews. */
  requireApprovals(project: Project | string, branch: string, count: number): void {
    const p = typeof project === 'string' ? this.state.projectByPath(project) : project;
    if (!p) throw new Error(`fake github: no project ${String(project)}`);
    const rules = this.required.get(p.id) ?? new Map<string, number>();
    rules.set(branch, count);
    this.required.set(p.id, rules);
  }

  requiredFor(project: Project, branch: string): number | undefined {
    return this.required.get(project.id)?.get(branch);
  }

  review(pr: PullRequest, user: User | string, state: ReviewState, commitId = pr.headSha, body = ''): Review {
    const who = typeof user === 'string' ? this.state.userByName(user) : user;
    if (!who) throw new Error(`fake github: no user ${String(user)}`);
    const review: Review = { id: this.nextId++, pullRequestId: pr.id, userId: who.id, state, commitId, body, submittedAt: this.state.clock.date() };
    this.reviews.push(review);
    return review;
  }

  of(pr: PullRequest): Review[] {
    return this.reviews.filter((r) => r.pullRequestId === pr.id);
  }
}

const REVIEWS = new WeakMap<ForgeState, GitHubReviews>();

export function githubReviewsOf(state: ForgeState): GitHubReviews {
  let reviews = REVIEWS.get(state);
  if (!reviews) REVIEWS.set(state, (reviews = new GitHubReviews(state)));
  return reviews;
}

/** Seeding access for tests: githubReviews(forge).review(...). */
export const githubReviews = (forge: { readonly state: ForgeState }): GitHubReviews => githubReviewsOf(forge.state);

const DOCS = 'https://docs.github.com/rest/pulls/reviews';

function findPull(ctx: RouteContext): { project: Project; pr: PullRequest } {
  const project = findGitHubRepo(ctx);
  const pr = /^\d+$/.test(ctx.params.number) ? checksOf(ctx.state, 'github').pullRequest(project, Number(ctx.params.number)) : undefined;
  if (!pr) throw new ReplyError(githubNotFound(`${DOCS}#list-reviews-for-a-pull-request`));
  return { project, pr };
}

function reviewEntity(ctx: RouteContext, project: Project, pr: PullRequest, review: Review): Record<string, unknown> {
  const user = ctx.state.users.get(review.userId);
  const web = `${ctx.forge.url}/${project.path}/pull/${pr.number}`;
  const api = `${ctx.forge.apiBase}/repos/${project.path}/pulls/${pr.number}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: user ? githubUser(ctx.forge, user) : null,
    body: review.body,
    state: review.state,
    html_url: `${web}#pullrequestreview-${review.id}`,
    pull_request_url: api,
    _links: { html: { href: `${web}#pullrequestreview-${review.id}` }, pull_request: { href: api } },
    submitted_at: githubTime(review.submittedAt),
    commit_id: review.commitId,
    author_association: user && ctx.state.ownerOf(project)?.id === user.id ? 'OWNER' : user && ctx.state.isMember(user, project) ? 'COLLABORATOR' : 'CONTRIBUTOR',
  };
}

function listReviews(ctx: RouteContext): Reply {
  const { project, pr } = findPull(ctx);
  const page = pageOf(githubReviewsOf(ctx.state).of(pr), ctx.query, GITHUB_PAGES);
  const headers = githubPageHeaders(page, `${ctx.forge.apiBase}/repositories/${project.id}/pulls/${pr.number}/reviews`, ctx.query);
  return json(200, page.items.map((r) => reviewEntity(ctx, project, pr, r)), headers);
}

function createReview(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const { project, pr } = findPull(ctx);
  const body = (ctx.request.body ?? {}) as { event?: unknown; commit_id?: unknown; body?: unknown };
  const state = typeof body.event === 'string' ? EVENTS[body.event] : undefined;
  if (!state) throw githubValidationFailed([{ resource: 'PullRequestReview', field: 'event', code: 'invalid' }], `${DOCS}#create-a-review-for-a-pull-request`);
  // Pull request authors cannot approve or request changes on their own pull requests.
  if (pr.authorId === user.id && state !== 'COMMENTED') {
    const what = state === 'APPROVED' ? 'approve' : 'request changes on';
    throw new ReplyError(json(422, { message: 'Unprocessable Entity', errors: [`Review Can not ${what} your own pull request`], documentation_url: `${DOCS}#create-a-review-for-a-pull-request` }));
  }
  if (state !== 'APPROVED' && !(typeof body.body === 'string' && body.body)) {
    throw githubValidationFailed([{ resource: 'PullRequestReview', field: 'body', code: 'missing_field' }], `${DOCS}#create-a-review-for-a-pull-request`);
  }
  const commitId = typeof body.commit_id === 'string' ? body.commit_id.toLowerCase() : pr.headSha;
  if (commitId !== pr.headSha && !pr.previousShas.includes(commitId)) {
    throw githubValidationFailed([{ resource: 'PullRequestReview', field: 'commit_id', code: 'invalid' }], `${DOCS}#create-a-review-for-a-pull-request`);
  }
  const review = githubReviewsOf(ctx.state).review(pr, user, state, commitId, typeof body.body === 'string' ? body.body : '');
  return json(200, reviewEntity(ctx, project, pr, review));
}

function branchRules(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const checks = requiredCheckRules(ctx.state, project, ctx.params.branch);
  const count = githubReviewsOf(ctx.state).requiredFor(project, ctx.params.branch);
  if (count === undefined) return json(200, checks);
  return json(200, [...checks, {
    type: 'pull_request',
    ruleset_source_type: 'Repository',
    ruleset_source: project.path,
    ruleset_id: 1000 + project.id,
    parameters: {
      allowed_merge_methods: ['merge', 'squash', 'rebase'],
      dismiss_stale_reviews_on_push: false,
      require_code_owner_review: false,
      require_last_push_approval: false,
      required_approving_review_count: count,
      required_review_thread_resolution: false,
    },
  }]);
}

export function registerGitHubReviews(router: Router): Router {
  return router
    .get('/repos/:owner/:repo/pulls/:number/reviews', listReviews)
    .post('/repos/:owner/:repo/pulls/:number/reviews', createReview)
    .get('/repos/:owner/:repo/rules/branches/:branch', branchRules);
}
