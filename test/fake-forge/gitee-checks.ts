// Gitee check runs (notes/forge-api-facts.md §C, "PR gate check"):
//   GET   /repos/:owner/:repo/commits/:ref/check-runs     check_name, status, page, per_page (default 20, max 100)
//   GET   /repos/:owner/:repo/check-runs/:id
//   GET   /repos/:owner/:repo/check-runs/:id/annotations  page, per_page (default 20, max 100)
//   PATCH /repos/:owner/:repo/check-runs/:id              JSON or (nested) form; repository admin only
// Lists answer a JSON array with total_count / total_page headers (set `forge.gitee.options.giteeCheckRunList
// = 'object'` for a GitHub-like {total_count, check_runs}); `filter` (latest|all) is accepted, and every run
// is listed either way. `pull_request_id`: see listForRef.
// No endpoint re-runs a check or presses an `actions` button on Gitee (both are UI-only, sent by webhook).
// Errors are {"message": "..."}. Guessed (Gitee's check-run responses were never recorded): the run's
// html_url (`/<repo>/checks/<id>`), every message below except "404 Project Not Found", 403 for a
// non-admin, 422 "conclusion cannot be changed", 400 for invalid values.
import { bodyObject, intOf, isBag, jsonish } from './checks-form';
import { annotationEntity, checkRunEntity, type CheckJsonStyle } from './checks-json';
import {
  ANNOTATION_LEVELS, CHECK_RUN_CONCLUSIONS, CHECK_RUN_STATUSES,
  type AnnotationInput, type CheckRun, type CheckRunAction, type CheckRunConclusion, type CheckRunImage, type CheckRunStatus,
} from './checks-model';
import { findGiteeRepo, giteeAccount, giteeTime } from './gitee';
import { giteeBadRequest, giteeChecks } from './gitee-pulls';
import { GITEE_PAGES, giteePageHeaders, pageOf } from './pagination';
import type { Router } from './router';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const STYLE = (ctx: RouteContext): CheckJsonStyle => ({
  time: giteeTime,
  account: (login, id) => giteeAccount(ctx.forge, { id, login, name: login }),
  runHtmlUrl: (project, run) => `${ctx.forge.url}/${project.path}/checks/${run.id}`,
  githubLinks: false,
  buttonsAndImages: true,
});

export function giteeCheckRunJson(ctx: RouteContext, run: CheckRun): Record<string, unknown> {
  return checkRunEntity(ctx, giteeChecks(ctx), run, STYLE(ctx));
}

function findRun(ctx: RouteContext, project: Project): CheckRun {
  const id = /^\d+$/.test(ctx.params.id) ? Number(ctx.params.id) : NaN;
  const run = Number.isNaN(id) ? undefined : giteeChecks(ctx).run(project, id);
  if (!run) throw new ReplyError(json(404, { message: '404 Check Run Not Found' }));
  return run;
}

function listForRef(ctx: RouteContext): Reply {
  const project = findGiteeRepo(ctx);
  const world = giteeChecks(ctx);
  const sha = world.resolveRef(project, ctx.params.ref);
  if (!sha) throw new ReplyError(json(404, { message: '404 Commit Not Found' }));
  const name = ctx.query.get('check_name');
  const status = ctx.query.get('status');
  if (status && !(CHECK_RUN_STATUSES as readonly string[]).includes(status)) throw giteeBadRequest('status does not have a valid value');
  // A run created on a PR (pull_request_id) is listed only when the list asks for that PR (assumed from
  // the swagger's pull_request_id parameter, "关联 pull request 的 ID"; Gitee's behaviour was never recorded).
  const pullRequestId = ctx.query.get('pull_request_id');
  if (pullRequestId !== null && !/^\d+$/.test(pullRequestId)) throw giteeBadRequest('pull_request_id is invalid');
  const filter = ctx.query.get('filter');
  if (filter !== null && filter !== 'latest' && filter !== 'all') throw giteeBadRequest('filter does not have a valid value');
  const all = world
    .runsFor(project, sha)
    .filter((r) => (!name || r.name === name) && (!status || r.status === status))
    .filter((r) => r.pullRequestId === undefined || String(r.pullRequestId) === pullRequestId);
  const page = pageOf(all, ctx.query, GITEE_PAGES);
  const runs = page.items.map((r) => giteeCheckRunJson(ctx, r));
  const body = world.options.giteeCheckRunList === 'object' ? { total_count: page.total, check_runs: runs } : runs;
  return json(200, body, giteePageHeaders(page));
}

function listAnnotations(ctx: RouteContext): Reply {
  const project = findGiteeRepo(ctx);
  const run = findRun(ctx, project);
  const page = pageOf(run.annotations, ctx.query, GITEE_PAGES);
  return json(200, page.items.map((a) => annotationEntity(ctx, project, run, a)), giteePageHeaders(page));
}

// ---- PATCH ------------------------------------------------------------------------------------

interface Patch {
  name: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  startedAt?: Date;
  completedAt?: Date;
  detailsUrl?: string;
  externalId?: string;
  output?: { title: string; summary: string; text?: string; annotations: AnnotationInput[]; images?: CheckRunImage[] };
  actions?: CheckRunAction[];
}

function str(bag: Record<string, unknown>, key: string, where: string, required: boolean): string | undefined {
  const value = bag[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw giteeBadRequest(`${where}${key} is missing`);
    return undefined;
  }
  if (typeof value !== 'string') throw giteeBadRequest(`${where}${key} is invalid`);
  return value;
}

function date(bag: Record<string, unknown>, key: string): Date | undefined {
  const value = str(bag, key, '', false);
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw giteeBadRequest(`${key} is invalid`);
  return parsed;
}

function list(value: unknown, where: string): Record<string, unknown>[] {
  const parsed = jsonish(value);
  const items = Array.isArray(parsed) ? parsed : isBag(parsed) ? Object.values(parsed) : undefined;
  if (!items || !items.every(isBag)) throw giteeBadRequest(`${where} is invalid`);
  return items;
}

function annotationOf(raw: Record<string, unknown>): AnnotationInput {
  const where = 'output.annotations[].';
  const level = str(raw, 'annotation_level', where, true);
  const start = intOf(raw.start_line);
  const end = intOf(raw.end_line);
  if (start === undefined || end === undefined || start < 1 || end < start) throw giteeBadRequest(`${where}start_line/end_line is invalid`);
  if (!(ANNOTATION_LEVELS as readonly string[]).includes(level ?? '')) throw giteeBadRequest(`${where}annotation_level does not have a valid value`);
  const a: AnnotationInput = {
    path: str(raw, 'path', where, true) ?? '',
    start_line: start,
    end_line: end,
    annotation_level: level as AnnotationInput['annotation_level'],
    message: str(raw, 'message', where, true) ?? '',
  };
  const startColumn = intOf(raw.start_column);
  const endColumn = intOf(raw.end_column);
  if (startColumn !== undefined && start === end) a.start_column = startColumn;
  if (endColumn !== undefined && start === end) a.end_column = endColumn;
  const title = str(raw, 'title', where, false);
  const details = str(raw, 'raw_details', where, false);
  if (title !== undefined) a.title = title;
  if (details !== undefined) a.raw_details = details;
  return a;
}

function parsePatch(body: Record<string, unknown>, run: CheckRun): Patch {
  const patch: Patch = { name: str(body, 'name', '', true) ?? run.name };
  const status = str(body, 'status', '', false);
  if (status !== undefined && !(CHECK_RUN_STATUSES as readonly string[]).includes(status)) throw giteeBadRequest('status does not have a valid value');
  const conclusion = str(body, 'conclusion', '', false);
  if (conclusion !== undefined && !(CHECK_RUN_CONCLUSIONS as readonly string[]).includes(conclusion)) throw giteeBadRequest('conclusion does not have a valid value');
  patch.status = (status ?? (conclusion !== undefined ? 'completed' : undefined)) as CheckRunStatus | undefined;
  patch.conclusion = conclusion as CheckRunConclusion | undefined;
  if (run.conclusion !== null && ((conclusion !== undefined && conclusion !== run.conclusion) || (patch.status !== undefined && patch.status !== 'completed'))) {
    throw new ReplyError(json(422, { message: 'conclusion cannot be changed' }));
  }
  if (patch.status === 'completed' && patch.conclusion === undefined && run.conclusion === null) throw giteeBadRequest('conclusion is missing');
  patch.startedAt = date(body, 'started_at');
  patch.completedAt = date(body, 'completed_at');
  patch.detailsUrl = str(body, 'details_url', '', false);
  patch.externalId = str(body, 'external_id', '', false);
  const output = jsonish(body.output);
  if (output !== undefined) {
    if (!isBag(output)) throw giteeBadRequest('output is invalid');
    patch.output = {
      title: str(output, 'title', 'output.', true) ?? '',
      summary: str(output, 'summary', 'output.', true) ?? '',
      text: str(output, 'text', 'output.', false),
      annotations: output.annotations === undefined ? [] : list(output.annotations, 'output.annotations').map(annotationOf),
      images: output.images === undefined ? undefined : list(output.images, 'output.images').map((i) => ({
        alt: str(i, 'alt', 'output.images[].', true) ?? '', image_url: str(i, 'image_url', 'output.images[].', true) ?? '', caption: str(i, 'caption', '', false),
      })),
    };
  }
  if (body.actions !== undefined) {
    patch.actions = list(body.actions, 'actions').map((a) => ({
      label: str(a, 'label', 'actions[].', true) ?? '', description: str(a, 'description', 'actions[].', true) ?? '', identifier: str(a, 'identifier', 'actions[].', true) ?? '',
    }));
  }
  return patch;
}

function applyPatch(ctx: RouteContext, run: CheckRun, patch: Patch): void {
  const world = giteeChecks(ctx);
  run.name = patch.name;
  if (patch.startedAt) run.startedAt = patch.startedAt;
  if (patch.status !== undefined) {
    if (patch.status === 'completed' && run.status !== 'completed') run.completedAt = patch.completedAt ?? world.clock.date();
    if (patch.status !== 'completed') run.completedAt = null;
    run.status = patch.status;
  }
  if (patch.completedAt && run.status === 'completed') run.completedAt = patch.completedAt;
  if (patch.conclusion !== undefined) run.conclusion = patch.conclusion;
  if (patch.detailsUrl !== undefined) run.detailsUrl = patch.detailsUrl;
  if (patch.externalId !== undefined) run.externalId = patch.externalId;
  if (patch.output) {
    run.output = { title: patch.output.title, summary: patch.output.summary, text: patch.output.text ?? null, images: patch.output.images ?? run.output.images };
    world.addAnnotations(run, patch.output.annotations);
  }
  if (patch.actions) run.actions = patch.actions;
}

function updateRun(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const project = findGiteeRepo(ctx);
  const run = findRun(ctx, project);
  const world = giteeChecks(ctx);
  if (!world.isAdmin(user, project)) throw new ReplyError(json(403, { message: '403 Forbidden' }));
  const body = bodyObject(ctx);
  if (!body) throw giteeBadRequest('body is invalid');
  applyPatch(ctx, run, parsePatch(body, run));
  world.updates.push({ runId: run.id, username: user.username, body, at: world.clock.date() });
  return json(200, giteeCheckRunJson(ctx, run));
}

export function registerGiteeChecks(router: Router): Router {
  return router
    .get('/repos/:owner/:repo/commits/:ref/check-runs', listForRef)
    .get('/repos/:owner/:repo/check-runs/:id', (ctx) => json(200, giteeCheckRunJson(ctx, findRun(ctx, findGiteeRepo(ctx)))))
    .get('/repos/:owner/:repo/check-runs/:id/annotations', listAnnotations)
    .patch('/repos/:owner/:repo/check-runs/:id', updateRun);
}
