// Raw GitHub REST JSON that only GitHub sends -> the model. The shapes Gitee shares are in checkRuns/map.ts.
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
