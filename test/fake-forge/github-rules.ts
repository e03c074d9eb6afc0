// GitHub GET /repos/:owner/:repo/rules/branches/:branch: the rules of every active ruleset that applies
// to the branch (read access is enough), a page at a time. Only `required_status_checks` rules are
// modelled: what a pull request's merge waits for.
import { pageOf, githubPageHeaders, GITHUB_PAGES } from './pagination';
import { findGitHubRepo, githubRepoLinkBase } from './github';
import type { ForgeState, Project } from './state';
import { json, type Reply, type RouteContext } from './types';
import type { Router } from './router';

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

function rulesForBranch(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const branch = ctx.params.branch ?? '';
  const rules = (RULESETS.get(ctx.state) ?? [])
    .filter((r) => r.branch === `${project.id}:${branch}`)
    .map((r) => ({
      type: 'required_status_checks',
      parameters: { required_status_checks: r.checks, strict_required_status_checks_policy: false },
      ruleset_source_type: 'Repository',
      ruleset_source: project.path,
      ruleset_id: r.id,
    }));
  const page = pageOf(rules, ctx.query, GITHUB_PAGES);
  return json(200, page.items, githubPageHeaders(page, githubRepoLinkBase(ctx, project, `/rules/branches/${encodeURIComponent(branch)}`), ctx.query));
}

export function registerGitHubRules(router: Router): Router {
  return router.get('/repos/:owner/:repo/rules/branches/*branch', rulesForBranch);
}
