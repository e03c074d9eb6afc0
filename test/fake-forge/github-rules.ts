// GitHub rulesets' `required_status_checks` rules: what a pull request's merge waits for. The route
// GET /repos/:owner/:repo/rules/branches/:branch (github-reviews.ts) answers them beside the
// `pull_request` rule.
import type { ForgeState, Project } from './state';

export interface RequiredStatusCheck {
  readonly context: string;
  /** The app the check must come from (GitHub Actions: 15368). */
  readonly integration_id?: number;
}

interface Ruleset {
  readonly id: number;
  readonly name: string;
  readonly branch: string;
  readonly checks: readonly RequiredStatusCheck[];
}

const RULESETS = new WeakMap<ForgeState, Ruleset[]>();

/** A repository ruleset on `branch` that requires these checks. */
export function addRequiredChecksRuleset(state: ForgeState, project: Project, branch: string, checks: readonly RequiredStatusCheck[]): void {
  const all = RULESETS.get(state) ?? [];
  all.push({ id: 42_000 + all.length, name: `Protect ${branch}`, branch: `${project.id}:${branch}`, checks });
  RULESETS.set(state, all);
}

/** The `required_status_checks` rules of the rulesets on `branch`, in the rules/branches shape. */
export function requiredCheckRules(state: ForgeState, project: Project, branch: string): Record<string, unknown>[] {
  return (RULESETS.get(state) ?? [])
    .filter((r) => r.branch === `${project.id}:${branch}`)
    .map((r) => ({
      type: 'required_status_checks',
      parameters: { required_status_checks: r.checks, strict_required_status_checks_policy: false },
      ruleset_source_type: 'Repository',
      ruleset_source: project.path,
      ruleset_id: r.id,
    }));
}
