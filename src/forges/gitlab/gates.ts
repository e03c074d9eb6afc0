// GitLab merge requests and their gates: external status checks, the head pipeline's jobs and bridges,
// commit statuses from outside systems, Code Quality findings and line comments.
import type { Check, CheckKind, Finding, Gate, GateNote, MergeRequestRef } from '../../core/model';
import { parseCodeClimate } from '../../core/codeQuality';
import { ForgeError, isForgeError } from '../errors';
import type { ActionOffer, ActionOutcome, GateOperations, StatusInput } from '../forge';
import { pollIntervalMs, type HttpClient, type ListResult } from '../http';
import {
  GITLAB_COMMIT_STATUS_STATES,
  mapBridge,
  mapCommitStatuses,
  mapJob,
  mapLineComments,
  mapMergeRequest,
  mapProject,
  mapStatusCheck,
  type CodeQualityArtifact,
  type GitLabMergeRequest,
  type GitLabProject,
} from './map';

const enc = encodeURIComponent;
const STATUS_CHECK_CHOICES = ['passed', 'failed', 'pending'] as const;

export class GitLabGates implements GateOperations {
  /** Projects do not move between polls: one GET per project per session. */
  private readonly projects = new Map<string, Promise<GitLabProject>>();

  constructor(private readonly http: HttpClient) {}

  /** The project, read once per adapter (one refresh) even when several calls need it. */
  project(path: string, signal?: AbortSignal): Promise<GitLabProject> {
    let cached = this.projects.get(path);
    if (!cached) {
      cached = this.http.get(`/projects/${enc(path)}`, { signal }).then((r) => mapProject(r.data));
      cached.catch(() => this.projects.delete(path));
      this.projects.set(path, cached);
    }
    return cached;
  }

  async findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    // The project (is it a fork?) and its own MRs are read together; a fork's MRs usually live upstream.
    const [own, ownList] = await Promise.all([this.project(projectPath, signal), this.openMergeRequests(projectPath, branch, signal)]);
    const upstreamList = own.forkedFromPath ? await this.openMergeRequests(own.forkedFromPath, branch, signal) : [];
    return [...ownList, ...upstreamList]
      .filter((mr) => mr.sourceBranch === branch && (mr.sourceProjectId === undefined || mr.sourceProjectId === own.numericId))
      .map(stripInternal);
  }

  private async openMergeRequests(home: string, branch: string, signal?: AbortSignal): Promise<GitLabMergeRequest[]> {
    // state=opened always: GitLab's default is all states.
    const items = await this.http.paginate<unknown>(`/projects/${enc(home)}/merge_requests`, 'gitlab', { query: { source_branch: branch, state: 'opened', per_page: 100 }, signal });
    return items.map((item) => mapMergeRequest(item, home));
  }

  async loadGate(ref: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    const { signal } = options;
    const base = `/projects/${enc(ref.projectPath)}`;
    // The sha-bound reads go out with the single-MR GET, in one round trip. For an MR from a fork the
    // head commit, its statuses and its comments live in the source project (the fork).
    const bySha = (sha: string, home: string) =>
      Promise.all([
        this.statusChecks(base, ref.number, sha, signal),
        this.part('commitStatus', () => this.http.list<unknown>(`${home}/repository/commits/${sha}/statuses`, 'gitlab', { query: { stage: 'external', per_page: 100 }, signal })),
        options.withFindings
          ? this.part('commitStatus', () => this.http.list<unknown>(`${home}/repository/commits/${sha}/comments`, 'gitlab', { query: { per_page: 100 }, signal }))
          : Promise.resolve({ items: [] as unknown[], notes: [] as GateNote[] }),
      ]);
    const homeOf = (mr: MergeRequestRef) => (mr.sourceProjectRef ? `/projects/${mr.sourceProjectRef}` : base);
    const [single, firstRead] = await Promise.all([this.http.get(`${base}/merge_requests/${ref.number}`, { signal }), bySha(ref.headSha, homeOf(ref))]);
    const mr = mapMergeRequest(single.data, ref.projectPath);
    if (mr.defect) throw new ForgeError('badResponse', `merge request ${mr.reference}: ${mr.defect}`);
    // The head moved (or the source project changed) since the list: read the sha-bound parts again.
    const [statusChecks, statuses, comments] = mr.headSha === ref.headSha && mr.sourceProjectRef === ref.sourceProjectRef ? firstRead : await bySha(mr.headSha, homeOf(mr));
    const sourceRef = mr.sourceProjectRef;
    const pipelineParts = await this.pipelineJobs(mr.headPipeline, base, signal);
    const findings = options.withFindings ? await this.findings(mr.headSha, pipelineParts.codeQuality, comments.items ?? [], signal) : [];
    const notes: GateNote[] = [...statusChecks.notes, ...statuses.notes, ...comments.notes, ...pipelineParts.notes];
    return {
      mergeRequest: stripInternal(mr),
      checks: [...statusChecks.checks, ...pipelineParts.jobs, ...mapCommitStatuses(statuses.items ?? [], sourceRef)],
      pipeline: mr.headPipeline,
      findings,
      pollIntervalMs: statusChecks.pollIntervalMs,
      unavailable: statusChecks.unavailable ? ['externalStatusCheck'] : undefined,
      notes: notes.length ? notes : undefined,
    };
  }

  /** Reads one part of a gate; a part the forge refuses becomes a note, so the rest is still shown. */
  private async part<T>(kind: CheckKind, read: () => Promise<ListResult<T>>): Promise<{ items?: T[]; notes: GateNote[] }> {
    try {
      const result = await read();
      return { items: result.items, notes: result.cut ? [{ code: 'listCut', kind, shown: result.items.length }] : [] };
    } catch (e) {
      if (!isForgeError(e) || e.kind === 'canceled') throw e;
      return { notes: [{ code: 'partFailed', kind, errorKind: e.kind, message: e.message }] };
    }
  }

  private async statusChecks(base: string, iid: number, sha: string, signal?: AbortSignal): Promise<{ checks: Check[]; pollIntervalMs?: number; unavailable?: boolean; notes: GateNote[] }> {
    try {
      // Paginated, 20 a page by default: without paging, the 21st check would be missing.
      const result = await this.http.list<unknown>(`${base}/merge_requests/${iid}/status_checks`, 'gitlab', { query: { per_page: 100 }, signal });
      return {
        checks: result.items.map((item) => mapStatusCheck(item, sha)),
        pollIntervalMs: pollIntervalMs(result.firstPage.headers.get('poll-interval')),
        notes: result.cut ? [{ code: 'listCut', kind: 'externalStatusCheck', shown: result.items.length }] : [],
      };
    } catch (e) {
      // 401 here, after the MR itself was readable, means the project's tier has no external status checks.
      if (isForgeError(e, 'unauthorized') || isForgeError(e, 'notFound')) return { checks: [], unavailable: true, notes: [] };
      throw e;
    }
  }

  /** The head pipeline's jobs and bridges, read from the project the pipeline runs in (a fork's, often). */
  private async pipelineJobs(pipeline: Check | undefined, mrBase: string, signal?: AbortSignal): Promise<{ jobs: Check[]; codeQuality?: CodeQualityArtifact; notes: GateNote[] }> {
    if (!pipeline) return { jobs: [], notes: [] };
    const projectRef = pipeline.projectRef ?? mrBase.slice('/projects/'.length);
    const pipelineBase = `/projects/${projectRef}/pipelines/${pipeline.forgeId}`;
    const [jobs, bridges] = await Promise.all([
      this.part('job', () => this.http.list<unknown>(`${pipelineBase}/jobs`, 'gitlab', { query: { per_page: 100 }, signal })),
      this.part('bridge', () => this.http.list<unknown>(`${pipelineBase}/bridges`, 'gitlab', { query: { per_page: 100 }, signal })),
    ]);
    const mappedJobs = (jobs.items ?? []).map((raw) => mapJob(raw, projectRef));
    const codeQuality = mappedJobs.find((j) => j.codeQuality)?.codeQuality;
    return {
      jobs: [...mappedJobs.map(({ codeQuality: _, ...job }) => job), ...(bridges.items ?? []).map((raw) => mapBridge(raw, projectRef))],
      codeQuality,
      notes: [...jobs.notes, ...bridges.notes],
    };
  }

  private async findings(sha: string, report: CodeQualityArtifact | undefined, comments: unknown[], signal?: AbortSignal): Promise<Finding[]> {
    const quality = report ? (await this.http.get<unknown>(`/projects/${report.projectRef}/jobs/${report.jobId}/artifacts/${enc(report.filename)}`, { signal })).data : undefined;
    const codeQuality: Finding[] = quality === undefined ? [] : parseCodeClimate(quality).findings.map((f) => ({ ...f, source: 'codeQuality', sha, origin: 'Code Quality' }));
    const lineComments: Finding[] = mapLineComments(comments).map((c) => ({
      path: c.path,
      startLine: c.line,
      endLine: c.line,
      level: 'notice',
      message: `${c.author}: ${c.note}`,
      source: 'commitComments',
      sha,
      origin: c.author,
    }));
    return [...codeQuality, ...lineComments];
  }

  statusChoices(check: Check): readonly string[] {
    if (check.kind === 'externalStatusCheck') return STATUS_CHECK_CHOICES;
    if (check.kind === 'commitStatus') return GITLAB_COMMIT_STATUS_STATES;
    return [];
  }

  statusTextLimit(check: Check): number | undefined {
    return check.kind === 'commitStatus' ? COMMIT_STATUS_FIELD_LIMIT : undefined;
  }

  async setStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    const base = `/projects/${enc(mr.projectPath)}`;
    if (check.kind === 'externalStatusCheck') {
      // All three are required by the API; the sha must be the MR's current head or GitLab answers 409.
      await this.http.send('POST', `${base}/merge_requests/${mr.number}/status_check_responses`, {
        body: { sha: mr.headSha, external_status_check_id: Number(check.forgeId), status: input.state },
        signal,
      });
      return;
    }
    if (check.kind === 'commitStatus') {
      const body = { state: input.state, name: check.forgeId, ref: check.ref ?? mr.sourceBranch, description: input.description, target_url: input.targetUrl };
      tooLongForGitLab(body);
      // A fork MR's statuses belong to its source project, where the head commit is.
      await this.http.send('POST', `${projectBase(check, mr)}/statuses/${mr.headSha}`, { body, signal });
      return;
    }
    throw new Error(`${check.kind} has no status to set`);
  }

  async retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome> {
    // Jobs and pipelines are retried in the project the pipeline runs in (a fork's, for most fork MRs).
    const home = projectBase(check, mr);
    const paths: Partial<Record<Check['kind'], string>> = {
      externalStatusCheck: `/projects/${enc(mr.projectPath)}/merge_requests/${mr.number}/status_checks/${check.forgeId}/retry`,
      job: `${home}/jobs/${check.forgeId}/retry`,
      pipeline: `${home}/pipelines/${check.forgeId}/retry`,
    };
    const path = paths[check.kind];
    if (!path) throw new Error(`${check.kind} cannot be retried`);
    await this.http.send('POST', path, { signal });
    return { kind: 'done' };
  }

  actionsFor(check: Check): readonly ActionOffer[] {
    const offers: ActionOffer[] = [];
    if (check.capabilities.includes('playable')) offers.push({ id: 'play', label: 'Play', description: 'Start this manual job', via: 'api' });
    if (check.kind === 'externalStatusCheck' && check.state === 'failed') {
      offers.push({ id: 'retry', label: 'Re-send to the external service', description: 'Retry: GitLab posts the merge request to the check again', via: 'api' });
    } else if (check.capabilities.includes('retryable')) {
      offers.push({ id: 'retry', label: 'Retry', via: 'api' });
    }
    if (check.url) offers.push({ id: 'open', label: 'Open', description: check.url, via: 'browser', url: check.url });
    return offers;
  }

  async runAction(mr: MergeRequestRef, check: Check, actionId: string, variables?: Record<string, string>, signal?: AbortSignal): Promise<ActionOutcome> {
    switch (actionId) {
      case 'play': {
        const body = variables && Object.keys(variables).length ? { job_variables_attributes: Object.entries(variables).map(([key, value]) => ({ key, value })) } : undefined;
        await this.http.send('POST', `${projectBase(check, mr)}/jobs/${check.forgeId}/play`, { body, signal });
        return { kind: 'done' };
      }
      case 'retry':
        return this.retry(mr, check, signal);
      case 'open':
        if (check.url) return { kind: 'openInBrowser', url: check.url, reason: '' };
        break;
    }
    throw new Error(`unknown action ${actionId}`);
  }
}

/** Where a check lives: its own project when the forge said so (a fork's pipeline), else the MR's. */
function projectBase(check: Check, mr: MergeRequestRef): string {
  return `/projects/${check.projectRef ?? enc(mr.projectPath)}`;
}

/** POST /projects/:id/statuses/:sha takes at most 255 characters in ref, target_url and description. */
const COMMIT_STATUS_FIELD_LIMIT = 255;

function tooLongForGitLab(body: Record<string, string | undefined>): void {
  for (const field of ['ref', 'target_url', 'description']) {
    const length = [...(body[field] ?? '')].length;
    if (length > COMMIT_STATUS_FIELD_LIMIT) {
      throw new ForgeError('badRequest', `${field} has ${length} characters; GitLab accepts at most ${COMMIT_STATUS_FIELD_LIMIT}, so nothing was sent`);
    }
  }
}

function stripInternal(mr: GitLabMergeRequest): MergeRequestRef {
  const { sourceProjectId: _source, headPipeline: _pipeline, ...ref } = mr;
  return ref;
}
