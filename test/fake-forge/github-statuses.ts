// GitHub commit statuses (notes/forge-api-facts.md §D):
//   GET  /repos/:o/:r/commits/:ref/status     combined: state failure if any latest context is error|failure,
//                                             pending if none or any pending, else success; statuses = latest per
//                                             context (no creator), total_count = contexts; repository, commit_url, url
//   GET  /repos/:o/:r/commits/:ref/statuses   every status, newest first (also the legacy /repos/:o/:r/statuses/:ref)
//   POST /repos/:o/:r/statuses/:sha           JSON {state (required), target_url, description, context ('default')}
//                                             -> 201 with the status (samples/octokit-fixtures/create-status*,
//                                             samples/github-go-scm/status.json) and a Location header
// Contexts compare case-insensitively; at most 1000 statuses per sha and context.
// Guessed: the 422 `errors` entries for a missing/invalid state; 400 "Problems parsing JSON" for a
// non-JSON body; the 1000-limit message; 404 (or 403 by configureRepo noPushStatus) without push access.
import { COMMIT_STATUS_STATES, type CommitStatus, type CommitStatusState } from './checks-model';
import { findGitHubRepo, githubError, githubRepo, githubRepoLinkBase, githubTime, githubUser, nodeId } from './github';
import { requireGitHubPush, resolveGitHubRef } from './github-checks';
import { githubChecks, githubValidationFailed } from './github-pulls';
import { GITHUB_PAGES, githubPageHeaders, pageOf } from './pagination';
import type { Router } from './router';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const DOCS = 'https://docs.github.com/rest/commits/statuses';
const MAX_PER_CONTEXT = 1000;

function statusEntity(ctx: RouteContext, project: Project, s: CommitStatus, withCreator: boolean): Record<string, unknown> {
  const creator = githubUser(ctx.forge, githubChecks(ctx).userById(s.creatorId));
  const entity: Record<string, unknown> = {
    url: `${ctx.forge.apiBase}/repos/${project.path}/statuses/${s.sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: githubTime(s.createdAt),
    updated_at: githubTime(s.createdAt),
  };
  if (withCreator) entity.creator = creator;
  return entity;
}

function combined(ctx: RouteContext): Reply {
  const docs = `${DOCS}#get-the-combined-status-for-a-specific-reference`;
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const sha = resolveGitHubRef(ctx, project, docs);
  const latest = world.latestStatuses(project, sha);
  const page = pageOf(latest, ctx.query, GITHUB_PAGES);
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const base = githubRepoLinkBase(ctx, project, `/commits/${encodeURIComponent(ctx.params.ref)}/status`);
  return json(200, {
    state: world.combinedState(latest),
    statuses: page.items.map((s) => statusEntity(ctx, project, s, false)),
    sha,
    total_count: latest.length,
    repository: githubRepo(ctx, project),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  }, githubPageHeaders(page, base, ctx.query));
}

function listStatuses(ctx: RouteContext, legacy: boolean): Reply {
  const docs = `${DOCS}#list-commit-statuses-for-a-reference`;
  const project = findGitHubRepo(ctx);
  const sha = resolveGitHubRef(ctx, project, docs);
  const page = pageOf(githubChecks(ctx).statusesFor(project, sha), ctx.query, GITHUB_PAGES);
  const ref = encodeURIComponent(ctx.params.ref);
  const base = githubRepoLinkBase(ctx, project, legacy ? `/statuses/${ref}` : `/commits/${ref}/statuses`);
  return json(200, page.items.map((s) => statusEntity(ctx, project, s, true)), githubPageHeaders(page, base, ctx.query));
}

function optionalString(body: Record<string, unknown>, field: string, docs: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw githubValidationFailed([{ resource: 'Status', code: 'invalid', field }], docs);
  return value;
}

function createStatus(ctx: RouteContext): Reply {
  const docs = `${DOCS}#create-a-commit-status`;
  const user = ctx.requireUser();
  const project = findGitHubRepo(ctx);
  requireGitHubPush(ctx, project, docs);
  const world = githubChecks(ctx);
  const body = ctx.request.body;
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  if (ctx.request.rawBody.trim() !== '' && !isObject) throw new ReplyError(githubError(400, 'Problems parsing JSON', docs));
  const fields = (isObject ? body : {}) as Record<string, unknown>;
  const state = fields.state;
  if (state === undefined || state === null || state === '') throw githubValidationFailed([{ resource: 'Status', code: 'missing_field', field: 'state' }], docs);
  if (typeof state !== 'string' || !(COMMIT_STATUS_STATES as readonly string[]).includes(state)) {
    throw githubValidationFailed([{ resource: 'Status', code: 'custom', field: 'state', message: 'state is not included in the list' }], docs);
  }
  const targetUrl = optionalString(fields, 'target_url', docs);
  const description = optionalString(fields, 'description', docs);
  const context = optionalString(fields, 'context', docs) || 'default';
  const sha = resolveGitHubRef(ctx, project, docs);
  const sameContext = world.statusesFor(project, sha).filter((s) => s.context.toLowerCase() === context.toLowerCase());
  if (sameContext.length >= MAX_PER_CONTEXT) {
    throw githubValidationFailed([{ resource: 'Status', code: 'custom', message: 'This SHA and context has reached the maximum number of statuses.' }], docs);
  }
  const status = world.addCommitStatus({ project, sha, state: state as CommitStatusState, context, targetUrl, description, creator: user });
  const entity = statusEntity(ctx, project, status, true);
  return json(201, entity, { location: String(entity.url) });
}

export function registerGitHubStatuses(router: Router): Router {
  return router
    .get('/repos/:owner/:repo/commits/:ref/status', combined)
    .get('/repos/:owner/:repo/commits/:ref/statuses', (ctx) => listStatuses(ctx, false))
    .get('/repos/:owner/:repo/statuses/:ref', (ctx) => listStatuses(ctx, true))
    .post('/repos/:owner/:repo/statuses/:ref', createStatus);
}
