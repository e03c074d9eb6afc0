// Gitee branches: GET /repos/:owner/:repo/branches/:branch, CompleteBranch as recorded from gitee.com
// (samples/gitee-go-scm/branch.json): {name, commit: {sha, url, commit, author, parents, committer},
// _links: {html, self}, protected, protection_url}. A branch is unprotected until a test protects it
// (protectGiteeBranch); which checks its rule requires is not readable through the API, so none is kept.
import { checksOf } from './checks-state';
import { findGiteeRepo, giteeNotFound } from './gitee';
import type { Router } from './router';
import type { ForgeState, Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const PROTECTED = new WeakMap<ForgeState, Set<string>>();

/** Make `branch` a protected branch (保护分支), or a plain one again. */
export function protectGiteeBranch(state: ForgeState, project: Project, branch: string, on = true): void {
  let all = PROTECTED.get(state);
  if (!all) PROTECTED.set(state, (all = new Set()));
  if (on) all.add(`${project.id}:${branch}`);
  else all.delete(`${project.id}:${branch}`);
}

function getBranch(ctx: RouteContext): Reply {
  const project = findGiteeRepo(ctx);
  const name = ctx.params.branch;
  const sha = checksOf(ctx.state, 'gitee').resolveRef(project, name);
  if (!sha || /^[0-9a-f]{40}$/.test(name)) throw new ReplyError(giteeNotFound());
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  return json(200, {
    name,
    commit: {
      sha,
      url: `${api}/commits/${sha}`,
      commit: { author: null, url: `${api}/git/commits/${sha}`, message: `the head of ${name}\n`, committer: null },
      author: null,
      parents: [],
      committer: null,
    },
    _links: { html: `${ctx.forge.url}/${project.path}/tree/${name}`, self: `${api}/branches/${name}` },
    protected: PROTECTED.get(ctx.state)?.has(`${project.id}:${name}`) === true,
    protection_url: `${api}/branches/${name}/protection`,
  });
}

export function registerGiteeBranches(router: Router): Router {
  return router.get('/repos/:owner/:repo/branches/:branch', getBranch);
}
