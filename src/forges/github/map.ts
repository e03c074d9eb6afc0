// Raw GitHub REST JSON that only GitHub sends -> the model. The shapes Gitee shares are in checkRuns/map.ts.
import type { Approver } from '../../core/approvals';
import type { Mergeable, MergeMethod } from '../../core/merging';
import type { Check } from '../../core/model';
import type { CheckState } from '../../core/states';
import { asArray, asObject, optionalObject, optionalString, requiredString, type JsonObject } from '../json';

/** A page of GET .../commits/:ref/check-runs: `{ total_count, check_runs: [...] }`. */
export function checkRunsOfPage(page: unknown): unknown {
  return page && typeof page === 'object' ? (page as { check_runs?: unknown }).check_runs : page;
}

const STATUS_STATES: Record<string, CheckState> = { success: 'passed', failure: 'failed', error: 'failed', pending: 'pending' };

/** The states POST /repos/:o/:r/statuses/:sha accepts. */
export const GITHUB_STATUS_STATES = ['error', 'failure', 'pending', 'success'] as const;

/** A commit status's state as MR Gates' own. */
export const githubStatusState = (raw: string): CheckState => STATUS_STATES[raw] ?? 'unknown';

/** One entry of the combined status's `statuses` (latest per context; samples/github-go-scm/status.json). */
export function mapCommitStatus(raw: unknown, sha: string): Check {
  const status = asObject(raw, 'a commit status');
  const context = optionalString(status, 'context') ?? 'default';
  const rawState = requiredString(status, 'state', 'commit status');
  const url = optionalString(status, 'target_url') || undefined;
  return {
    id: `commitStatus:${context}`,
    kind: 'commitStatus',
    forgeId: context,
    name: context,
    state: STATUS_STATES[rawState] ?? 'unknown',
    rawState,
    url,
    sha,
    description: optionalString(status, 'description') || undefined,
    capabilities: url ? ['settable', 'openable'] : ['settable'],
  };
}

/** GET .../commits/:sha/status: its `statuses` (the newest of each context), and since when each has been so. */
export function mapCombinedStatus(raw: unknown, sha: string): { check: Check; since?: string }[] {
  const statuses = raw && typeof raw === 'object' ? (raw as { statuses?: unknown }).statuses : undefined;
  return (Array.isArray(statuses) ? statuses : []).map((s) => {
    const status = asObject(s, 'a commit status');
    return { check: mapCommitStatus(s, sha), since: optionalString(status, 'updated_at') ?? optionalString(status, 'created_at') };
  });
}

/**
 * The contexts the merge waits for, from GET /repos/{o}/{r}/rules/branches/{branch}: every active
 * ruleset's `required_status_checks` rule. Other rule types are not about checks.
 */
export function requiredContextsOfRules(rules: readonly unknown[]): string[] {
  return rules.flatMap((raw) => {
    const rule = raw && typeof raw === 'object' ? (raw as JsonObject) : {};
    if (rule.type !== 'required_status_checks') return [];
    const parameters = optionalObject(rule, 'parameters');
    const checks = parameters && Array.isArray(parameters.required_status_checks) ? parameters.required_status_checks : [];
    return checks.flatMap((c) => (c && typeof c === 'object' ? [optionalString(c as JsonObject, 'context')].filter((x): x is string => !!x) : []));
  });
}

/**
 * GET .../pulls/:n/reviews, oldest first: each user's latest APPROVED, CHANGES_REQUESTED or DISMISSED
 * review decides (a COMMENTED one changes nothing); those whose latest is APPROVED have approved.
 */
export function mapApprovers(reviews: readonly unknown[]): Approver[] {
  const latest = new Map<string, string>();
  for (const raw of reviews) {
    const review = asObject(raw, 'a pull request review');
    const user = optionalObject(review, 'user');
    const login = user && optionalString(user, 'login');
    const state = optionalString(review, 'state');
    if (!login || !state || !DECIDING_REVIEWS.includes(state)) continue;
    latest.delete(login);
    latest.set(login, state);
  }
  return [...latest].filter(([, state]) => state === 'APPROVED').map(([username]) => ({ username }));
}

const DECIDING_REVIEWS = ['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'];

/** GET .../rules/branches/:branch: the most approving reviews any active pull_request rule asks for; undefined without one. */
export function mapRequiredApprovals(raw: unknown): number | undefined {
  const counts = asArray(raw, 'the branch rules').flatMap((item) => {
    const rule = asObject(item, 'a branch rule');
    const parameters = rule.type === 'pull_request' ? optionalObject(rule, 'parameters') : undefined;
    const count = parameters?.required_approving_review_count;
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? [count] : [];
  });
  return counts.length ? Math.max(...counts) : undefined;
}

/** GET /repos/:o/:r: the merge methods the repository allows (in GitHub's order of its button), and delete_branch_on_merge. */
export function mapRepoMergeSettings(raw: unknown): { methods: MergeMethod[]; deleteSourceBranch: boolean } {
  const repo = asObject(raw, 'the GitHub repository');
  // A token without push access is not told the settings: GitHub's defaults (all three allowed) stand.
  const allowed = (field: string) => repo[field] !== false;
  const methods: MergeMethod[] = [];
  if (allowed('allow_merge_commit')) methods.push('merge');
  if (allowed('allow_squash_merge')) methods.push('squash');
  if (allowed('allow_rebase_merge')) methods.push('rebase');
  return { methods, deleteSourceBranch: repo.delete_branch_on_merge === true };
}

const MERGEABLE_STATES = new Set(['clean', 'unstable', 'has_hooks']);
const GITHUB_MERGE_STATES: Record<string, string> = { dirty: 'conflict', behind: 'behind', blocked: 'blocked', draft: 'draft_status', unknown: 'checking' };

/** The single PR GET: its head now, and GitHub's word on whether it can merge (mergeable, mergeable_state). */
export function mapPullMergeability(raw: unknown): { headSha: string; mergeable: boolean; state: string } {
  const pr = asObject(raw, 'a pull request');
  const head = asObject(pr.head, 'pull request head');
  const state = optionalString(pr, 'mergeable_state') ?? 'unknown';
  return { headSha: requiredString(head, 'sha', 'pull request head').toLowerCase(), mergeable: pr.state === 'open' && pr.mergeable === true && MERGEABLE_STATES.has(state), state };
}

/**
 * GET /repos/:o/:r/branches/:branch: the contexts the classic branch protection requires. Every reader
 * is told the summary (`protection.required_status_checks`); enforcement_level `off` requires none.
 */
export function mapClassicRequiredContexts(raw: unknown): string[] {
  const branch = asObject(raw, 'a GitHub branch');
  const protection = optionalObject(branch, 'protection');
  const checks = protection && optionalObject(protection, 'required_status_checks');
  if (branch.protected !== true || !protection || protection.enabled === false || !checks || checks.enforcement_level === 'off') return [];
  const named = (list: unknown, pick: (item: unknown) => unknown): string[] =>
    (Array.isArray(list) ? list : []).map(pick).filter((c): c is string => typeof c === 'string' && c !== '');
  const contexts = named(checks.contexts, (c) => c);
  const ofChecks = named(checks.checks, (c) => (c && typeof c === 'object' ? (c as JsonObject).context : undefined));
  return [...new Set([...contexts, ...ofChecks])];
}

/**
 * The single PR GET, as the gate shows it: GitHub's mergeable_state in the words MergeRequestRef
 * keeps (GitLab's detailed_merge_status vocabulary, where the meaning is the same). `mergeable` is null
 * while GitHub computes it (mergeable_state `unknown`).
 */
export function mapPullStanding(raw: unknown): { mergeable?: Mergeable; mergeStatus: string; hasConflicts: boolean; draft: boolean } {
  const pr = asObject(raw, 'a pull request');
  const open = pr.state === 'open';
  const state = optionalString(pr, 'mergeable_state') ?? 'unknown';
  const canMerge = open && pr.mergeable === true && MERGEABLE_STATES.has(state);
  const mergeStatus = !open ? 'not_open' : canMerge ? 'mergeable' : (GITHUB_MERGE_STATES[state] ?? (pr.mergeable === null ? 'checking' : 'blocked'));
  return { ...(canMerge ? { mergeable: 'now' as const } : {}), mergeStatus, hasConflicts: open && (state === 'dirty' || pr.mergeable === false), draft: pr.draft === true };
}

/** GitHub's words for a method, as merge_method takes them. */
export const GITHUB_MERGE_METHODS: Partial<Record<MergeMethod, string>> = { merge: 'merge', squash: 'squash', rebase: 'rebase' };

/**
 * Whether the user may set commit statuses here ("Users with push access in a repository can create commit
 * statuses"): the repository's `permissions.push`, which GitHub sends only to an authenticated reader.
 */
export function mapMayCreateStatuses(raw: unknown): boolean | undefined {
  const permissions = optionalObject(asObject(raw, 'the repository'), 'permissions');
  return typeof permissions?.push === 'boolean' ? permissions.push : undefined;
}
