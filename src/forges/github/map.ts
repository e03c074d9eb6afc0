// Raw GitHub REST JSON that only GitHub sends -> the model. The shapes Gitee shares are in checkRuns/map.ts.
import type { Check } from '../../core/model';
import type { CheckState } from '../../core/states';
import { asObject, optionalObject, optionalString, requiredString, type JsonObject } from '../json';

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
