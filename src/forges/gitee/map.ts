// Raw Gitee API v5 JSON that differs from GitHub's -> the model. Users, repositories, pull requests,
// check runs and annotations have GitHub's v3 shapes (samples/gitee-go-scm): see checkRuns/map.ts.
import type { Mergeable } from '../../core/merging';
import { asObject, requiredString } from '../json';

/** A page of GET .../commits/:ref/check-runs: a bare list, or `{ check_runs: [...] }` like GitHub's. */
export function checkRunsOfPage(page: unknown): unknown {
  return page && typeof page === 'object' && !Array.isArray(page) ? (page as { check_runs?: unknown }).check_runs : page;
}

/** The single PR GET: its head now, whether Gitee says it can merge, and whether it deletes its branch when merged. */
export function mapPullMergeability(raw: unknown): { headSha: string; mergeable: boolean; pruneBranch: boolean } {
  const pr = asObject(raw, 'a Gitee pull request');
  const head = asObject(pr.head, 'pull request head');
  return { headSha: requiredString(head, 'sha', 'pull request head').toLowerCase(), mergeable: pr.state === 'open' && pr.mergeable === true, pruneBranch: pr.prune_branch === true };
}

/** A list item's own word on merging it: open and `mergeable`. */
export function giteeMergeable(raw: unknown): Mergeable | undefined {
  const pr = asObject(raw, 'a Gitee pull request');
  return pr.state === 'open' && pr.mergeable === true ? 'now' : undefined;
}
