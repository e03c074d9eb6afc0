// Gitee: PUT /repos/:o/:r/pulls/:number/merge and POST /repos/:o/:r/pulls (v5 swagger: form or JSON
// fields merge_method, prune_source_branch; title, head, base, draft). The swagger documents only 200 for
// both, so every error below is guessed, in Gitee's `{"message": …}` shape: 404 no such PR, 403 without
// write access, 405 "Pull Request 不可合并" when it is not open or not mergeable (a draft, a test's
// mergeableState), 400 for a missing field, a branch the repository does not have, or
// "已存在相同源分支、目标分支的 Pull Request" (one is open already). Gitee's merge takes no sha.
import { headRepository, mayOpenPullRequest } from './checks-state';
import { bodyObject } from './checks-form';
import { findGiteeRepo } from './gitee';
import { giteeBadRequest, giteeChecks, giteePullRequest } from './gitee-pulls';
import type { Router } from './router';
import { json, ReplyError, type Reply, type RouteContext } from './types';

function mergePull(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGiteeRepo(ctx);
  const world = giteeChecks(ctx);
  const pr = /^\d+$/.test(ctx.params.number) ? world.pullRequest(project, Number(ctx.params.number)) : undefined;
  if (!pr) throw new ReplyError(json(404, { message: '404 Not Found' }));
  if (!ctx.state.canWrite(user, project)) throw new ReplyError(json(403, { message: '403 Forbidden' }));
  const body = bodyObject(ctx) ?? {};
  const method = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
  if (!['merge', 'squash', 'rebase'].includes(method)) throw giteeBadRequest('merge_method does not have a valid value');
  if (pr.state !== 'open' || pr.draft || pr.mergeableState !== undefined) throw new ReplyError(json(405, { message: 'Pull Request 不可合并' }));
  const now = world.clock.date();
  pr.state = 'merged';
  pr.mergedAt = now;
  pr.closedAt = now;
  pr.updatedAt = now;
  pr.mergedWith = method;
  return json(200, { sha: pr.headSha, merged: true, message: 'Pull Request 已成功合并' });
}

function createPull(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGiteeRepo(ctx);
  const world = giteeChecks(ctx);
  const body = bodyObject(ctx) ?? {};
  for (const field of ['title', 'head', 'base']) {
    if (typeof body[field] !== 'string' || body[field] === '') throw giteeBadRequest(`${field} is missing`);
  }
  const named = headRepository(ctx.state, project, String(body.head));
  if (named && !mayOpenPullRequest(ctx.state, user, project, named.repo)) throw new ReplyError(json(403, { message: '403 Forbidden' }));
  const head = named?.ref ?? String(body.head);
  const base = String(body.base);
  const headSha = named && world.resolveRef(named.repo, head);
  const baseSha = world.resolveRef(project, base);
  if (!named || !headSha || !baseSha) throw giteeBadRequest(`${headSha ? base : head} 分支不存在`);
  if (world.pullRequests.some((p) => p.projectId === project.id && p.headRepoId === named.repo.id && p.state === 'open' && p.headRef === head && p.baseRef === base)) {
    throw giteeBadRequest('已存在相同源分支、目标分支的 Pull Request');
  }
  const draft = body.draft === true || body.draft === 'true';
  const pr = world.addPullRequest({ project, title: String(body.title), head: { ref: head, sha: headSha, repo: named.repo.path }, base: { ref: base, sha: baseSha }, author: user, draft });
  return json(200, giteePullRequest(ctx, pr));
}

export function registerGiteeMerging(router: Router): Router {
  return router.put('/repos/:owner/:repo/pulls/:number/merge', mergePull).post('/repos/:owner/:repo/pulls', createPull);
}
