// GitLab CI entities: PipelineBasic / Pipeline (lib/api/entities/ci/pipeline*.rb, as the MR doc's
// `head_pipeline` example shows them), Job (lib/api/entities/ci/job_basic.rb + job.rb), Bridge
// (JobBasic + downstream_pipeline) and CommitStatus (samples/gitlab-go-scm/status.json, statuses.json).
// Fields and types as openapi_v2.yaml declares them (test/contract/ checks it): no `archived` or `name`
// on pipelines, a pipeline's queued_duration in whole seconds.
import { jobsOf, pipelineStatus, type Artifact, type Job, type JobStatus, type Pipeline } from './gitlab-ci-state';
import { glState, iso, projectWebUrl, userById } from './gitlab-helpers';
import type { RouteContext } from './types';

/** icon, text, label, group per status (Gitlab::Ci::Status::*; the doc example writes text in lower case). */
const DETAILED: Record<string, readonly [string, string, string, string]> = {
  success: ['status_success', 'passed', 'passed', 'success'],
  success_with_warnings: ['status_warning', 'warning', 'passed with warnings', 'success-with-warnings'],
  failed: ['status_failed', 'failed', 'failed', 'failed'],
  running: ['status_running', 'running', 'running', 'running'],
  pending: ['status_pending', 'pending', 'pending', 'pending'],
  created: ['status_created', 'created', 'created', 'created'],
  canceled: ['status_canceled', 'canceled', 'canceled', 'canceled'],
  skipped: ['status_skipped', 'skipped', 'skipped', 'skipped'],
  manual: ['status_manual', 'manual', 'manual action', 'manual'],
  scheduled: ['status_scheduled', 'scheduled', 'scheduled', 'scheduled'],
  waiting_for_resource: ['status_pending', 'waiting', 'waiting for resource', 'waiting-for-resource'],
  preparing: ['status_preparing', 'preparing', 'preparing', 'preparing'],
};

function relativeRoot(ctx: RouteContext): string {
  return ctx.forge.url.slice(ctx.forge.origin.length);
}

export function detailedStatus(ctx: RouteContext, status: JobStatus, warnings: boolean, detailsPath: string): Record<string, unknown> {
  const [icon, text, label, group] = DETAILED[status === 'success' && warnings ? 'success_with_warnings' : status] ?? DETAILED.created;
  return {
    icon, text, label, group, tooltip: label, has_details: true, details_path: detailsPath, illustration: null,
    favicon: `${relativeRoot(ctx)}/assets/ci_favicons/favicon_${icon}.png`,
  };
}

function pipelineOwner(ctx: RouteContext, pipeline: Pipeline) {
  const gl = glState(ctx);
  return { gl, project: gl.project(pipeline.projectId) };
}

export function pipelineWebUrl(ctx: RouteContext, pipeline: Pipeline): string {
  return `${projectWebUrl(ctx, pipelineOwner(ctx, pipeline).project)}/-/pipelines/${pipeline.id}`;
}

export function jobWebUrl(ctx: RouteContext, job: Job): string {
  return `${projectWebUrl(ctx, glState(ctx).project(job.projectId))}/-/jobs/${job.id}`;
}

/** PipelineBasic: what a job's `pipeline`, a bridge's `downstream_pipeline` and an MR's `pipeline` carry. */
export function pipelineBasic(ctx: RouteContext, pipeline: Pipeline): Record<string, unknown> {
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.projectId,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipelineStatus(glState(ctx), pipeline).status,
    source: pipeline.source,
    created_at: iso(pipeline.createdAt),
    updated_at: iso(pipeline.updatedAt),
    web_url: pipelineWebUrl(ctx, pipeline),
  };
}

/** Ci::Pipeline: GET /pipelines/:id, an MR's `head_pipeline`, POST .../retry. */
export function pipelineEntity(ctx: RouteContext, pipeline: Pipeline): Record<string, unknown> {
  const { gl, project } = pipelineOwner(ctx, pipeline);
  const { status, warnings } = pipelineStatus(gl, pipeline);
  const rows = jobsOf(gl, pipeline);
  const starts = rows.map((j) => j.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  const ends = rows.map((j) => j.finishedAt?.getTime()).filter((t): t is number => t !== undefined);
  const started = starts.length > 0 ? new Date(Math.min(...starts)) : null;
  const finished = ['success', 'failed', 'canceled', 'skipped'].includes(status) && ends.length > 0 ? new Date(Math.max(...ends)) : null;
  return {
    ...pipelineBasic(ctx, pipeline),
    before_sha: '0000000000000000000000000000000000000000',
    tag: false,
    yaml_errors: null,
    user: userById(ctx, pipeline.userId),
    started_at: iso(started),
    finished_at: iso(finished),
    committed_at: null,
    duration: started && finished ? Math.round((finished.getTime() - started.getTime()) / 1000) : null,
    // Whole seconds: Ci::Pipeline stores an integer (openapi_v2.yaml: integer/int32), unlike a job's float.
    queued_duration: started ? Math.round((started.getTime() - pipeline.createdAt.getTime()) / 1000) : null,
    coverage: null,
    detailed_status: detailedStatus(ctx, status, warnings, `${relativeRoot(ctx)}/${project.path}/-/pipelines/${pipeline.id}`),
  };
}

function commitEntity(ctx: RouteContext, job: Job, pipeline: Pipeline): Record<string, unknown> {
  const author = ctx.state.users.get(pipeline.userId ?? -1);
  const date = iso(pipeline.createdAt);
  return {
    id: pipeline.sha,
    short_id: pipeline.sha.slice(0, 8),
    created_at: date,
    parent_ids: [],
    title: `Commit ${pipeline.sha.slice(0, 8)}`,
    message: `Commit ${pipeline.sha.slice(0, 8)}\n`,
    author_name: author?.name ?? 'Unknown',
    author_email: author?.email ?? 'unknown@example.invalid',
    authored_date: date,
    committer_name: author?.name ?? 'Unknown',
    committer_email: author?.email ?? 'unknown@example.invalid',
    committed_date: date,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl(ctx, glState(ctx).project(job.projectId))}/-/commit/${pipeline.sha}`,
  };
}

/** Seconds; a running job's duration grows with the clock, as GitLab's does. */
function duration(ctx: RouteContext, job: Job): number | null {
  if (job.durationSec !== null) return job.durationSec;
  return job.status === 'running' && job.startedAt ? (glState(ctx).clock.now() - job.startedAt.getTime()) / 1000 : null;
}

function jobBasic(ctx: RouteContext, job: Job): Record<string, unknown> {
  const pipeline = glState(ctx).pipelines.get(job.pipelineId) as Pipeline;
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: job.ref,
    tag: false,
    coverage: job.coverage,
    allow_failure: job.allowFailure,
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    erased_at: null,
    duration: duration(ctx, job),
    queued_duration: job.queuedDurationSec,
    user: userById(ctx, job.userId),
    commit: commitEntity(ctx, job, pipeline),
    pipeline: pipelineBasic(ctx, pipeline),
    ...(job.status === 'failed' ? { failure_reason: job.failureReason ?? 'script_failure' } : {}),
    web_url: jobWebUrl(ctx, job),
    project: { ci_job_token_scope_enabled: false },
  };
}

export function artifactText(artifact: Artifact): string {
  return typeof artifact.content === 'string' ? artifact.content : JSON.stringify(artifact.content);
}

function artifactEntity(artifact: Artifact): Record<string, unknown> {
  return {
    file_type: artifact.file_type,
    size: Buffer.byteLength(artifactText(artifact)),
    filename: artifact.filename,
    file_format: artifact.file_format !== undefined ? artifact.file_format : artifact.file_type === 'archive' ? 'zip' : 'raw',
  };
}

/** Entities::Ci::Job (no `when`: a manual job shows as status 'manual'). */
export function jobEntity(ctx: RouteContext, job: Job): Record<string, unknown> {
  const archive = job.artifacts.find((a) => a.file_type === 'archive');
  return {
    ...jobBasic(ctx, job),
    ...(archive ? { artifacts_file: { filename: archive.filename, size: Buffer.byteLength(artifactText(archive)) } } : {}),
    artifacts: job.artifacts.map(artifactEntity),
    runner: null,
    runner_manager: null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: [],
  };
}

/** Entities::Ci::Bridge: JobBasic + downstream_pipeline (PipelineBasic or null). */
export function bridgeEntity(ctx: RouteContext, job: Job): Record<string, unknown> {
  const downstream = job.downstreamPipelineId === undefined ? undefined : glState(ctx).pipelines.get(job.downstreamPipelineId);
  return { ...jobBasic(ctx, job), downstream_pipeline: downstream ? pipelineBasic(ctx, downstream) : null };
}

/** Entities::CommitStatus, for builds and bridges too (their target_url is the job page). */
export function commitStatusEntity(ctx: RouteContext, job: Job): Record<string, unknown> {
  const pipeline = glState(ctx).pipelines.get(job.pipelineId) as Pipeline;
  return {
    id: job.id,
    sha: pipeline.sha,
    ref: job.ref,
    status: job.status,
    name: job.name,
    target_url: job.kind === 'generic' ? job.targetUrl : jobWebUrl(ctx, job),
    description: job.description,
    created_at: iso(job.createdAt),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    allow_failure: job.allowFailure,
    coverage: job.coverage,
    pipeline_id: job.pipelineId,
    author: userById(ctx, job.userId),
  };
}
