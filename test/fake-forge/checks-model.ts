// Record types of the Gitee + GitHub pull-request / check-run world (checks-state.ts keeps them).
// Check runs follow GitHub's check-run JSON, which Gitee's check-run API mirrors
// (notes/forge-api-facts.md §C and §D; samples/pygithub-replay, samples/octokit-webhooks).
import { createHash } from 'node:crypto';
import type { Project, User } from './state';

/** A project as a Project, its `owner/repo` path or its id. */
export type RepoRef = Project | string | number;
/** A user as a User or a username. */
export type AccountRef = User | string;

export type PullRequestState = 'open' | 'closed' | 'merged';

export interface NewPullRequest {
  project: RepoRef;
  /** Default: the project's highest number + 1. */
  number?: number;
  title: string;
  body?: string;
  /** `repo`: the fork the branch lives in (default: `project`). */
  head: { ref: string; sha: string; repo?: RepoRef };
  /** `sha` defaults to a stable fake sha of `project:ref`. */
  base: { ref: string; sha?: string };
  author: AccountRef;
  state?: PullRequestState;
  draft?: boolean;
  createdAt?: Date;
}

export interface PullRequest {
  readonly id: number;
  readonly number: number;
  readonly projectId: number;
  /** The repository the head branch lives in (a fork, or the project itself). */
  readonly headRepoId: number;
  readonly headRef: string;
  headSha: string;
  /** Head shas before pushToPullRequest moved it, oldest first. */
  readonly previousShas: string[];
  readonly baseRef: string;
  baseSha: string;
  title: string;
  body: string;
  readonly authorId: number;
  state: PullRequestState;
  draft: boolean;
  readonly createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  mergedAt: Date | null;
  /** GitHub's mergeable_state when a test sets it (blocked, behind, dirty, unstable…); else clean, or draft. */
  mergeableState?: string;
  /** How it was merged (PUT .../merge). */
  mergedWith?: string;
}

/** Settable statuses, plus the ones GitHub reserves for Actions runs (waiting, requested, pending). */
export const CHECK_RUN_STATUSES = ['queued', 'in_progress', 'completed'] as const;
export const ACTIONS_ONLY_STATUSES = ['waiting', 'requested', 'pending'] as const;
export type CheckRunStatus = (typeof CHECK_RUN_STATUSES)[number] | (typeof ACTIONS_ONLY_STATUSES)[number];

export const CHECK_RUN_CONCLUSIONS = [
  'action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out', 'startup_failure',
] as const;
export type CheckRunConclusion = (typeof CHECK_RUN_CONCLUSIONS)[number];

/** Conclusions "re-run failed jobs" picks up. */
export const FAILED_CONCLUSIONS: readonly CheckRunConclusion[] = ['failure', 'cancelled', 'timed_out', 'startup_failure'];

export const ANNOTATION_LEVELS = ['notice', 'warning', 'failure'] as const;
export type AnnotationLevel = (typeof ANNOTATION_LEVELS)[number];

/** The app that owns a suite and its runs. `github-actions` marks GitHub Actions runs. */
export interface CheckApp {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** Login of the account that owns the app. */
  readonly owner: string;
}

export interface AppInput {
  slug: string;
  name?: string;
  id?: number;
  owner?: string;
}

export const ACTIONS_APP: CheckApp = { id: 15368, slug: 'github-actions', name: 'GitHub Actions', owner: 'github' };
export const DEFAULT_APP: CheckApp = { id: 20001, slug: 'fake-ci', name: 'Fake CI', owner: 'fake-ci' };

export interface NewCheckSuite {
  project: RepoRef;
  sha: string;
  app?: AppInput;
  headBranch?: string;
  /** Actions suites only: the workflow run id (default: the next one). */
  workflowRunId?: number;
}

export interface CheckSuite {
  readonly id: number;
  readonly projectId: number;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly app: CheckApp;
  /** Set for GitHub Actions suites: one workflow run per suite. */
  readonly workflowRunId?: number;
  /** Successful POST .../check-suites/:id/rerequest and .../check-runs/:id/rerequest of its runs. */
  rerequests: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface AnnotationInput {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunImage {
  alt: string;
  image_url: string;
  caption?: string;
}

export interface CheckRunOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
  images: CheckRunImage[];
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface NewCheckRun {
  project: RepoRef;
  sha: string;
  name: string;
  /** Default 'completed' when a conclusion is given, else 'queued'. waiting/requested/pending: Actions runs only. */
  status?: CheckRunStatus;
  /** Required with status 'completed'. */
  conclusion?: CheckRunConclusion;
  /** Default: the newest suite of (project, sha, app), created when there is none. */
  suiteId?: number;
  detailsUrl?: string;
  externalId?: string;
  output?: { title: string; summary: string; text?: string; images?: CheckRunImage[] };
  actions?: CheckRunAction[];
  annotations?: AnnotationInput[];
  /** Default: the suite's app, else DEFAULT_APP. `{ slug: 'github-actions' }` makes an Actions job. */
  app?: AppInput;
  startedAt?: Date;
  completedAt?: Date;
  /** Gitee: the PR (its `id`) the run was created on; such a run is listed only with `pull_request_id`. */
  pullRequestId?: number;
}

export interface CheckRun {
  readonly id: number;
  readonly projectId: number;
  readonly suiteId: number;
  readonly headSha: string;
  name: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  startedAt: Date | null;
  completedAt: Date | null;
  readonly createdAt: Date;
  /** The integrator's page; null means "the run's html_url" (GitHub's default). */
  detailsUrl: string | null;
  externalId: string;
  output: CheckRunOutput;
  actions: CheckRunAction[];
  readonly annotations: AnnotationInput[];
  /** Actions runs: the workflow run (of the suite); the job id is the run id, as on GitHub. */
  readonly workflowRunId?: number;
  /** POST .../check-runs/:id/rerequest calls that succeeded on this run. */
  rerequests: number;
  /** Gitee: the PR id the run was created on (NewCheckRun.pullRequestId). */
  readonly pullRequestId?: number;
}

export const COMMIT_STATUS_STATES = ['error', 'failure', 'pending', 'success'] as const;
export type CommitStatusState = (typeof COMMIT_STATUS_STATES)[number];

export interface NewCommitStatus {
  project: RepoRef;
  sha: string;
  state: CommitStatusState;
  /** Default 'default', as on GitHub. */
  context?: string;
  targetUrl?: string;
  description?: string;
  /** Default: the project's owner. */
  creator?: AccountRef;
  createdAt?: Date;
}

export interface CommitStatus {
  readonly id: number;
  readonly projectId: number;
  readonly sha: string;
  readonly state: CommitStatusState;
  readonly context: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
  readonly creatorId: number;
  readonly createdAt: Date;
}

/** One accepted Gitee PATCH .../check-runs/:id. */
export interface CheckRunUpdate {
  readonly runId: number;
  readonly username: string;
  /** The parsed body (JSON, or the nested form). */
  readonly body: Record<string, unknown>;
  readonly at: Date;
}

/** One accepted GitHub POST .../actions/runs/:run_id/rerun-failed-jobs. */
export interface FailedJobsRerun {
  readonly workflowRunId: number;
  readonly username: string;
  /** The check runs (= jobs) it queued again. */
  readonly runIds: readonly number[];
  readonly at: Date;
}

/** Per-repository switches (ChecksState.configureRepo). */
export interface RepoCheckSettings {
  /** Gitee: usernames that are repository administrators besides the owner (PATCH check-runs needs one). */
  admins: string[];
  /** GitHub: the status of a write by a signed-in user without push access (default 404, GitHub's usual answer). */
  noPushStatus: 403 | 404;
  /** GitHub: POST .../check-runs/:id/rerequest and .../check-suites/:id/rerequest answer 403 "Resource not accessible by integration". */
  rerequestForbidden: boolean;
  /** GitHub: POST .../actions/runs/:id/rerun-failed-jobs answers 403 "Resource not accessible by integration". */
  rerunForbidden: boolean;
}

/** A stable fake sha for a seed string. */
export function seedSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** SHA-1, or SHA-256 for repositories in that object format. */
export const FULL_SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** The order "latest" uses: completed_at, else started_at, else creation; then the id. */
export function runRecency(run: CheckRun): number {
  return (run.completedAt ?? run.startedAt ?? run.createdAt).getTime();
}

/** One run per name: the most recent by runRecency, then the id. Keeps the order of `runs`. */
export function latestPerName(runs: readonly CheckRun[]): CheckRun[] {
  const newest = new Map<string, CheckRun>();
  for (const run of runs) {
    const current = newest.get(run.name);
    if (!current || runRecency(run) > runRecency(current) || (runRecency(run) === runRecency(current) && run.id > current.id)) newest.set(run.name, run);
  }
  return runs.filter((run) => newest.get(run.name) === run);
}

/** GitHub's combined state: failure if any latest is error|failure; pending if none or any pending; else success. */
export function combinedState(latest: readonly CommitStatus[]): 'failure' | 'pending' | 'success' {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

/** A seeded run's status (default: completed with a conclusion, else queued); throws on a bad combination. */
export function seedStatus(input: NewCheckRun, app: CheckApp, where: string): CheckRunStatus {
  const status = input.status ?? (input.conclusion ? 'completed' : 'queued');
  const actionsOnly = (ACTIONS_ONLY_STATUSES as readonly string[]).includes(status);
  if (!(CHECK_RUN_STATUSES as readonly string[]).includes(status) && !actionsOnly) throw new Error(`${where}: bad status ${status}`);
  if (actionsOnly && app.slug !== ACTIONS_APP.slug) throw new Error(`${where}: status ${status} is for Actions runs only`);
  if (input.conclusion !== undefined && !(CHECK_RUN_CONCLUSIONS as readonly string[]).includes(input.conclusion)) throw new Error(`${where}: bad conclusion`);
  if ((status === 'completed') !== (input.conclusion !== undefined)) throw new Error(`${where}: a conclusion goes with status completed, and only then`);
  return status;
}
