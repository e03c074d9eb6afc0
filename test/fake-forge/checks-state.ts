// The Gitee + GitHub pull-request / check-run world of a fake forge: pull requests, check suites,
// check runs with their annotations, GitHub commit statuses, and what clients did to them (Gitee PATCH
// updates, GitHub rerequests and Actions re-runs). One class serves both forges; the wire shapes are
// in gitee-*.ts and github-*.ts (check-run JSON shared in checks-json.ts).
//
// Tests seed it through `forge.gitee` or `forge.github` (the same class; a GitLab forge throws) and move
// time with `forge.clock`. A project is a Project, its path or its id; a user a User or a username.
//   configureRepo(project, { admins?, noPushStatus?, rerequestForbidden?, rerunForbidden? })
//   setTokenApp(username, appSlug | undefined)   GitHub: the user's token is that app's installation token;
//                                                 rerequesting another app's check run answers 403
//   options.giteeCheckRunList = 'array' | 'object'   Gitee list shape (default array + total_page headers)
//   options.includeActions = true | false        `actions` in check-run JSON (GitHub's OpenAPI has none)
//   setBranch(project, name, sha)                 refs for /commits/:ref/...; PRs set theirs
//   addPullRequest({ project, number?, title, body?, head: { ref, sha, repo? }, base: { ref, sha? }, author,
//                    state?: 'open'|'closed'|'merged', draft?, createdAt? })
//   pushToPullRequest(pr, sha)
//   addCheckSuite({ project, sha, app?, headBranch?, workflowRunId? })
//   addCheckRun({ project, sha, name, status?, conclusion?, suiteId?, detailsUrl?, externalId?, output?,
//                 actions?, annotations?, app?, startedAt?, completedAt? })
//   addCommitStatus({ project, sha, state, context?, targetUrl?, description?, creator?, createdAt? })
// Recorded: updates (Gitee PATCH), suite.rerequests / run.rerequests, failedJobsReruns (GitHub Actions).
// e.g. const pr = forge.github.addPullRequest({ project: 'o/r', title: 'T', head: { ref: 'f', sha }, base: { ref: 'main' }, author: 'o' });
//      forge.github.addCheckRun({ project: 'o/r', sha, name: 'test', conclusion: 'failure', app: { slug: 'github-actions' } });
import type { Clock } from './clock';
import {
  ACTIONS_APP, ANNOTATION_LEVELS, combinedState, DEFAULT_APP, FAILED_CONCLUSIONS, FULL_SHA_RE, latestPerName, seedSha, seedStatus,
  type AccountRef, type AnnotationInput, type AppInput, type CheckApp, type CheckRun, type CheckRunUpdate, type CheckSuite,
  type CommitStatus, type FailedJobsRerun, type NewCheckRun, type NewCheckSuite, type NewCommitStatus, type NewPullRequest,
  type PullRequest, type RepoCheckSettings, type RepoRef,
} from './checks-model';
import type { ForgeState, Project, User } from './state';

export * from './checks-model';

/** First ids per record kind: distinct ranges make an id of the wrong kind fail loudly. */
const ID_START: Record<string, number> = { pr: 80001, suite: 5000001, run: 40000001, workflowRun: 900001, status: 1001, app: 30001 };

export class ChecksState {
  readonly pullRequests: PullRequest[] = [];
  readonly suites = new Map<number, CheckSuite>();
  readonly runs = new Map<number, CheckRun>();
  readonly statuses: CommitStatus[] = [];
  readonly updates: CheckRunUpdate[] = [];
  readonly failedJobsReruns: FailedJobsRerun[] = [];
  readonly settings = new Map<number, RepoCheckSettings>();
  /** Lower-cased username -> app slug of the installation token that user's token stands for. */
  readonly tokenApps = new Map<string, string>();
  readonly options: { giteeCheckRunList: 'array' | 'object'; includeActions: boolean } = { giteeCheckRunList: 'array', includeActions: true };
  private readonly branches = new Map<number, Map<string, string>>();
  private readonly apps = new Map<string, CheckApp>([[ACTIONS_APP.slug, ACTIONS_APP], [DEFAULT_APP.slug, DEFAULT_APP]]);
  private readonly counters = new Map<string, number>();

  constructor(readonly state: ForgeState) {}

  get clock(): Clock {
    return this.state.clock;
  }

  nextId(kind: string): number {
    const next = this.counters.get(kind) ?? ID_START[kind] ?? 1;
    this.counters.set(kind, next + 1);
    return next;
  }

  private reserveId(kind: string, id: number): number {
    if (id >= (this.counters.get(kind) ?? ID_START[kind] ?? 1)) this.counters.set(kind, id + 1);
    return id;
  }

  // ---- projects, users, permissions ------------------------------------------------------------

  project(ref: RepoRef): Project {
    const found = typeof ref === 'number' ? this.state.project(ref) : typeof ref === 'string' ? this.state.projectByPath(ref) : ref;
    if (!found) throw new Error(`fake ${this.state.kind}: no project ${String(typeof ref === 'object' ? ref.path : ref)}`);
    return found;
  }

  user(ref: AccountRef): User {
    const found = typeof ref === 'string' ? this.state.userByName(ref) : ref;
    if (!found) throw new Error(`fake ${this.state.kind}: no user ${String(ref)}`);
    return found;
  }

  userById(id: number): User {
    const found = this.state.users.get(id);
    if (!found) throw new Error(`fake ${this.state.kind}: no user ${id}`);
    return found;
  }

  settingsOf(ref: RepoRef): RepoCheckSettings {
    const project = this.project(ref);
    let settings = this.settings.get(project.id);
    if (!settings) {
      settings = { admins: [], noPushStatus: 404, rerequestForbidden: false, rerunForbidden: false };
      this.settings.set(project.id, settings);
    }
    return settings;
  }

  /** `admins` are added (and become members of the project, so they can read a private one). */
  configureRepo(ref: RepoRef, options: Partial<RepoCheckSettings>): RepoCheckSettings {
    const project = this.project(ref);
    const settings = this.settingsOf(project);
    for (const name of options.admins ?? []) {
      const user = this.user(name);
      if (!this.state.isMember(user, project)) project.members.push(user.username);
    }
    Object.assign(settings, { ...options, admins: [...settings.admins, ...(options.admins ?? [])] });
    return settings;
  }

  /** Gitee repository administrator: the owner or a configured admin. */
  isAdmin(user: User | undefined, project: Project): boolean {
    if (!user) return false;
    if (this.state.ownerOf(project)?.id === user.id) return true;
    const admins = this.settings.get(project.id)?.admins ?? [];
    return admins.some((a) => a.toLowerCase() === user.username.toLowerCase());
  }

  /** Push access: owner, members, configured admins; never on an archived project. */
  canPush(user: User | undefined, project: Project): boolean {
    return !project.archived && (this.state.canWrite(user, project) || this.isAdmin(user, project));
  }

  setTokenApp(user: AccountRef, appSlug: string | undefined): void {
    const name = this.user(user).username.toLowerCase();
    if (appSlug === undefined) this.tokenApps.delete(name);
    else this.tokenApps.set(name, appSlug);
  }

  // ---- refs -----------------------------------------------------------------------------------

  setBranch(ref: RepoRef, name: string, sha: string): void {
    const project = this.project(ref);
    if (!FULL_SHA_RE.test(sha)) throw new Error(`fake ${this.state.kind}: not a full hex sha: ${sha}`);
    let map = this.branches.get(project.id);
    if (!map) this.branches.set(project.id, (map = new Map()));
    map.set(name, sha.toLowerCase());
  }

  /** A full sha as is; `heads/B`, `refs/heads/B` or `B` as a branch's head; undefined when unknown. */
  resolveRef(project: Project, ref: string): string | undefined {
    if (FULL_SHA_RE.test(ref)) return ref.toLowerCase();
    const branch = ref.replace(/^(?:refs\/)?heads\//, '');
    return this.branches.get(project.id)?.get(branch);
  }

  // ---- pull requests --------------------------------------------------------------------------

  addPullRequest(input: NewPullRequest): PullRequest {
    const project = this.project(input.project);
    const headRepo = input.head.repo === undefined ? project : this.project(input.head.repo);
    const author = this.user(input.author);
    const number = input.number ?? Math.max(0, ...this.pullRequests.filter((p) => p.projectId === project.id).map((p) => p.number)) + 1;
    if (this.pullRequest(project, number)) throw new Error(`fake ${this.state.kind}: PR #${number} exists in ${project.path}`);
    const now = input.createdAt ?? this.clock.date();
    const state = input.state ?? 'open';
    const pr: PullRequest = {
      id: this.nextId('pr'),
      number,
      projectId: project.id,
      headRepoId: headRepo.id,
      headRef: input.head.ref,
      headSha: input.head.sha.toLowerCase(),
      previousShas: [],
      baseRef: input.base.ref,
      baseSha: (input.base.sha ?? seedSha(`${project.path}:${input.base.ref}`)).toLowerCase(),
      title: input.title,
      body: input.body ?? '',
      authorId: author.id,
      state,
      draft: input.draft ?? false,
      createdAt: now,
      updatedAt: now,
      closedAt: state === 'open' ? null : now,
      mergedAt: state === 'merged' ? now : null,
    };
    this.setBranch(headRepo, pr.headRef, pr.headSha);
    this.setBranch(project, pr.baseRef, pr.baseSha);
    this.pullRequests.push(pr);
    return pr;
  }

  pullRequest(ref: RepoRef, number: number): PullRequest | undefined {
    const project = this.project(ref);
    return this.pullRequests.find((p) => p.projectId === project.id && p.number === number);
  }

  /** A push to the head branch: the head sha (and the branch) move. */
  pushToPullRequest(pr: PullRequest, sha: string): PullRequest {
    const next = sha.toLowerCase();
    if (next === pr.headSha) return pr;
    pr.previousShas.push(pr.headSha);
    pr.headSha = next;
    pr.updatedAt = this.clock.date();
    this.setBranch(pr.headRepoId, pr.headRef, next);
    return pr;
  }

  // ---- check suites and runs ------------------------------------------------------------------

  /** The registered app for this input (same slug = same app); undefined gives DEFAULT_APP. */
  app(input?: AppInput): CheckApp {
    if (!input) return DEFAULT_APP;
    const known = this.apps.get(input.slug);
    if (known) return known;
    const app: CheckApp = { id: input.id ?? this.nextId('app'), slug: input.slug, name: input.name ?? input.slug, owner: input.owner ?? input.slug };
    this.apps.set(app.slug, app);
    return app;
  }

  addCheckSuite(input: NewCheckSuite): CheckSuite {
    const project = this.project(input.project);
    if (!FULL_SHA_RE.test(input.sha)) throw new Error(`fake ${this.state.kind}: not a full hex sha: ${input.sha}`);
    const app = this.app(input.app);
    const actions = app.slug === ACTIONS_APP.slug;
    const now = this.clock.date();
    const suite: CheckSuite = {
      id: this.nextId('suite'),
      projectId: project.id,
      headSha: input.sha.toLowerCase(),
      headBranch: input.headBranch ?? null,
      app,
      workflowRunId: actions ? (input.workflowRunId === undefined ? this.nextId('workflowRun') : this.reserveId('workflowRun', input.workflowRunId)) : undefined,
      rerequests: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.suites.set(suite.id, suite);
    return suite;
  }

  private suiteFor(project: Project, sha: string, input: NewCheckRun): CheckSuite {
    if (input.suiteId !== undefined) {
      const suite = this.suites.get(input.suiteId);
      if (!suite || suite.projectId !== project.id || suite.headSha !== sha) throw new Error(`fake ${this.state.kind}: no suite ${input.suiteId} for ${sha}`);
      if (input.app && this.app(input.app) !== suite.app) throw new Error(`fake ${this.state.kind}: suite ${suite.id} belongs to ${suite.app.slug}`);
      return suite;
    }
    const app = this.app(input.app);
    const existing = [...this.suites.values()].filter((s) => s.projectId === project.id && s.headSha === sha && s.app === app);
    return existing.length > 0 ? existing[existing.length - 1] : this.addCheckSuite({ project, sha, app });
  }

  addCheckRun(input: NewCheckRun): CheckRun {
    const project = this.project(input.project);
    const sha = input.sha.toLowerCase();
    const suite = this.suiteFor(project, sha, input);
    const status = seedStatus(input, suite.app, `fake ${this.state.kind}: check run ${input.name}`);
    const now = this.clock.date();
    const run: CheckRun = {
      id: this.nextId('run'),
      projectId: project.id,
      suiteId: suite.id,
      headSha: sha,
      name: input.name,
      status,
      conclusion: input.conclusion ?? null,
      startedAt: input.startedAt ?? now,
      completedAt: status === 'completed' ? input.completedAt ?? now : null,
      createdAt: now,
      detailsUrl: input.detailsUrl ?? null,
      externalId: input.externalId ?? '',
      output: {
        title: input.output?.title ?? null,
        summary: input.output?.summary ?? null,
        text: input.output?.text ?? null,
        images: [...(input.output?.images ?? [])],
      },
      actions: [...(input.actions ?? [])],
      annotations: [],
      workflowRunId: suite.workflowRunId,
      rerequests: 0,
      pullRequestId: input.pullRequestId,
    };
    this.addAnnotations(run, input.annotations ?? []);
    this.runs.set(run.id, run);
    return run;
  }

  /** Appends annotations (as a create/update call does); throws on a malformed one. */
  addAnnotations(run: CheckRun, annotations: readonly AnnotationInput[]): void {
    for (const a of annotations) {
      const ok = typeof a.path === 'string' && a.path !== '' && typeof a.message === 'string' && Number.isInteger(a.start_line) &&
        Number.isInteger(a.end_line) && a.start_line >= 1 && a.end_line >= a.start_line && (ANNOTATION_LEVELS as readonly string[]).includes(a.annotation_level);
      if (!ok) throw new Error(`fake ${this.state.kind}: bad annotation ${JSON.stringify(a)}`);
      run.annotations.push({ ...a });
    }
  }

  /** The runs of a project at a sha, newest (highest id) first. */
  runsFor(project: Project, sha: string): CheckRun[] {
    return [...this.runs.values()].filter((r) => r.projectId === project.id && r.headSha === sha).sort((a, b) => b.id - a.id);
  }

  /** One run per name: the most recent by completed_at, else started_at, else creation, then id. Keeps the order. */
  latestPerName(runs: readonly CheckRun[]): CheckRun[] {
    return latestPerName(runs);
  }

  run(project: Project, id: number): CheckRun | undefined {
    const run = this.runs.get(id);
    return run && run.projectId === project.id ? run : undefined;
  }

  suite(project: Project, id: number): CheckSuite | undefined {
    const suite = this.suites.get(id);
    return suite && suite.projectId === project.id ? suite : undefined;
  }

  /** Back to queued, conclusion cleared (what the app does again after a rerequest / re-run). */
  private requeue(run: CheckRun): void {
    run.status = 'queued';
    run.conclusion = null;
    run.startedAt = this.clock.date();
    run.completedAt = null;
  }

  /** POST .../check-suites/:id/rerequest: every run of the suite is queued again; the suite counts it. */
  rerequestSuite(suite: CheckSuite): void {
    suite.rerequests++;
    suite.updatedAt = this.clock.date();
    for (const run of this.runs.values()) if (run.suiteId === suite.id) this.requeue(run);
  }

  /** POST .../check-runs/:id/rerequest: the same effect on the run's suite; the run counts it too. */
  rerequestRun(run: CheckRun): void {
    run.rerequests++;
    const suite = this.suites.get(run.suiteId);
    if (suite) this.rerequestSuite(suite);
  }

  /** The Actions runs (jobs) of a workflow run in this project. */
  workflowRunJobs(project: Project, workflowRunId: number): CheckRun[] {
    return [...this.runs.values()].filter((r) => r.projectId === project.id && r.workflowRunId === workflowRunId);
  }

  /** Re-run failed jobs: failure/cancelled/timed_out/startup_failure jobs are queued again. Returns the record. */
  rerunFailedJobs(project: Project, workflowRunId: number, user: AccountRef): FailedJobsRerun {
    const failed = this.workflowRunJobs(project, workflowRunId).filter((r) => r.conclusion !== null && FAILED_CONCLUSIONS.includes(r.conclusion));
    for (const run of failed) this.requeue(run);
    const record: FailedJobsRerun = { workflowRunId, username: this.user(user).username, runIds: failed.map((r) => r.id), at: this.clock.date() };
    this.failedJobsReruns.push(record);
    return record;
  }

  /** Accepted POST .../rerun-failed-jobs calls for this workflow run. */
  rerunFailedJobsCount(workflowRunId: number): number {
    return this.failedJobsReruns.filter((r) => r.workflowRunId === workflowRunId).length;
  }

  // ---- commit statuses (GitHub) -----------------------------------------------------------------

  addCommitStatus(input: NewCommitStatus): CommitStatus {
    const project = this.project(input.project);
    if (!FULL_SHA_RE.test(input.sha)) throw new Error(`fake ${this.state.kind}: not a full hex sha: ${input.sha}`);
    const creator = input.creator === undefined ? this.state.ownerOf(project) : this.user(input.creator);
    if (!creator) throw new Error(`fake ${this.state.kind}: ${project.path} has no owner user; give a creator`);
    const status: CommitStatus = {
      id: this.nextId('status'),
      projectId: project.id,
      sha: input.sha.toLowerCase(),
      state: input.state,
      context: input.context ?? 'default',
      description: input.description ?? null,
      targetUrl: input.targetUrl ?? null,
      creatorId: creator.id,
      createdAt: input.createdAt ?? this.clock.date(),
    };
    this.statuses.push(status);
    return status;
  }

  /** All statuses of a sha, newest first. */
  statusesFor(project: Project, sha: string): CommitStatus[] {
    return this.statuses.filter((s) => s.projectId === project.id && s.sha === sha).sort((a, b) => b.id - a.id);
  }

  /** The latest status per context (contexts compared case-insensitively), oldest context first. */
  latestStatuses(project: Project, sha: string): CommitStatus[] {
    const latest = new Map<string, CommitStatus>();
    for (const s of this.statusesFor(project, sha)) if (!latest.has(s.context.toLowerCase())) latest.set(s.context.toLowerCase(), s);
    return [...latest.values()].sort((a, b) => a.id - b.id);
  }

  /** failure if any latest is error|failure; pending if none or any pending; else success. */
  combinedState(latest: readonly CommitStatus[]): 'failure' | 'pending' | 'success' {
    return combinedState(latest);
  }
}

const STATES = new WeakMap<ForgeState, ChecksState>();

/** The Gitee/GitHub check world that belongs to a ForgeState (created on first use). */
export function checksOf(state: ForgeState, kind: 'gitee' | 'github'): ChecksState {
  if (state.kind !== kind) throw new Error(`fake forge: ${kind} state on a ${state.kind} forge`);
  let world = STATES.get(state);
  if (!world) {
    world = new ChecksState(state);
    STATES.set(state, world);
  }
  return world;
}

/**
 * The repository a new PR's `head` names: `branch` or `owner:branch` of the project itself, or
 * `owner:branch` of one of its forks (undefined when no such repository exists).
 */
export function headRepository(state: ForgeState, project: Project, head: string): { repo: Project; ref: string } | undefined {
  const colon = head.indexOf(':');
  if (colon < 0) return { repo: project, ref: head };
  const owner = head.slice(0, colon).toLowerCase();
  const ref = head.slice(colon + 1);
  const repo = [project, ...state.forksOf(project)].find((p) => p.path.split('/')[0].toLowerCase() === owner);
  return repo && { repo, ref };
}

/** Who may open a PR: a writer of the project, or of the fork its head is in (reading the project). */
export function mayOpenPullRequest(state: ForgeState, user: User, project: Project, headRepo: Project): boolean {
  return headRepo.id === project.id ? state.canWrite(user, project) : state.canRead(user, project) && state.canWrite(user, headRepo);
}
