// GitHub branches, their classic protection, and the mergeable_state GitHub computes from them
// (docs.github.com/rest/branches/branches#get-a-branch; the shapes of branch-with-protection):
//   GET /repos/:owner/:repo/branches/:branch  {name, commit, _links, protected, protection, protection_url}
//   `protection` is the summary every reader sees: {enabled, required_status_checks: {enforcement_level,
//   contexts, checks: [{context, app_id}]}}; an unprotected branch has enabled false and enforcement_level off.
// mergeable_state (pull-request's, the single PR): draft; dirty on conflicts; blocked while a required
// context (a ruleset's or the classic protection's) has not passed on the head, or approvals are
// missing; unstable when another check fails; clean otherwise. A test may set pr.mergeableState.
import { checksOf, type PullRequest } from './checks-state';
import { seedSha } from './checks-model';
import { findGitHubRepo, nodeId } from './github';
import { githubReviewsOf } from './github-reviews';
import { requiredCheckRules } from './github-rules';
import type { Router } from './router';
import type { ForgeState, Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const DOCS = 'https://docs.github.com/rest/branches/branches#get-a-branch';

const PROTECTED = new WeakMap<ForgeState, Map<string, readonly string[]>>();

/** Classic branch protection on `branch` that requires these status check contexts. */
export function protectBranch(state: ForgeState, project: Project, branch: string, contexts: readonly string[]): void {
  let all = PROTECTED.get(state);
  if (!all) PROTECTED.set(state, (all = new Map()));
  all.set(`${project.id}:${branch}`, [...contexts]);
}

function classicContexts(state: ForgeState, project: Project, branch: string): readonly string[] | undefined {
  return PROTECTED.get(state)?.get(`${project.id}:${branch}`);
}

/** Every context the merge into `branch` waits for: the rulesets' and the classic protection's. */
export function requiredContexts(state: ForgeState, project: Project, branch: string): string[] {
  const fromRules = requiredCheckRules(state, project, branch).flatMap((rule) => {
    const checks = (rule.parameters as { required_status_checks: readonly { context: string }[] }).required_status_checks;
    return checks.map((c) => c.context);
  });
  return [...new Set([...fromRules, ...(classicContexts(state, project, branch) ?? [])])];
}

const PASSING_RUNS = new Set(['success', 'neutral', 'skipped']);

/** What GitHub would say of the PR now, unless a test has said it. */
export function githubMergeableState(ctx: RouteContext, pr: PullRequest): string {
  if (pr.mergeableState) return pr.mergeableState;
  if (pr.draft) return 'draft';
  const world = checksOf(ctx.state, 'github');
  const project = world.project(pr.projectId);
  const runs = world.latestPerName(world.runsFor(project, pr.headSha));
  const statuses = world.latestStatuses(project, pr.headSha);
  const outcome = new Map<string, boolean | undefined>();
  for (const s of statuses) outcome.set(s.context, s.state === 'success' ? true : s.state === 'pending' ? undefined : false);
  for (const r of runs) outcome.set(r.name, r.status !== 'completed' ? undefined : PASSING_RUNS.has(r.conclusion ?? ''));
  const requiredPass = requiredContexts(ctx.state, project, pr.baseRef).every((context) => outcome.get(context) === true);
  const reviews = githubReviewsOf(ctx.state);
  const latest = new Map<number, string>();
  for (const review of reviews.of(pr)) if (review.state !== 'COMMENTED') latest.set(review.userId, review.state);
  const approvals = [...latest.values()].filter((s) => s === 'APPROVED').length;
  if (!requiredPass || approvals < (reviews.requiredFor(project, pr.baseRef) ?? 0)) return 'blocked';
  return [...outcome.values()].some((passed) => passed === false) ? 'unstable' : 'clean';
}

function getBranch(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const world = checksOf(ctx.state, 'github');
  const name = ctx.params.branch;
  const sha = world.resolveRef(project, name);
  if (!sha || /^[0-9a-f]{40}$/.test(name)) throw new ReplyError(json(404, { message: 'Branch not found', documentation_url: DOCS, status: '404' }));
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const contexts = classicContexts(ctx.state, project, name);
  return json(200, {
    name,
    commit: {
      sha,
      node_id: nodeId('Commit', Number.parseInt(sha.slice(0, 8), 16)),
      url: `${api}/commits/${sha}`,
      html_url: `${ctx.forge.url}/${project.path}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      commit: {
        url: `${api}/git/commits/${sha}`,
        author: null,
        committer: null,
        message: `the head of ${name}`,
        comment_count: 0,
        tree: { sha: seedSha(`tree:${sha}`), url: `${api}/git/trees/${seedSha(`tree:${sha}`)}` },
      },
      author: null,
      committer: null,
      parents: [],
    },
    _links: { self: `${api}/branches/${name}`, html: `${ctx.forge.url}/${project.path}/tree/${name}` },
    protected: contexts !== undefined,
    protection: {
      enabled: contexts !== undefined,
      required_status_checks: { enforcement_level: contexts ? 'non_admins' : 'off', contexts: contexts ?? [], checks: (contexts ?? []).map((context) => ({ context, app_id: null })) },
    },
    protection_url: `${api}/branches/${name}/protection`,
  });
}

export function registerGitHubBranches(router: Router): Router {
  return router.get('/repos/:owner/:repo/branches/:branch', getBranch);
}
