// GitLab CI records of the fake forge: pipelines, their jobs (builds), bridges and generic commit
// statuses. As in GitLab, all three are CommitStatus rows of a pipeline (one id sequence); a row that
// was retried stays, flagged `retried`, and lists show the newest per name.
// Facts: notes/forge-api-facts.md §B (commit statuses and their transitions, job/pipeline retry, play);
// the pipeline status is Gitlab::Ci::Status::Composite's rule over the latest rows.
import type { GitLabState, ProjectRef, UserRef } from './gitlab-state';
import type { Project } from './state';

export const JOB_STATUSES = [
  'created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'success', 'failed', 'canceled', 'skipped', 'manual', 'scheduled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** The states POST /projects/:id/statuses/:sha accepts. */
export const COMMIT_STATUS_STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const;
export type CommitStatusState = (typeof COMMIT_STATUS_STATES)[number];
export type JobKind = 'build' | 'bridge' | 'generic';
const FINAL: readonly string[] = ['success', 'failed', 'canceled', 'skipped'];
/** Sources of downstream pipelines: never an MR's head pipeline. */
export const DOWNSTREAM_SOURCES: readonly string[] = ['parent_pipeline', 'pipeline'];

export interface Artifact {
  file_type: string;
  filename: string;
  /** Default: 'raw' for reports, 'zip' for an archive. */
  file_format?: string | null;
  /** Any JSON value (served as JSON text) or a string (served as is). */
  content: unknown;
}

export interface Job {
  readonly id: number;
  readonly kind: JobKind;
  readonly pipelineId: number;
  readonly projectId: number;
  readonly name: string;
  readonly stage: string;
  status: JobStatus;
  readonly allowFailure: boolean;
  /** on_success, manual, delayed, always...; GitLab does not render it (manual jobs have status 'manual'). */
  readonly when: string;
  ref: string;
  durationSec: number | null;
  queuedDurationSec: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  artifacts: Artifact[];
  retried: boolean;
  userId?: number;
  /** job_variables_attributes of the last play. */
  variables: Array<{ key: string; value: string }>;
  downstreamPipelineId?: number;
  targetUrl: string | null;
  description: string | null;
  coverage: number | null;
  failureReason?: string;
}

export interface Pipeline {
  readonly id: number;
  readonly iid: number;
  readonly projectId: number;
  readonly sha: string;
  readonly ref: string;
  readonly source: string;
  /** An explicit status; cleared by the first retry/play in the pipeline, then derived from its rows. */
  statusOverride?: JobStatus;
  userId?: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface JobInput {
  name: string;
  stage: string;
  /** Default 'manual' for when: 'manual', else 'success'. */
  status?: JobStatus;
  /** Default true for manual jobs (as in .gitlab-ci.yml), else false. */
  allowFailure?: boolean;
  when?: 'on_success' | 'on_failure' | 'always' | 'manual' | 'delayed' | 'never';
  /** Seconds; default 30 for a finished job. */
  durationSec?: number;
  queuedDurationSec?: number;
  coverage?: number;
  failureReason?: string;
  artifacts?: Artifact[];
}

export interface BridgeInput {
  name: string;
  stage: string;
  status?: JobStatus;
  allowFailure?: boolean;
  /** The triggered pipeline: in `project` (a multi-project pipeline) or in the same project (a child). */
  downstream?: { status: JobStatus; project?: ProjectRef; sha?: string; ref?: string } | null;
}

export interface PipelineInput {
  project: ProjectRef;
  sha: string;
  ref: string;
  /** Explicit status; derived from the jobs when omitted. */
  status?: JobStatus;
  /** Default 'push'. */
  source?: string;
  user?: UserRef;
  jobs?: JobInput[];
  bridges?: BridgeInput[];
  createdAt?: Date;
}

export interface CommitStatusInput {
  project: ProjectRef;
  sha: string;
  /** Default 'default'. */
  name?: string;
  status: CommitStatusState;
  targetUrl?: string;
  description?: string;
  ref?: string;
  coverage?: number;
  /** Default: the project's owner. */
  author?: UserRef;
}

function plusSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Timestamps that fit a status: queued 1 s after creation, started then, finished after the duration. */
function stampTimes(job: Job, durationSec: number | undefined): void {
  const queued = job.queuedDurationSec ?? 1;
  const started = !['created', 'pending', 'manual', 'scheduled', 'skipped', 'waiting_for_resource', 'preparing'].includes(job.status);
  job.startedAt = started ? plusSeconds(job.createdAt, queued) : null;
  job.queuedDurationSec = started ? queued : null;
  const finished = started && FINAL.includes(job.status);
  job.durationSec = finished ? durationSec ?? 30 : null;
  job.finishedAt = finished && job.startedAt ? plusSeconds(job.startedAt, job.durationSec ?? 0) : null;
}

function ownerId(gl: GitLabState, project: Project): number | undefined {
  return gl.state.ownerOf(project)?.id;
}

function newPipeline(gl: GitLabState, project: Project, fields: { sha: string; ref: string; source: string; status?: JobStatus; userId?: number; createdAt?: Date }): Pipeline {
  const iid = Math.max(0, ...[...gl.pipelines.values()].filter((p) => p.projectId === project.id).map((p) => p.iid)) + 1;
  const createdAt = fields.createdAt ?? gl.clock.date();
  const pipeline: Pipeline = {
    id: gl.nextId('pipeline'), iid, projectId: project.id, sha: fields.sha.toLowerCase(), ref: fields.ref, source: fields.source,
    statusOverride: fields.status, userId: fields.userId, createdAt, updatedAt: createdAt,
  };
  gl.pipelines.set(pipeline.id, pipeline);
  gl.addCommit({ project, sha: pipeline.sha });
  return pipeline;
}

function newJob(gl: GitLabState, pipeline: Pipeline, kind: JobKind, fields: Partial<Job> & { name: string; stage: string; status: JobStatus }): Job {
  const job: Job = {
    id: gl.nextId('job'), kind, pipelineId: pipeline.id, projectId: pipeline.projectId, ref: pipeline.ref,
    allowFailure: false, when: 'on_success', durationSec: null, queuedDurationSec: null, createdAt: pipeline.createdAt,
    startedAt: null, finishedAt: null, artifacts: [], retried: false, userId: pipeline.userId, variables: [],
    targetUrl: null, description: null, coverage: null, ...fields,
  };
  gl.jobs.set(job.id, job);
  return job;
}

export function addPipeline(gl: GitLabState, input: PipelineInput): Pipeline {
  const project = gl.project(input.project);
  const userId = input.user === undefined ? ownerId(gl, project) : gl.user(input.user).id;
  const pipeline = newPipeline(gl, project, { sha: input.sha, ref: input.ref, source: input.source ?? 'push', status: input.status, userId, createdAt: input.createdAt });
  for (const spec of input.jobs ?? []) {
    const when = spec.when ?? 'on_success';
    const job = newJob(gl, pipeline, 'build', {
      name: spec.name, stage: spec.stage, status: spec.status ?? (when === 'manual' ? 'manual' : 'success'),
      allowFailure: spec.allowFailure ?? when === 'manual', when, queuedDurationSec: spec.queuedDurationSec ?? null,
      coverage: spec.coverage ?? null, artifacts: (spec.artifacts ?? []).map((a) => ({ ...a })),
    });
    if (job.status === 'failed') job.failureReason = spec.failureReason ?? 'script_failure';
    stampTimes(job, spec.durationSec);
  }
  for (const spec of input.bridges ?? []) {
    const bridge = newJob(gl, pipeline, 'bridge', { name: spec.name, stage: spec.stage, status: spec.status ?? 'success', allowFailure: spec.allowFailure ?? false });
    stampTimes(bridge, undefined);
    if (spec.downstream) {
      const target = spec.downstream.project === undefined ? project : gl.project(spec.downstream.project);
      const same = target.id === project.id;
      const downstream = newPipeline(gl, target, {
        sha: spec.downstream.sha ?? (same ? pipeline.sha : fakeShaFor(target)),
        ref: spec.downstream.ref ?? (same ? pipeline.ref : target.defaultBranch),
        source: same ? 'parent_pipeline' : 'pipeline', status: spec.downstream.status, userId, createdAt: pipeline.createdAt,
      });
      bridge.downstreamPipelineId = downstream.id;
    }
  }
  return pipeline;
}

function fakeShaFor(project: Project): string {
  let hex = '';
  for (const ch of `${project.path}@${project.defaultBranch}`) hex += ch.charCodeAt(0).toString(16);
  return (hex.repeat(3) + '0'.repeat(40)).slice(0, 40);
}

/** Rows of a pipeline; `latest` drops retried ones. Newest first, as GitLab lists jobs. */
export function jobsOf(gl: GitLabState, pipeline: Pipeline, options: { kinds?: readonly JobKind[]; includeRetried?: boolean } = {}): Job[] {
  return [...gl.jobs.values()]
    .filter((j) => j.pipelineId === pipeline.id && (options.kinds ?? ['build', 'bridge', 'generic']).includes(j.kind) && (options.includeRetried || !j.retried))
    .sort((a, b) => b.id - a.id);
}

export function newestPipelineFor(gl: GitLabState, projectIds: readonly number[], sha: string, refs?: readonly string[]): Pipeline | undefined {
  let newest: Pipeline | undefined;
  for (const p of gl.pipelines.values()) {
    if (!projectIds.includes(p.projectId) || p.sha !== sha.toLowerCase() || DOWNSTREAM_SOURCES.includes(p.source)) continue;
    if (refs && !refs.includes(p.ref)) continue;
    if (!newest || p.id > newest.id) newest = p;
  }
  return newest;
}

/** Gitlab::Ci::Status::Composite over the latest rows. `warnings`: an allowed failure failed. */
export function pipelineStatus(gl: GitLabState, pipeline: Pipeline): { status: JobStatus; warnings: boolean } {
  const set = new Set<string>();
  for (const job of jobsOf(gl, pipeline)) {
    if (job.allowFailure && job.status === 'failed') set.add('success_with_warnings');
    else if (job.allowFailure && (job.status === 'canceled' || job.status === 'manual')) set.add('ignored');
    else set.add(job.status);
  }
  const warnings = set.has('success_with_warnings');
  if (pipeline.statusOverride) return { status: pipeline.statusOverride, warnings };
  const only = (...allowed: string[]): boolean => set.size > 0 && [...set].every((s) => allowed.includes(s));
  const any = (...wanted: string[]): boolean => wanted.some((s) => set.has(s));
  const status: JobStatus =
    set.size === 0 ? 'created'
      : only('skipped', 'ignored') ? 'skipped'
        : only('success', 'skipped', 'success_with_warnings', 'ignored') ? 'success'
          : only('created', 'success_with_warnings', 'ignored') ? 'created'
            : only('preparing', 'success_with_warnings', 'ignored') ? 'preparing'
              : only('canceled', 'success', 'skipped', 'success_with_warnings', 'ignored') ? 'canceled'
                : only('pending', 'created', 'skipped', 'success_with_warnings', 'ignored') ? 'pending'
                  : any('running', 'pending') ? 'running'
                    : any('waiting_for_resource') ? 'waiting_for_resource'
                      : any('manual') ? 'manual'
                        : any('scheduled') ? 'scheduled'
                          : any('preparing') ? 'preparing'
                            : any('created') ? 'running'
                              : 'failed';
  return { status, warnings };
}

function touch(gl: GitLabState, pipelineId: number): void {
  const pipeline = gl.pipelines.get(pipelineId);
  if (!pipeline) return;
  pipeline.statusOverride = undefined;
  pipeline.updatedAt = gl.clock.date();
}

export function isRetryable(job: Job): boolean {
  return job.kind !== 'generic' && ['success', 'failed', 'canceled'].includes(job.status);
}

/** Ci::RetryJobService: a new pending row with the same name and stage; the old one is flagged retried. */
export function retryJob(gl: GitLabState, job: Job, userId: number | undefined, variables?: Job['variables']): Job | undefined {
  if (!isRetryable(job)) return undefined;
  const pipeline = gl.pipelines.get(job.pipelineId);
  if (!pipeline) return undefined;
  job.retried = true;
  const clone = newJob(gl, pipeline, job.kind, {
    name: job.name, stage: job.stage, status: 'pending', allowFailure: job.allowFailure, when: job.when, ref: job.ref,
    createdAt: gl.clock.date(), userId, variables: variables ?? [...job.variables],
  });
  touch(gl, job.pipelineId);
  return clone;
}

/** job.playable? and job.play: a manual or scheduled job is enqueued; a finished manual job is retried. */
export function playJob(gl: GitLabState, job: Job, userId: number | undefined, variables: Job['variables']): Job | undefined {
  if (job.kind === 'generic') return undefined;
  if (job.status === 'manual' || job.status === 'scheduled') {
    job.status = 'pending';
    job.variables = variables;
    job.userId = userId ?? job.userId;
    stampTimes(job, undefined);
    touch(gl, job.pipelineId);
    return job;
  }
  if (job.when === 'manual' || job.when === 'delayed') return retryJob(gl, job, userId, variables);
  return undefined;
}

/** pipeline.retry_failed: every latest failed or canceled build and bridge gets a new pending row. */
export function retryPipeline(gl: GitLabState, pipeline: Pipeline, userId: number | undefined): Job[] {
  const failed = jobsOf(gl, pipeline, { kinds: ['build', 'bridge'] }).filter((j) => j.status === 'failed' || j.status === 'canceled');
  return failed.sort((a, b) => a.id - b.id).map((j) => retryJob(gl, j, userId)).filter((j): j is Job => j !== undefined);
}

/** The state machine event each posted state fires (CreateCommitStatusService), and the states it may leave. */
const EVENTS: Record<CommitStatusState, { event: string; from: readonly JobStatus[] }> = {
  pending: { event: 'enqueue', from: ['created', 'waiting_for_resource', 'preparing', 'skipped', 'manual', 'scheduled'] },
  running: { event: 'run', from: ['pending'] },
  success: { event: 'success', from: ['created', 'waiting_for_resource', 'preparing', 'pending', 'running'] },
  failed: { event: 'drop', from: ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'manual', 'scheduled'] },
  canceled: { event: 'cancel', from: ['created', 'waiting_for_resource', 'preparing', 'pending', 'running', 'manual', 'scheduled'] },
  skipped: { event: 'skip', from: ['created', 'waiting_for_resource', 'preparing', 'pending'] },
};

function applyState(gl: GitLabState, job: Job, state: CommitStatusState): void {
  const now = gl.clock.date();
  if (state === 'running' && !job.startedAt) job.startedAt = now;
  job.status = state;
  if (FINAL.includes(state)) {
    job.finishedAt = now;
    job.durationSec = job.startedAt ? (now.getTime() - job.startedAt.getTime()) / 1000 : null;
  }
}

/**
 * POST /projects/:id/statuses/:sha: the state applies to the same user's pending/running status of that
 * name and ref, else to a new row (older rows of that name are flagged retried). The row joins the newest
 * pipeline for the sha (and ref), or a new `external` pipeline.
 * Returns the row, or the state machine's message for an invalid transition.
 */
export function postCommitStatus(gl: GitLabState, input: CommitStatusInput): Job | { invalid: string } {
  const project = gl.project(input.project);
  const sha = input.sha.toLowerCase();
  const name = input.name ?? 'default';
  const userId = input.author === undefined ? ownerId(gl, project) : gl.user(input.author).id;
  const mrRef = gl.mergeRequests.find((m) => m.sourceProjectId === project.id && m.headSha === sha)?.sourceBranch;
  const anyPipeline = newestPipelineFor(gl, [project.id], sha);
  const ref = input.ref ?? anyPipeline?.ref ?? mrRef ?? project.defaultBranch;
  const pipeline = newestPipelineFor(gl, [project.id], sha, [ref])
    ?? newPipeline(gl, project, { sha, ref, source: 'external', userId });
  const rows = jobsOf(gl, pipeline, { kinds: ['generic'] }).filter((j) => j.name === name);
  const open = rows.find((j) => j.ref === ref && j.userId === userId && (j.status === 'pending' || j.status === 'running'));
  const rule = EVENTS[input.status];
  if (open) {
    // 'running' fires enqueue (quietly) and then run!, so a pending row may run.
    if (!rule.from.includes(open.status)) {
      return { invalid: `Cannot transition status via :${rule.event} from :${open.status} (Reason(s): Status cannot transition via "${rule.event}")` };
    }
    if (input.targetUrl !== undefined) open.targetUrl = input.targetUrl;
    if (input.description !== undefined) open.description = input.description;
    if (input.coverage !== undefined) open.coverage = input.coverage;
    applyState(gl, open, input.status);
    touch(gl, pipeline.id);
    return open;
  }
  for (const older of rows) older.retried = true;
  const job = newJob(gl, pipeline, 'generic', {
    name, stage: 'external', status: 'created', ref, userId, createdAt: gl.clock.date(),
    targetUrl: input.targetUrl ?? null, description: input.description ?? null, coverage: input.coverage ?? null,
  });
  applyState(gl, job, input.status);
  touch(gl, pipeline.id);
  return job;
}

/** Seeding form of postCommitStatus: throws on an invalid transition. */
export function addCommitStatus(gl: GitLabState, input: CommitStatusInput): Job {
  const result = postCommitStatus(gl, input);
  if ('invalid' in result) throw new Error(`fake gitlab: ${result.invalid}`);
  return result;
}
