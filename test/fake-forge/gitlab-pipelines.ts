// GitLab pipelines and jobs: GET /projects/:id/pipelines/:pipeline_id (+ /jobs, /bridges),
// POST /projects/:id/jobs/:job_id/retry and /play, POST /projects/:id/pipelines/:pipeline_id/retry,
// GET /projects/:id/jobs/:job_id/artifacts/*artifact_path (the Code Quality report).
// Routes follow lib/api/ci/pipelines.rb (GETs need no token on a public project) and lib/api/ci/jobs.rb
// (`before { authenticate! }`; `forbidden!('Job is not retryable')`, `bad_request!("Unplayable Job")`).
import { artifactText, bridgeEntity, jobEntity, pipelineEntity } from './gitlab-ci-entities';
import { DOWNSTREAM_SOURCES, JOB_STATUSES, jobsOf, playJob, retryJob, retryPipeline, type Job, type Pipeline } from './gitlab-ci-state';
import {
  authenticatedProject, created, fail, forbidden, glState, numericParam, paginated, readableProject,
  recordNotFound, requestParams, requireRole, validateParams,
} from './gitlab-helpers';
import { gitlabTrace } from './job-logs';
import type { Router } from './router';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

/** CommitStatus::AVAILABLE_STATUSES, the values `scope[]` takes. */
const SCOPES = [...JOB_STATUSES, 'canceling'];

function findPipeline(ctx: RouteContext, project: Project): Pipeline {
  const pipeline = glState(ctx).pipelines.get(numericParam(ctx, 'pipeline_id'));
  if (!pipeline || pipeline.projectId !== project.id) throw recordNotFound();
  return pipeline;
}

/** find_job!: a build or bridge of this project. */
function findJob(ctx: RouteContext, project: Project, kinds: ReadonlyArray<Job['kind']> = ['build', 'bridge']): Job {
  const job = glState(ctx).jobs.get(numericParam(ctx, 'job_id'));
  if (!job || job.projectId !== project.id || !kinds.includes(job.kind)) throw recordNotFound();
  return job;
}

function listRows(ctx: RouteContext, kind: 'build' | 'bridge'): Reply {
  const params = validateParams(ctx, [
    { name: 'scope', type: 'string[]', values: SCOPES },
    { name: 'include_retried', type: 'boolean' },
  ]);
  const project = readableProject(ctx);
  const pipeline = findPipeline(ctx, project);
  const scope = params.scope as string[] | undefined;
  const includeRetried = kind === 'build' && params.include_retried === true;
  const rows = jobsOf(glState(ctx), pipeline, { kinds: [kind], includeRetried })
    .filter((j) => !scope || scope.length === 0 || scope.includes(j.status));
  return paginated(ctx, rows, (j) => (kind === 'build' ? jobEntity(ctx, j) : bridgeEntity(ctx, j)));
}

function retryOne(ctx: RouteContext): Reply {
  const project = authenticatedProject(ctx);
  const job = findJob(ctx, project);
  requireRole(ctx, project, 'developer');
  const fresh = retryJob(glState(ctx), job, ctx.user?.id);
  if (!fresh) throw forbidden('Job is not retryable');
  return created(jobEntity(ctx, fresh));
}

function play(ctx: RouteContext): Reply {
  ctx.requireUser();
  const params = requestParams(ctx);
  const raw = params.job_variables_attributes;
  const variables: Job['variables'] = [];
  if (raw !== undefined) {
    const list = Array.isArray(raw) ? raw : [];
    if (!Array.isArray(raw)) throw new ReplyError(json(400, { error: 'job_variables_attributes is invalid' }));
    const errors: string[] = [];
    list.forEach((item: unknown, i) => {
      const entry = (item ?? {}) as Record<string, unknown>;
      for (const field of ['key', 'value']) if (entry[field] === undefined) errors.push(`job_variables_attributes[${i}][${field}] is missing`);
      variables.push({ key: String(entry.key ?? ''), value: String(entry.value ?? '') });
    });
    if (errors.length > 0) throw new ReplyError(json(400, { error: errors.join(', ') }));
  }
  const project = authenticatedProject(ctx);
  const job = findJob(ctx, project);
  requireRole(ctx, project, 'developer');
  const played = playJob(glState(ctx), job, ctx.user?.id, variables);
  if (!played) throw fail(400, '400 Bad request - Unplayable Job');
  return json(200, played.kind === 'bridge' ? bridgeEntity(ctx, played) : jobEntity(ctx, played));
}

function retryWholePipeline(ctx: RouteContext): Reply {
  const project = authenticatedProject(ctx);
  const pipeline = findPipeline(ctx, project);
  requireRole(ctx, project, 'developer');
  retryPipeline(glState(ctx), pipeline, ctx.user?.id);
  return created(pipelineEntity(ctx, pipeline));
}

/** The file from the job's artifacts, as Workhorse sends an artifact entry: raw bytes, attachment. */
function artifact(ctx: RouteContext): Reply {
  const project = readableProject(ctx);
  const job = findJob(ctx, project, ['build']);
  const wanted = (ctx.params.artifact_path ?? '').replace(/^\/+/, '');
  const file = job.artifacts.find((a) => a.filename === wanted);
  if (!file) throw fail(404, '404 Not Found');
  const name = wanted.split('/').pop() ?? wanted;
  return { status: 200, text: artifactText(file), headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"` } };
}

/**
 * GET /projects/:id/pipelines/latest?ref=: Project#latest_pipeline, the newest CI-source pipeline of the
 * ref (the default branch when none is given); 404 when it has none.
 */
function latestPipeline(ctx: RouteContext): Reply {
  const params = validateParams(ctx, [{ name: 'ref', type: 'string' }]);
  const project = readableProject(ctx);
  const ref = (params.ref as string | undefined) || project.defaultBranch;
  const newest = [...glState(ctx).pipelines.values()]
    .filter((p) => p.projectId === project.id && p.ref === ref && !DOWNSTREAM_SOURCES.includes(p.source))
    .sort((a, b) => b.id - a.id)[0];
  if (!newest) throw fail(404, '404 Pipeline Not Found');
  return json(200, pipelineEntity(ctx, newest));
}

export function registerGitLabCi(router: Router): Router {
  return router
    .get('/projects/:id/pipelines/latest', latestPipeline)
    .get('/projects/:id/pipelines/:pipeline_id', (ctx) => json(200, pipelineEntity(ctx, findPipeline(ctx, readableProject(ctx)))))
    .get('/projects/:id/pipelines/:pipeline_id/jobs', (ctx) => listRows(ctx, 'build'))
    .get('/projects/:id/pipelines/:pipeline_id/bridges', (ctx) => listRows(ctx, 'bridge'))
    .post('/projects/:id/pipelines/:pipeline_id/retry', retryWholePipeline)
    .post('/projects/:id/jobs/:job_id/retry', retryOne)
    .post('/projects/:id/jobs/:job_id/play', play)
    .get('/projects/:id/jobs/:job_id/artifacts/*artifact_path', artifact)
    .get('/projects/:id/jobs/:job_id/trace', gitlabTrace);
}
