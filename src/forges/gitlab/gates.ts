// GitLab merge requests and their gates: external status checks, the head pipeline's jobs and bridges,
// commit statuses from outside systems, Code Quality findings and line comments.
import type { Check, Finding, Gate, MergeRequestRef } from '../../core/model';
import { parseCodeClimate } from '../../core/codeQuality';
import { isForgeError } from '../errors';
import type { ActionOffer, ActionOutcome, GateOperations, StatusInput } from '../forge';
import type { HttpClient } from '../http';
import {
  GITLAB_COMMIT_STATUS_STATES,
  mapBridge,
  mapCommitStatus,
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
    return [...ownList, ...upstreamList].filter((mr) => mr.sourceBranch === branch && (mr.sourceProjectId === undefined || mr.sourceProjectId === own.numericId));
  }

  private async openMergeRequests(home: string, branch: string, signal?: AbortSignal): Promise<GitLabMergeRequest[]> {
    // state=opened always: GitLab's default is all states.
    const items = await this.http.paginate<unknown>(`/projects/${enc(home)}/merge_requests`, 'gitlab', { query: { source_branch: branch, state: 'opened', per_page: 100 }, signal });
    return items.map((item) => mapMergeRequest(item, home));
  }

  async loadGate(ref: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    const { signal } = options;
    const base = `/projects/${enc(ref.projectPath)}`;
    // Everything that needs only the head sha goes out with the single-MR GET, in one round trip.
    const bySha = (sha: string) =>
      Promise.all([
        this.statusChecks(base, ref.number, sha, signal),
        this.http.paginate<unknown>(`${base}/repository/commits/${sha}/statuses`, 'gitlab', { query: { stage: 'external', per_page: 100 }, signal }),
        options.withFindings ? this.http.paginate<unknown>(`${base}/repository/commits/${sha}/comments`, 'gitlab', { query: { per_page: 100 }, signal }) : Promise.resolve([]),
      ]);
    const [single, firstRead] = await Promise.all([this.http.get(`${base}/merge_requests/${ref.number}`, { signal }), bySha(ref.headSha)]);
    const mr = mapMergeRequest(single.data, ref.projectPath);
    // The head moved between the list and now: read the sha-bound parts again for the new head.
    const [statusChecks, statuses, comments] = mr.headSha === ref.headSha ? firstRead : await bySha(mr.headSha);
    const pipelineParts = await this.pipelineJobs(base, mr.headPipeline, signal);
    const findings = options.withFindings ? await this.findings(base, mr.headSha, pipelineParts.codeQuality, comments, signal) : [];
    return {
      mergeRequest: stripInternal(mr),
      checks: [...statusChecks.checks, ...pipelineParts.jobs, ...statuses.map(mapCommitStatus)],
      pipeline: mr.headPipeline,
      findings,
      pollIntervalMs: statusChecks.pollIntervalMs,
      unavailable: statusChecks.unavailable ? ['externalStatusCheck'] : undefined,
    };
  }

  private async statusChecks(base: string, iid: number, sha: string, signal?: AbortSignal): Promise<{ checks: Check[]; pollIntervalMs?: number; unavailable?: boolean }> {
    try {
      const response = await this.http.get<unknown[]>(`${base}/merge_requests/${iid}/status_checks`, { signal });
      const poll = Number(response.headers.get('poll-interval'));
      const items = Array.isArray(response.data) ? response.data : [];
      return { checks: items.map((item) => mapStatusCheck(item, sha)), pollIntervalMs: poll > 0 ? poll : undefined };
    } catch (e) {
      // 401 here, after the MR itself was readable, means the project's tier has no external status checks.
      if (isForgeError(e, 'unauthorized') || isForgeError(e, 'notFound')) return { checks: [], unavailable: true };
      throw e;
    }
  }

  /** The head pipeline's jobs and bridges; its own status came with the single MR. */
  private async pipelineJobs(base: string, pipeline: Check | undefined, signal?: AbortSignal): Promise<{ jobs: Check[]; codeQuality?: CodeQualityArtifact }> {
    if (!pipeline) return { jobs: [] };
    const pipelineBase = `${base}/pipelines/${pipeline.forgeId}`;
    const [jobs, bridges] = await Promise.all([
      this.http.paginate<unknown>(`${pipelineBase}/jobs`, 'gitlab', { query: { per_page: 100 }, signal }),
      this.http.paginate<unknown>(`${pipelineBase}/bridges`, 'gitlab', { query: { per_page: 100 }, signal }),
    ]);
    const mappedJobs = jobs.map(mapJob);
    const codeQuality = mappedJobs.find((j) => j.codeQuality)?.codeQuality;
    return { jobs: [...mappedJobs.map(({ codeQuality: _, ...job }) => job), ...bridges.map(mapBridge)], codeQuality };
  }

  private async findings(base: string, sha: string, report: CodeQualityArtifact | undefined, comments: unknown[], signal?: AbortSignal): Promise<Finding[]> {
    const quality = report ? (await this.http.get<unknown>(`${base}/jobs/${report.jobId}/artifacts/${enc(report.filename)}`, { signal })).data : undefined;
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
      await this.http.send('POST', `${base}/statuses/${mr.headSha}`, {
        body: { state: input.state, name: check.forgeId, ref: check.ref ?? mr.sourceBranch, description: input.description, target_url: input.targetUrl },
        signal,
      });
      return;
    }
    throw new Error(`${check.kind} has no status to set`);
  }

  async retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome> {
    const base = `/projects/${enc(mr.projectPath)}`;
    const paths: Partial<Record<Check['kind'], string>> = {
      externalStatusCheck: `${base}/merge_requests/${mr.number}/status_checks/${check.forgeId}/retry`,
      job: `${base}/jobs/${check.forgeId}/retry`,
      pipeline: `${base}/pipelines/${check.forgeId}/retry`,
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
        await this.http.send('POST', `/projects/${enc(mr.projectPath)}/jobs/${check.forgeId}/play`, { body, signal });
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

function stripInternal(mr: GitLabMergeRequest): MergeRequestRef {
  const { sourceProjectId: _source, headPipeline: _pipeline, ...ref } = mr;
  return ref;
}
