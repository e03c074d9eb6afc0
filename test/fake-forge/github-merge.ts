// GitHub: PUT /repos/:o/:r/pulls/:n/merge and POST /repos/:o/:r/pulls, with the answers of GitHub's
// REST description (pulls/merge, pulls/create):
//   merge: 403 without push access; 404 no such PR; 409 "Head branch was modified. Review and try the
//   merge again." when `sha` is not the head; 405 "Pull Request is not mergeable" when it is not open or
//   mergeable_state is not clean/unstable/has_hooks, and "<Method> merges are not allowed on this
//   repository." for a method the repository does not allow; 200 { sha, merged: true, message }.
//   create: 422 Validation Failed with `A pull request already exists for owner:branch.` (code custom),
//   a missing field (missing_field) or a head/base the repository does not have (invalid); 201 the PR.
// Repository settings (allow_merge_commit, allow_squash_merge, allow_rebase_merge, delete_branch_on_merge)
// are set per project with githubMergeSettings(forge.state, project), and shown by GET /repos/:o/:r.
import { seedSha } from './checks-model';
import { githubMergeableState } from './github-branches';
import { findGitHubRepo, githubError, githubNotFound } from './github';
import { headRepository, mayOpenPullRequest } from './checks-state';
import { githubChecks, githubPullRequest, githubValidationFailed } from './github-pulls';
import type { Router } from './router';
import type { ForgeState, Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const DOCS = 'https://docs.github.com/rest/pulls/pulls';
const MERGEABLE = new Set(['clean', 'unstable', 'has_hooks']);

export interface GitHubMergeSettings {
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  deleteBranchOnMerge: boolean;
}

const SETTINGS = new WeakMap<ForgeState, Map<number, GitHubMergeSettings>>();

/** The project's merge settings, to read or change (all methods allowed, branches kept, by default). */
export function githubMergeSettings(state: ForgeState, project: Project): GitHubMergeSettings {
  let all = SETTINGS.get(state);
  if (!all) SETTINGS.set(state, (all = new Map()));
  let settings = all.get(project.id);
  if (!settings) all.set(project.id, (settings = { allowMergeCommit: true, allowSquashMerge: true, allowRebaseMerge: true, deleteBranchOnMerge: false }));
  return settings;
}

/** The fields of the full repository (they are shown to users with push access). */
export function githubMergeSettingsEntity(ctx: RouteContext, project: Project): Record<string, unknown> {
  if (!ctx.state.canWrite(ctx.user, project)) return {};
  const s = githubMergeSettings(ctx.state, project);
  return { allow_merge_commit: s.allowMergeCommit, allow_squash_merge: s.allowSquashMerge, allow_rebase_merge: s.allowRebaseMerge, delete_branch_on_merge: s.deleteBranchOnMerge };
}

function mergePull(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const docs = `${DOCS}#merge-a-pull-request`;
  const pr = /^\d+$/.test(ctx.params.number) ? world.pullRequest(project, Number(ctx.params.number)) : undefined;
  if (!pr) throw new ReplyError(githubNotFound(docs));
  if (!ctx.state.canWrite(user, project)) throw new ReplyError(githubError(403, 'Resource not accessible by personal access token', docs));
  const body = (ctx.request.body ?? {}) as { sha?: unknown; merge_method?: unknown };
  if (typeof body.sha === 'string' && body.sha !== pr.headSha) throw new ReplyError(json(409, { message: 'Head branch was modified. Review and try the merge again.', documentation_url: docs }));
  const method = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
  if (!['merge', 'squash', 'rebase'].includes(method)) throw githubValidationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }], docs);
  const settings = githubMergeSettings(ctx.state, project);
  const allowed = { merge: settings.allowMergeCommit, squash: settings.allowSquashMerge, rebase: settings.allowRebaseMerge }[method];
  if (!allowed) throw new ReplyError(json(405, { message: `${method === 'merge' ? 'Merge commits' : method === 'squash' ? 'Squash merges' : 'Rebase merges'} are not allowed on this repository.`, documentation_url: docs }));
  const state = githubMergeableState(ctx, pr);
  if (pr.state !== 'open' || !MERGEABLE.has(state)) throw new ReplyError(json(405, { message: 'Pull Request is not mergeable', documentation_url: docs }));
  const now = world.clock.date();
  pr.state = 'merged';
  pr.mergedAt = now;
  pr.closedAt = now;
  pr.updatedAt = now;
  pr.mergedWith = method;
  return json(200, { sha: seedSha(`merge:${project.path}#${pr.number}`), merged: true, message: 'Pull Request successfully merged' });
}

function createPull(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const docs = `${DOCS}#create-a-pull-request`;
  const body = (ctx.request.body ?? {}) as { title?: unknown; head?: unknown; base?: unknown; draft?: unknown; body?: unknown };
  for (const field of ['head', 'base'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') throw githubValidationFailed([{ resource: 'PullRequest', field, code: 'missing_field' }], docs);
  }
  if (typeof body.title !== 'string' || body.title === '') throw githubValidationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }], docs);
  const named = headRepository(ctx.state, project, String(body.head));
  if (named && !mayOpenPullRequest(ctx.state, user, project, named.repo)) throw new ReplyError(githubError(403, 'Resource not accessible by personal access token', docs));
  const head = named?.ref ?? String(body.head);
  const base = String(body.base);
  const headSha = named && world.resolveRef(named.repo, head);
  if (!named || !headSha) throw githubValidationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], docs);
  if (!world.resolveRef(project, base)) throw githubValidationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
  const owner = named.repo.path.split('/')[0];
  if (world.pullRequests.some((p) => p.projectId === project.id && p.headRepoId === named.repo.id && p.state === 'open' && p.headRef === head && p.baseRef === base)) {
    throw githubValidationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }], docs);
  }
  const pr = world.addPullRequest({ project, title: body.title, body: typeof body.body === 'string' ? body.body : undefined, head: { ref: head, sha: headSha, repo: named.repo.path }, base: { ref: base, sha: world.resolveRef(project, base) }, author: user, draft: body.draft === true });
  return json(201, githubPullRequest(ctx, pr, true), { location: `${ctx.forge.apiBase}/repos/${project.path}/pulls/${pr.number}` });
}

export function registerGitHubMerging(router: Router): Router {
  return router.put('/repos/:owner/:repo/pulls/:number/merge', mergePull).post('/repos/:owner/:repo/pulls', createPull);
}
