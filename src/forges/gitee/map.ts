// Raw Gitee API v5 JSON that differs from GitHub's -> the model. Users, repositories, pull requests,
// check runs and annotations have GitHub's v3 shapes (samples/gitee-go-scm): see checkRuns/map.ts.
import type { Approvals, Approver } from '../../core/approvals';
import type { Mergeable } from '../../core/merging';
import { asObject, optionalObject, optionalString, requiredString } from '../json';

/** A page of GET .../commits/:ref/check-runs: a bare list, or `{ check_runs: [...] }` like GitHub's. */
export function checkRunsOfPage(page: unknown): unknown {
  return page && typeof page === 'object' && !Array.isArray(page) ? (page as { check_runs?: unknown }).check_runs : page;
}

/**
 * The approvals of GET .../pulls/:number: its `assignees` are the reviewers (审查人员), `accept` true for
 * those who approved (审查通过); `assignees_number` is how many approvals the merge needs. Only a
 * reviewer may approve.
 */
export function mapGiteeApprovals(raw: unknown, login: string | undefined): Omit<Approvals, 'rules'> {
  const pr = asObject(raw, 'a Gitee pull request');
  const reviewers = (Array.isArray(pr.assignees) ? pr.assignees : []).map((item) => {
    const user = asObject(item, 'a pull request reviewer');
    const approver: Approver = { username: requiredString(user, 'login', 'reviewer'), name: optionalString(user, 'name') };
    return { approver, accepted: user.accept === true };
  });
  const required = typeof pr.assignees_number === 'number' && Number.isSafeInteger(pr.assignees_number) && pr.assignees_number >= 0 ? pr.assignees_number : undefined;
  const mine = login === undefined ? undefined : reviewers.find((r) => r.approver.username.toLowerCase() === login.toLowerCase());
  return {
    approvedBy: reviewers.filter((r) => r.accepted).map((r) => r.approver),
    required,
    userHasApproved: login === undefined ? undefined : mine?.accepted === true,
    userCanApprove: login === undefined ? undefined : !!mine && !mine.accepted,
  };
}

/** The single PR GET: its head now, whether Gitee says it can merge, and whether it deletes its branch when merged. */
export function mapPullMergeability(raw: unknown): { headSha: string; mergeable: boolean; pruneBranch: boolean } {
  const pr = asObject(raw, 'a Gitee pull request');
  const head = asObject(pr.head, 'pull request head');
  return { headSha: requiredString(head, 'sha', 'pull request head').toLowerCase(), mergeable: pr.state === 'open' && pr.mergeable === true, pruneBranch: pr.prune_branch === true };
}

/**
 * A list item's own word on merging it, in the words MergeRequestRef keeps: open and `mergeable` (是否可合并)
 * can merge now; a draft cannot; otherwise Gitee says no without saying why.
 */
export function giteeStanding(raw: unknown): { mergeable?: Mergeable; mergeStatus?: string } {
  const pr = asObject(raw, 'a Gitee pull request');
  if (pr.state !== 'open') return {};
  if (pr.mergeable === true) return { mergeable: 'now', mergeStatus: 'mergeable' };
  if (pr.draft === true) return { mergeStatus: 'draft_status' };
  return pr.mergeable === false ? { mergeStatus: 'not_mergeable' } : {};
}

/**
 * GET /repos/:o/:r/branches/:branch: whether the branch is protected. Only a protected branch's rule
 * can require checks (要求门禁状态成功才能合并); which ones, Gitee's API does not tell (its rule has
 * `contexts`, but only the PUT and DELETE of branches/:wildcard/setting return it).
 */
export function mapGiteeBranchProtected(raw: unknown): boolean | undefined {
  const branch = asObject(raw, 'a Gitee branch');
  return typeof branch.protected === 'boolean' ? branch.protected : undefined;
}

/**
 * Whether the user may update check runs here: only repository administrators may call the check-run API.
 * The repository's `permission` ({ pull, push, admin }, 操作权限) says so, for the user who reads it.
 */
export function mapMayUpdateCheckRuns(raw: unknown): boolean | undefined {
  const permission = optionalObject(asObject(raw, 'the repository'), 'permission');
  return typeof permission?.admin === 'boolean' ? permission.admin : undefined;
}
