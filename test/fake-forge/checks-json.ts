// Check-run and annotation JSON shared by the fake Gitee and GitHub (Gitee's check-run API mirrors
// GitHub's). Shapes: samples/pygithub-replay/list_check_runs_for_ref.filter_latest.response.json (run,
// app, check_suite {id}, output with annotations_count/annotations_url, pull_requests) and
// list_check_run_annotations.per_page_1.response.json (annotation). Each forge passes its style
// (time format, account entity, node ids, the run's web page).
// Per forge, as each API description declares the check run (test/contract/ checks it):
//   GitHub (api.github.com / GHES OpenAPI `check-run`): node_id, external_id, check_suite {id}, app,
//     pull_requests; NO `actions` and NO `output.images` (GitHub returns buttons and images only in the UI
//     and webhooks).
//   Gitee (v5 swagger `CheckRun`): {id, head_sha, url, html_url, details_url, status, conclusion,
//     started_at, completed_at, output, name} and nothing of GitHub's app/suite/PR links; `actions`
//     (documented on create and update; whether GET returns them is not) unless `options.includeActions`
//     is false; `output.images` when the run has images (output is an undescribed object in the swagger).
import type { ChecksState } from './checks-state';
import type { AnnotationInput, CheckApp, CheckRun, PullRequest } from './checks-model';
import type { Project } from './state';
import type { RouteContext } from './types';

export interface CheckJsonStyle {
  /** The forge's timestamp format. */
  readonly time: (date: Date) => string;
  /** The embedded account entity (app owner). */
  readonly account: (login: string, id: number) => Record<string, unknown>;
  /** GitHub adds node_id to runs and apps. */
  readonly nodeId?: (kind: string, id: number) => string;
  /** The run's page on the forge (html_url; details_url when the integrator gave none). */
  readonly runHtmlUrl: (project: Project, run: CheckRun) => string;
  /** GitHub's links of a run: external_id, check_suite, app, pull_requests. */
  readonly githubLinks: boolean;
  /** `actions` and `output.images` (Gitee: what the integrator set). */
  readonly buttonsAndImages: boolean;
}

/** A fixed creation time for apps: they predate everything a test seeds. */
const APP_CREATED = new Date('2018-07-30T09:30:17Z');

function appEntity(ctx: RouteContext, app: CheckApp, style: CheckJsonStyle): Record<string, unknown> {
  const actions = app.slug === 'github-actions';
  return {
    id: app.id,
    slug: app.slug,
    ...(style.nodeId ? { node_id: style.nodeId('App', app.id) } : {}),
    owner: style.account(app.owner, app.id + 1_000_000),
    name: app.name,
    description: actions ? 'Automate your workflow from idea to production' : '',
    external_url: actions ? 'https://help.github.com/en/actions' : `${ctx.forge.url}/apps/${app.slug}/home`,
    html_url: `${ctx.forge.url}/apps/${app.slug}`,
    created_at: style.time(APP_CREATED),
    updated_at: style.time(APP_CREATED),
    permissions: { checks: 'write', metadata: 'read', ...(actions ? { actions: 'write', statuses: 'write' } : {}) },
    events: ['check_run', 'check_suite'],
  };
}

/** The minimal pull request of a run's `pull_requests` (webhook samples). */
function pullRequestMinimal(ctx: RouteContext, project: Project, pr: PullRequest): Record<string, unknown> {
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const repo = { id: project.id, url: api, name: project.name };
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    number: pr.number,
    head: { ref: pr.headRef, sha: pr.headSha, repo },
    base: { ref: pr.baseRef, sha: pr.baseSha, repo },
  };
}

export function checkRunEntity(ctx: RouteContext, world: ChecksState, run: CheckRun, style: CheckJsonStyle): Record<string, unknown> {
  const project = world.project(run.projectId);
  const api = `${ctx.forge.apiBase}/repos/${project.path}`;
  const suite = world.suites.get(run.suiteId);
  const html = style.runHtmlUrl(project, run);
  // Open PRs of this repository (not forks: GitHub leaves those out) whose head is the run's sha.
  const prs = world.pullRequests.filter((p) => p.projectId === project.id && p.headRepoId === project.id && p.state === 'open' && p.headSha === run.headSha);
  const output: Record<string, unknown> = {
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    annotations_count: run.annotations.length,
    annotations_url: `${api}/check-runs/${run.id}/annotations`,
  };
  if (style.buttonsAndImages && run.output.images.length > 0) {
    output.images = run.output.images.map((i) => ({ alt: i.alt, image_url: i.image_url, caption: i.caption ?? null }));
  }
  const entity: Record<string, unknown> = {
    id: run.id,
    ...(style.nodeId ? { node_id: style.nodeId('CheckRun', run.id) } : {}),
    head_sha: run.headSha,
    ...(style.githubLinks ? { external_id: run.externalId } : {}),
    url: `${api}/check-runs/${run.id}`,
    html_url: html,
    details_url: run.detailsUrl ?? html,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt ? style.time(run.startedAt) : null,
    completed_at: run.completedAt ? style.time(run.completedAt) : null,
    output,
    name: run.name,
  };
  if (style.githubLinks) {
    entity.check_suite = { id: run.suiteId };
    entity.app = suite ? appEntity(ctx, suite.app, style) : null;
    entity.pull_requests = prs.map((p) => pullRequestMinimal(ctx, project, p));
  }
  if (style.buttonsAndImages && world.options.includeActions) {
    entity.actions = run.actions.map((a) => ({ label: a.label, description: a.description, identifier: a.identifier }));
  }
  return entity;
}

/** One annotation as the list route returns it; columns only when the annotation is on one line. */
export function annotationEntity(ctx: RouteContext, project: Project, run: CheckRun, a: AnnotationInput): Record<string, unknown> {
  const oneLine = a.start_line === a.end_line;
  const file = a.path.split('/').map(encodeURIComponent).join('/');
  return {
    path: a.path,
    blob_href: `${ctx.forge.url}/${project.path}/blob/${run.headSha}/${file}`,
    start_line: a.start_line,
    start_column: oneLine ? a.start_column ?? null : null,
    end_line: a.end_line,
    end_column: oneLine ? a.end_column ?? null : null,
    annotation_level: a.annotation_level,
    title: a.title ?? null,
    message: a.message,
    raw_details: a.raw_details ?? null,
  };
}
