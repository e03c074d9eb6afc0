// The GitLab-only state of a fake forge: per-project settings and roles, protected branches, merge
// requests, external status checks and their responses, commit comments, known commits. The CI records
// (pipelines, jobs, bridges, commit statuses) are in gitlab-ci-state.ts, the record types in gitlab-model.ts.
//
// Tests seed it through `forge.gitlab` (this class; a forge of another kind throws) and move time with
// `forge.clock` (now(), advance(ms), freeze(), reset()). A project is given as a Project, its path or its id;
// a user as a User or a username.
//   configureProject(project, { externalStatusChecksLicensed?, maintainers?, developers?, reporters?, guests? })
//   setAccessLevel(project, username, role)            owner = first path segment (50), members = developers (30)
//   addProtectedBranch({ project, name, id? })
//   addCommit({ project, sha })                         MRs, pipelines, statuses and comments add theirs
//   addMergeRequest({ project, iid?, title, sourceBranch, targetBranch?, author, sourceProject?, headSha,
//                     baseSha?, state?, draft?, detailedMergeStatus?, mergeError?, changesCount?, description? })
//   pushToMergeRequest(mr, newSha)                      status-check statuses start over (they are per sha)
//   settingsOf(project).merge = { mergeMethod, squashOption, removeSourceBranchAfterMerge }; mr.mergeFails = 'why'
//   setBranchHead(project, branch, sha)                 the head a new MR from that branch gets (POST .../merge_requests)
//   addExternalStatusCheck({ project, name, externalUrl, protectedBranchIds?, sharedSecret? })
//   addStatusCheckResponse({ mergeRequest, check, status, sha?, createdAt? })
//   statusCheckStatus(mr, check), statusCheckRetries(checkId), retries (every re-send)
//   addPipeline({ project, sha, ref, status?, source?, user?, jobs?, bridges?, createdAt? })  (gitlab-ci-state.ts)
//   addCommitStatus({ project, sha, name?, status, targetUrl?, description?, ref?, coverage?, author? })
//   addCommitComment({ project, sha, note, path?, line?, lineType?, author })
//   approvals.configure(project, { premium?, required?, rules?, authorsMayApprove? }), approvals.approve(mr, user)
//   approvals.requestChanges(mr, user)                  a reviewer requests changes (the requested_changes merge check)
//   graphql = 'current' | 'older' | 'off'               POST /api/graphql: GitLab ≥ 16.5, one without mergeabilityChecks, none (404)
// e.g. const mr = forge.gitlab.addMergeRequest({ project: 'g/p', title: 'T', sourceBranch: 'f', author: 'alice', headSha });
//      forge.clock.advance(3 * 60_000); // a pending response older than 2 minutes now reads 'failed'
// Facts: notes/forge-api-facts.md §A (status checks: status per sha, 2-minute timeout, retry) and §B.
import type { Clock } from './clock';
import { GitLabApprovalsState } from './gitlab-approvals-state';
import {
  addCommitStatus, addPipeline, newestPipelineFor,
  type CommitStatusInput, type Job, type Pipeline, type PipelineInput,
} from './gitlab-ci-state';
import {
  ACCESS_LEVELS, branchMatches, DEFAULT_MERGE_SETTINGS, fakeSha, STATUS_CHECK_TIMEOUT_MS,
  type CommitComment, type ExternalStatusCheck, type GitLabProjectSettings, type GitLabRole, type MergeRequest,
  type NewCommitComment, type NewExternalStatusCheck, type NewMergeRequest, type NewStatusCheckResponse,
  type ProjectRef, type ProtectedBranch, type StatusCheckResponse, type StatusCheckRetry, type StatusCheckStatus, type UserRef,
} from './gitlab-model';
import type { ForgeState, Project, User } from './state';

export * from './gitlab-model';

/** SHA-1, or SHA-256 for repositories in that object format. */
const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** First ids per record kind: distinct ranges make an id of the wrong kind fail loudly. */
const ID_START: Record<string, number> = { mr: 3001, check: 1, response: 501, protected: 1, pipeline: 7001, job: 12001 };

export class GitLabState {
  readonly settings = new Map<number, GitLabProjectSettings>();
  readonly protectedBranches: ProtectedBranch[] = [];
  readonly mergeRequests: MergeRequest[] = [];
  readonly statusChecks = new Map<number, ExternalStatusCheck>();
  readonly responses: StatusCheckResponse[] = [];
  readonly retries: StatusCheckRetry[] = [];
  readonly pipelines = new Map<number, Pipeline>();
  /** Builds, bridges and generic commit statuses: all CommitStatus rows, one id sequence. */
  readonly jobs = new Map<number, Job>();
  readonly comments: CommitComment[] = [];
  /**
   * What POST /api/graphql is (gitlab-graphql.ts): `current` has MergeRequest.mergeabilityChecks (16.5 and
   * later), `older` answers its query with the schema's error for an unknown field, `off` has no such route.
   */
  graphql: 'current' | 'older' | 'off' = 'current';
  /** Approvals and their rules (gitlab-approvals.ts). */
  readonly approvals = new GitLabApprovalsState(this);
  private readonly commits = new Map<number, Set<string>>();
  /** `projectId:branch` -> the branch's head, for MRs opened through the API (POST .../merge_requests). */
  readonly branchHeads = new Map<string, string>();
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

  /** Keeps nextId(kind) above an id a test chose itself. */
  private reserveId(kind: string, id: number): number {
    const next = this.counters.get(kind) ?? ID_START[kind] ?? 1;
    if (id >= next) this.counters.set(kind, id + 1);
    return id;
  }

  // ---- projects, users, access ----------------------------------------------------------------

  project(ref: ProjectRef): Project {
    const found = typeof ref === 'number' ? this.state.project(ref) : typeof ref === 'string' ? this.state.projectByPath(ref) : ref;
    if (!found) throw new Error(`fake gitlab: no project ${String(typeof ref === 'object' ? ref.path : ref)}`);
    return found;
  }

  user(ref: UserRef): User {
    const found = typeof ref === 'string' ? this.state.userByName(ref) : ref;
    if (!found) throw new Error(`fake gitlab: no user ${String(ref)}`);
    return found;
  }

  settingsOf(ref: ProjectRef): GitLabProjectSettings {
    const project = this.project(ref);
    let settings = this.settings.get(project.id);
    if (!settings) {
      settings = { externalStatusChecksLicensed: true, pipelineMustSucceed: false, statusChecksMustPass: false, access: new Map(), merge: { ...DEFAULT_MERGE_SETTINGS } };
      this.settings.set(project.id, settings);
    }
    return settings;
  }

  /** Per-project switches and extra roles. `maintainers`, `developers`, `reporters` are usernames. */
  configureProject(
    ref: ProjectRef,
    options: { externalStatusChecksLicensed?: boolean; pipelineMustSucceed?: boolean; statusChecksMustPass?: boolean; maintainers?: string[]; developers?: string[]; reporters?: string[]; guests?: string[] },
  ): GitLabProjectSettings {
    const settings = this.settingsOf(ref);
    if (options.externalStatusChecksLicensed !== undefined) settings.externalStatusChecksLicensed = options.externalStatusChecksLicensed;
    if (options.pipelineMustSucceed !== undefined) settings.pipelineMustSucceed = options.pipelineMustSucceed;
    if (options.statusChecksMustPass !== undefined) settings.statusChecksMustPass = options.statusChecksMustPass;
    for (const role of ['maintainers', 'developers', 'reporters', 'guests'] as const) {
      for (const name of options[role] ?? []) this.setAccessLevel(ref, name, role.slice(0, -1) as GitLabRole);
    }
    return settings;
  }

  /** Gives `username` this role in the project (a private project becomes readable for guest and up). */
  setAccessLevel(ref: ProjectRef, username: string, role: GitLabRole | number): void {
    this.user(username);
    this.settingsOf(ref).access.set(username.toLowerCase(), typeof role === 'number' ? role : ACCESS_LEVELS[role]);
  }

  /** The user's access level: explicit role, else owner 50, member 30; undefined for non-members. */
  accessLevel(user: User | undefined, project: Project): number | undefined {
    if (!user) return undefined;
    if (this.state.ownerOf(project)?.id === user.id) return ACCESS_LEVELS.owner;
    const explicit = this.settings.get(project.id)?.access.get(user.username.toLowerCase());
    if (explicit !== undefined) return explicit;
    return this.state.isMember(user, project) ? ACCESS_LEVELS.developer : undefined;
  }

  hasAccess(user: User | undefined, project: Project, role: GitLabRole): boolean {
    return (this.accessLevel(user, project) ?? 0) >= ACCESS_LEVELS[role];
  }

  /** ForgeState's visibility rule, plus explicit roles on private projects. */
  canRead(user: User | undefined, project: Project): boolean {
    return this.state.canRead(user, project) || this.hasAccess(user, project, 'guest');
  }

  addProtectedBranch(input: { project: ProjectRef; name: string; id?: number }): ProtectedBranch {
    const project = this.project(input.project);
    if (input.id !== undefined && this.protectedBranches.some((b) => b.id === input.id)) throw new Error(`fake gitlab: protected branch id ${input.id} exists`);
    const id = input.id === undefined ? this.nextId('protected') : this.reserveId('protected', input.id);
    const branch: ProtectedBranch = { id, projectId: project.id, name: input.name, createdAt: this.clock.date() };
    this.protectedBranches.push(branch);
    return branch;
  }

  protectedBranchesOf(project: Project): ProtectedBranch[] {
    return this.protectedBranches.filter((b) => b.projectId === project.id);
  }

  // ---- commits --------------------------------------------------------------------------------

  /** Makes `sha` a commit of the project (for the statuses and comments routes' 404). */
  addCommit(input: { project: ProjectRef; sha: string }): void {
    const project = this.project(input.project);
    const sha = input.sha.toLowerCase();
    if (!SHA_RE.test(sha)) throw new Error(`fake gitlab: not a full hex sha: ${input.sha}`);
    let set = this.commits.get(project.id);
    if (!set) this.commits.set(project.id, (set = new Set()));
    set.add(sha);
  }

  hasCommit(project: Project, sha: string): boolean {
    return this.commits.get(project.id)?.has(sha.toLowerCase()) ?? false;
  }

  // ---- merge requests -------------------------------------------------------------------------

  addMergeRequest(input: NewMergeRequest): MergeRequest {
    const project = this.project(input.project);
    const source = input.sourceProject === undefined ? project : this.project(input.sourceProject);
    const author = this.user(input.author);
    const iid = input.iid ?? Math.max(0, ...this.mergeRequests.filter((m) => m.projectId === project.id).map((m) => m.iid)) + 1;
    if (this.mergeRequest(project, iid)) throw new Error(`fake gitlab: MR !${iid} exists in ${project.path}`);
    const targetBranch = input.targetBranch ?? project.defaultBranch;
    const now = input.createdAt ?? this.clock.date();
    const mr: MergeRequest = {
      id: this.nextId('mr'),
      iid,
      projectId: project.id,
      sourceProjectId: source.id,
      title: input.title,
      description: input.description ?? '',
      sourceBranch: input.sourceBranch,
      targetBranch,
      authorId: author.id,
      headSha: input.headSha.toLowerCase(),
      baseSha: (input.baseSha ?? fakeSha(`${project.path}:${targetBranch}`)).toLowerCase(),
      previousShas: [],
      state: input.state ?? 'opened',
      draft: input.draft ?? false,
      detailedMergeStatus: input.detailedMergeStatus,
      mergeError: input.mergeError ?? null,
      changesCount: input.changesCount ?? 1,
      createdAt: now,
      updatedAt: now,
    };
    for (const p of new Set([project, source])) {
      this.addCommit({ project: p, sha: mr.headSha });
      this.addCommit({ project: p, sha: mr.baseSha });
    }
    this.mergeRequests.push(mr);
    return mr;
  }

  mergeRequest(ref: ProjectRef, iid: number): MergeRequest | undefined {
    const project = this.project(ref);
    return this.mergeRequests.find((m) => m.projectId === project.id && m.iid === iid);
  }

  /** The head of a branch as a new MR from it gets it: set by setBranchHead, else a stable fake sha. */
  branchHead(ref: ProjectRef, branch: string): string {
    const project = this.project(ref);
    return this.branchHeads.get(`${project.id}:${branch}`) ?? fakeSha(`${project.path}:${branch}`);
  }

  setBranchHead(ref: ProjectRef, branch: string, sha: string): void {
    const project = this.project(ref);
    this.addCommit({ project, sha });
    this.branchHeads.set(`${project.id}:${branch}`, sha.toLowerCase());
  }

  /** A push to the source branch: the head sha moves, so status-check statuses start over (they are per sha). */
  pushToMergeRequest(mr: MergeRequest, newSha: string): MergeRequest {
    const sha = newSha.toLowerCase();
    if (sha === mr.headSha) return mr;
    mr.previousShas.push(mr.headSha);
    mr.headSha = sha;
    mr.updatedAt = this.clock.date();
    for (const id of new Set([mr.projectId, mr.sourceProjectId])) this.addCommit({ project: id, sha });
    return mr;
  }

  /** GitLab's detailed_merge_status: the explicit one, else computed. */
  detailedMergeStatus(mr: MergeRequest): string {
    if (mr.detailedMergeStatus !== undefined) return mr.detailedMergeStatus;
    if (mr.state !== 'opened') return 'not_open';
    return mr.draft ? 'draft_status' : 'mergeable';
  }

  /** The newest pipeline for the head sha on the source branch (or the MR's refs), from either project. */
  headPipeline(mr: MergeRequest): Pipeline | undefined {
    const refs = [mr.sourceBranch, `refs/merge-requests/${mr.iid}/head`, `refs/merge-requests/${mr.iid}/merge`];
    return newestPipelineFor(this, [mr.sourceProjectId, mr.projectId], mr.headSha, refs);
  }

  // ---- external status checks -----------------------------------------------------------------

  addExternalStatusCheck(input: NewExternalStatusCheck): ExternalStatusCheck {
    const project = this.project(input.project);
    const check: ExternalStatusCheck = {
      id: this.nextId('check'),
      projectId: project.id,
      name: input.name,
      externalUrl: input.externalUrl,
      protectedBranchIds: [...(input.protectedBranchIds ?? [])],
      sharedSecret: input.sharedSecret,
    };
    this.statusChecks.set(check.id, check);
    return check;
  }

  checksOf(project: Project): ExternalStatusCheck[] {
    return [...this.statusChecks.values()].filter((c) => c.projectId === project.id).sort((a, b) => a.id - b.id);
  }

  /** applicable_to_branch: no protected branches, or one whose name matches the MR's target branch. */
  applicableChecks(mr: MergeRequest): ExternalStatusCheck[] {
    const project = this.project(mr.projectId);
    return this.checksOf(project).filter((check) => check.protectedBranchIds.length === 0 || this.protectedBranchesOf(project)
      .some((b) => check.protectedBranchIds.includes(b.id) && branchMatches(b.name, mr.targetBranch)));
  }

  /** Records a response as POST .../status_check_responses would (no checks of sha or access here). */
  addStatusCheckResponse(input: NewStatusCheckResponse): StatusCheckResponse {
    const checkId = typeof input.check === 'number' ? input.check : input.check.id;
    if (!this.statusChecks.has(checkId)) throw new Error(`fake gitlab: no status check ${checkId}`);
    const response: StatusCheckResponse = {
      id: this.nextId('response'),
      mergeRequestId: input.mergeRequest.id,
      checkId,
      sha: (input.sha ?? input.mergeRequest.headSha).toLowerCase(),
      status: input.status,
      createdAt: input.createdAt ?? this.clock.date(),
    };
    this.responses.push(response);
    return response;
  }

  /** The timeout worker: pending responses older than 2 minutes (from retried_at when retried) become failed. */
  timeoutPendingResponses(): void {
    const limit = this.clock.now() - STATUS_CHECK_TIMEOUT_MS;
    for (const r of this.responses) {
      if (r.status === 'pending' && (r.retriedAt ?? r.createdAt).getTime() < limit) r.status = 'failed';
    }
  }

  /** The latest response for (MR, check) at the MR's current head sha. */
  latestResponse(mr: MergeRequest, checkId: number): StatusCheckResponse | undefined {
    this.timeoutPendingResponses();
    let latest: StatusCheckResponse | undefined;
    for (const r of this.responses) {
      if (r.mergeRequestId === mr.id && r.checkId === checkId && r.sha === mr.headSha && (!latest || r.id > latest.id)) latest = r;
    }
    return latest;
  }

  /** status(mr, sha): the latest response's status at the head sha, or 'pending' when there is none. */
  statusCheckStatus(mr: MergeRequest, check: ExternalStatusCheck | number): StatusCheckStatus {
    return this.latestResponse(mr, typeof check === 'number' ? check : check.id)?.status ?? 'pending';
  }

  /** RetryService: the latest response turns pending with retried_at, and the MR is re-sent to the service. */
  retryStatusCheck(mr: MergeRequest, check: ExternalStatusCheck): boolean {
    const latest = this.latestResponse(mr, check.id);
    if (latest?.status !== 'failed') return false;
    latest.status = 'pending';
    latest.retriedAt = this.clock.date();
    this.retries.push({ checkId: check.id, mergeRequestIid: mr.iid, sha: mr.headSha, at: latest.retriedAt });
    return true;
  }

  /** How many times the MR was re-sent to this check's service (successful POST .../retry). */
  statusCheckRetries(checkId: number): number {
    return this.retries.filter((r) => r.checkId === checkId).length;
  }

  // ---- CI (see gitlab-ci-state.ts) ------------------------------------------------------------

  addPipeline(input: PipelineInput): Pipeline {
    return addPipeline(this, input);
  }

  addCommitStatus(input: CommitStatusInput): Job {
    return addCommitStatus(this, input);
  }

  // ---- commit comments ------------------------------------------------------------------------

  addCommitComment(input: NewCommitComment): CommitComment {
    const project = this.project(input.project);
    this.addCommit({ project, sha: input.sha });
    const comment: CommitComment = {
      projectId: project.id,
      sha: input.sha.toLowerCase(),
      note: input.note,
      path: input.path ?? null,
      line: input.line ?? null,
      lineType: input.path === undefined ? null : input.lineType ?? 'new',
      authorId: this.user(input.author).id,
      createdAt: this.clock.date(),
    };
    this.comments.push(comment);
    return comment;
  }
}

const STATES = new WeakMap<ForgeState, GitLabState>();

/** The GitLab state that belongs to a ForgeState (created on first use). */
export function gitlabOf(state: ForgeState): GitLabState {
  let gl = STATES.get(state);
  if (!gl) {
    if (state.kind !== 'gitlab') throw new Error(`fake forge: GitLab state on a ${state.kind} forge`);
    gl = new GitLabState(state);
    STATES.set(state, gl);
  }
  return gl;
}
