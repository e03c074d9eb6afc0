// Gitee pull request reviewers (审查人员) and approving (审查通过), v5 swagger:
//   the PR's `assignees` are its reviewers (UserAssignee: login, name, ..., assignee, code_owner, accept:
//   whether that reviewer has approved), `assignees_number` how many approvals the merge needs;
//   `testers` / `testers_number` the same for testing (测试通过), left as the PR entity had them.
//   POST /repos/:owner/:repo/pulls/:number/review {force?}  200, no body (the swagger's "success").
// Guessed, the swagger lists no error for it: a user who is not a reviewer of the PR gets 403
// {"message":"..."}, as Gitee answers other refusals of rights; `force` lets a repository owner approve anyway.
// State: giteeReviews(forge).setReviewers(pr, usernames, required), .approve(pr, user).
import type { PullRequest } from './checks-state';
import { findGiteeRepo, giteeUser } from './gitee';
import { giteeChecks } from './gitee-pulls';
import type { Router } from './router';
import type { ForgeState, User } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

interface Reviewers {
  readonly userIds: number[];
  readonly accepted: Set<number>;
  required: number;
}

export class GiteeReviews {
  private readonly byPull = new Map<number, Reviewers>();

  constructor(private readonly state: ForgeState) {}

  private user(ref: User | string): User {
    const user = typeof ref === 'string' ? this.state.userByName(ref) : ref;
    if (!user) throw new Error(`fake gitee: no user ${String(ref)}`);
    return user;
  }

  /** The PR's reviewers and how many of them must approve (assignees_number). */
  setReviewers(pr: PullRequest, usernames: readonly string[], required: number): void {
    this.byPull.set(pr.id, { userIds: usernames.map((n) => this.user(n).id), accepted: new Set(), required });
  }

  reviewersOf(pr: PullRequest): Reviewers | undefined {
    return this.byPull.get(pr.id);
  }

  isReviewer(pr: PullRequest, user: User): boolean {
    return this.byPull.get(pr.id)?.userIds.includes(user.id) ?? false;
  }

  approve(pr: PullRequest, ref: User | string): void {
    const user = this.user(ref);
    const reviewers = this.byPull.get(pr.id) ?? { userIds: [], accepted: new Set<number>(), required: 1 };
    if (!reviewers.userIds.includes(user.id)) reviewers.userIds.push(user.id);
    reviewers.accepted.add(user.id);
    this.byPull.set(pr.id, reviewers);
  }

  approvedBy(pr: PullRequest): User[] {
    return [...(this.byPull.get(pr.id)?.accepted ?? [])].flatMap((id) => this.state.users.get(id) ?? []);
  }
}

const REVIEWS = new WeakMap<ForgeState, GiteeReviews>();

export function giteeReviewsOf(state: ForgeState): GiteeReviews {
  let reviews = REVIEWS.get(state);
  if (!reviews) REVIEWS.set(state, (reviews = new GiteeReviews(state)));
  return reviews;
}

export const giteeReviews = (forge: { readonly state: ForgeState }): GiteeReviews => giteeReviewsOf(forge.state);

/** The reviewer fields of the PR entity; without seeded reviewers, what the entity always said (1 needed, none). */
export function giteeReviewerFields(ctx: RouteContext, pr: PullRequest): { assignees_number: number; assignees: Record<string, unknown>[] } {
  const reviewers = giteeReviewsOf(ctx.state).reviewersOf(pr);
  if (!reviewers) return { assignees_number: 1, assignees: [] };
  const assignees = reviewers.userIds.flatMap((id) => {
    const user = ctx.state.users.get(id);
    return user ? [{ ...giteeUser(ctx.forge, user), remark: '', member_role: 'developer', assignee: true, code_owner: false, accept: reviewers.accepted.has(id) }] : [];
  });
  return { assignees_number: reviewers.required, assignees };
}

function approve(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGiteeRepo(ctx);
  const number = /^\d+$/.test(ctx.params.number) ? Number(ctx.params.number) : NaN;
  const pr = Number.isNaN(number) ? undefined : giteeChecks(ctx).pullRequest(project, number);
  if (!pr) throw new ReplyError(json(404, { message: '404 Not Found' }));
  const reviews = giteeReviewsOf(ctx.state);
  const body = (ctx.request.body ?? {}) as { force?: unknown };
  const forced = (body.force === true || body.force === 'true') && ctx.state.ownerOf(project)?.id === user.id;
  if (!reviews.isReviewer(pr, user) && !forced) throw new ReplyError(json(403, { message: '你不是此 Pull Request 的审查人员' }));
  reviews.approve(pr, user);
  return { status: 200 };
}

export function registerGiteeReviews(router: Router): Router {
  return router.post('/repos/:owner/:repo/pulls/:number/review', approve);
}
