// GitHub check runs, rerequests and Actions re-runs (notes/forge-api-facts.md §D):
//   GET  /repos/:o/:r/commits/:ref/check-runs      check_name, status, filter latest|all (default latest),
//                                                  app_id, per_page (30, max 100), page -> {total_count, check_runs}
//   GET  /repos/:o/:r/check-runs/:id
//   GET  /repos/:o/:r/check-runs/:id/annotations   per_page (30, max 100), page
//   POST /repos/:o/:r/check-suites/:id/rerequest   201 {} (samples/pygithub-replay/CheckSuite.testCheckSuiteRerequest.txt)
//   POST /repos/:o/:r/check-runs/:id/rerequest     201 {}
//   POST /repos/:o/:r/actions/runs/:run_id/rerun-failed-jobs   201 {}
// Links use the /repositories/<id>/... form (samples/pygithub-replay). `:ref` is a sha, a branch, or
// heads/<branch> (slashes allowed, see github.ts). No endpoint presses a check run's `actions` button.
// Rerequest effect (as the brief asks; GitHub itself only resets the suite and tells the app by webhook):
// every run of the suite becomes queued with no conclusion; suite.rerequests counts it. Re-run failed
// jobs: the workflow run's failure/cancelled/timed_out/startup_failure jobs become queued.
// Guessed: 422 "No commit found for SHA" for an unknown ref; 422 for a bad filter/status; 422 for
// rerequesting an unfinished run; 403 "This workflow is already running"; 422 when no job failed;
// writes by a reader are 404 (or 403, configureRepo noPushStatus).
import { annotationEntity, checkRunEntity, type CheckJsonStyle } from './checks-json';
import { CHECK_RUN_STATUSES, FAILED_CONCLUSIONS, type CheckRun, type CheckSuite } from './checks-model';
import { accountEntity, findGitHubRepo, githubError, githubNotFound, githubRepoLinkBase, githubTime, nodeId } from './github';
import { githubChecks, githubValidationFailed } from './github-pulls';
import { GITHUB_PAGES, githubPageHeaders, pageOf } from './pagination';
import { githubJobLogs } from './job-logs';
import type { Router } from './router';
import type { Project, User } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

const DOCS = 'https://docs.github.com/rest/checks';

const STYLE = (ctx: RouteContext): CheckJsonStyle => ({
  time: githubTime,
  account: (login, id) => accountEntity(ctx.forge, { id, login, type: 'Organization' }),
  nodeId,
  runHtmlUrl: (project, run) => run.workflowRunId !== undefined
    ? `${ctx.forge.url}/${project.path}/actions/runs/${run.workflowRunId}/job/${run.id}`
    : `${ctx.forge.url}/${project.path}/runs/${run.id}`,
  githubLinks: true,
  buttonsAndImages: false,
});

export function githubCheckRunJson(ctx: RouteContext, run: CheckRun): Record<string, unknown> {
  return checkRunEntity(ctx, githubChecks(ctx), run, STYLE(ctx));
}

/** 422 for a ref that names no commit (what GitHub's commit routes answer). */
export function resolveGitHubRef(ctx: RouteContext, project: Project, docs: string): string {
  const sha = githubChecks(ctx).resolveRef(project, ctx.params.ref);
  if (!sha) throw new ReplyError(githubError(422, `No commit found for SHA: ${ctx.params.ref}`, docs));
  return sha;
}

/** The signed-in user with push access, or 401 / 404 (403 when the repo is configured so, or archived). */
export function requireGitHubPush(ctx: RouteContext, project: Project, docs: string): User {
  const user = ctx.requireUser();
  const world = githubChecks(ctx);
  if (project.archived && world.state.isMember(user, project)) throw new ReplyError(githubError(403, 'Repository was archived so is read-only.', docs));
  if (!world.canPush(user, project)) {
    throw new ReplyError(world.settingsOf(project).noPushStatus === 403
      ? githubError(403, 'Resource not accessible by personal access token', docs)
      : githubNotFound(docs));
  }
  return user;
}

function forbidden(docs: string): ReplyError {
  return new ReplyError(githubError(403, 'Resource not accessible by integration', docs));
}

function findRun(ctx: RouteContext, project: Project, docs: string): CheckRun {
  const run = /^\d+$/.test(ctx.params.id) ? githubChecks(ctx).run(project, Number(ctx.params.id)) : undefined;
  if (!run) throw new ReplyError(githubNotFound(docs));
  return run;
}

function listForRef(ctx: RouteContext): Reply {
  const docs = `${DOCS}/runs#list-check-runs-for-a-git-reference`;
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const sha = resolveGitHubRef(ctx, project, docs);
  const filter = ctx.query.get('filter') ?? 'latest';
  const status = ctx.query.get('status');
  const name = ctx.query.get('check_name');
  const appId = ctx.query.get('app_id');
  if (filter !== 'latest' && filter !== 'all') throw githubValidationFailed([{ resource: 'CheckRun', field: 'filter', code: 'invalid' }], docs);
  if (status && !(CHECK_RUN_STATUSES as readonly string[]).includes(status)) throw githubValidationFailed([{ resource: 'CheckRun', field: 'status', code: 'invalid' }], docs);
  let runs = world.runsFor(project, sha);
  if (filter === 'latest') runs = world.latestPerName(runs);
  runs = runs.filter((r) => (!name || r.name === name) && (!status || r.status === status) && (!appId || String(world.suites.get(r.suiteId)?.app.id) === appId));
  const page = pageOf(runs, ctx.query, GITHUB_PAGES);
  const base = githubRepoLinkBase(ctx, project, `/commits/${encodeURIComponent(ctx.params.ref)}/check-runs`);
  return json(200, { total_count: page.total, check_runs: page.items.map((r) => githubCheckRunJson(ctx, r)) }, githubPageHeaders(page, base, ctx.query));
}

function listAnnotations(ctx: RouteContext): Reply {
  const project = findGitHubRepo(ctx);
  const run = findRun(ctx, project, `${DOCS}/runs#list-check-run-annotations`);
  const page = pageOf(run.annotations, ctx.query, GITHUB_PAGES);
  const base = githubRepoLinkBase(ctx, project, `/check-runs/${run.id}/annotations`);
  return json(200, page.items.map((a) => annotationEntity(ctx, project, run, a)), githubPageHeaders(page, base, ctx.query));
}

/** The rules both rerequests share: push access, the repo's switch, and the token's app. */
function mayRerequest(ctx: RouteContext, project: Project, suite: CheckSuite, docs: string): void {
  const user = requireGitHubPush(ctx, project, docs);
  const world = githubChecks(ctx);
  const tokenApp = world.tokenApps.get(user.username.toLowerCase());
  if (world.settingsOf(project).rerequestForbidden || (tokenApp !== undefined && tokenApp !== suite.app.slug)) throw forbidden(docs);
}

function rerequestSuite(ctx: RouteContext): Reply {
  ctx.requireUser();
  const docs = `${DOCS}/suites#rerequest-a-check-suite`;
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const suite = /^\d+$/.test(ctx.params.id) ? world.suite(project, Number(ctx.params.id)) : undefined;
  if (!suite) throw new ReplyError(githubNotFound(docs));
  mayRerequest(ctx, project, suite, docs);
  world.rerequestSuite(suite);
  return json(201, {});
}

function rerequestRun(ctx: RouteContext): Reply {
  ctx.requireUser();
  const docs = `${DOCS}/runs#rerequest-a-check-run`;
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const run = findRun(ctx, project, docs);
  const suite = world.suites.get(run.suiteId);
  if (!suite) throw new ReplyError(githubNotFound(docs));
  mayRerequest(ctx, project, suite, docs);
  if (run.status !== 'completed') throw new ReplyError(githubError(422, 'This check run cannot be rerequested until it has completed', docs));
  world.rerequestRun(run);
  return json(201, {});
}

function rerunFailedJobs(ctx: RouteContext): Reply {
  ctx.requireUser();
  const docs = 'https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run';
  const project = findGitHubRepo(ctx);
  const world = githubChecks(ctx);
  const id = /^\d+$/.test(ctx.params.run_id) ? Number(ctx.params.run_id) : NaN;
  const jobs = Number.isNaN(id) ? [] : world.workflowRunJobs(project, id);
  if (jobs.length === 0) throw new ReplyError(githubNotFound(docs));
  const user = requireGitHubPush(ctx, project, docs);
  if (world.settingsOf(project).rerunForbidden) throw forbidden(docs);
  if (jobs.some((j) => j.status !== 'completed')) throw new ReplyError(githubError(403, 'This workflow is already running', docs));
  if (!jobs.some((j) => j.conclusion !== null && FAILED_CONCLUSIONS.includes(j.conclusion))) {
    throw new ReplyError(githubError(422, 'There are no failed jobs to re-run', docs));
  }
  world.rerunFailedJobs(project, id, user);
  return json(201, {});
}

export function registerGitHubChecks(router: Router): Router {
  return router
    .get('/repos/:owner/:repo/commits/:ref/check-runs', listForRef)
    .get('/repos/:owner/:repo/check-runs/:id', (ctx) => {
      const project = findGitHubRepo(ctx);
      return json(200, githubCheckRunJson(ctx, findRun(ctx, project, `${DOCS}/runs#get-a-check-run`)));
    })
    .get('/repos/:owner/:repo/check-runs/:id/annotations', listAnnotations)
    .post('/repos/:owner/:repo/check-suites/:id/rerequest', rerequestSuite)
    .post('/repos/:owner/:repo/check-runs/:id/rerequest', rerequestRun)
    .post('/repos/:owner/:repo/actions/runs/:run_id/rerun-failed-jobs', rerunFailedJobs)
    .get('/repos/:owner/:repo/actions/jobs/:job_id/logs', githubJobLogs);
}
