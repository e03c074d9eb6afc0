// Raw GitHub REST JSON that only GitHub sends -> the model. The shapes Gitee shares are in checkRuns/map.ts.
import type { MergeMethod } from '../../core/merging';
import type { Check } from '../../core/model';
import type { CheckState } from '../../core/states';
import { asObject, optionalString, requiredString } from '../json';

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

/** The single PR GET: its head now, and GitHub's word on whether it can merge (mergeable, mergeable_state). */
export function mapPullMergeability(raw: unknown): { headSha: string; mergeable: boolean; state: string } {
  const pr = asObject(raw, 'a pull request');
  const head = asObject(pr.head, 'pull request head');
  const state = optionalString(pr, 'mergeable_state') ?? 'unknown';
  return { headSha: requiredString(head, 'sha', 'pull request head').toLowerCase(), mergeable: pr.state === 'open' && pr.mergeable === true && ['clean', 'unstable', 'has_hooks'].includes(state), state };
}

/** GitHub's words for a method, as merge_method takes them. */
export const GITHUB_MERGE_METHODS: Partial<Record<MergeMethod, string>> = { merge: 'merge', squash: 'squash', rebase: 'rebase' };
