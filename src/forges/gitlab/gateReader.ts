// Reading a GitLab merge request's gate: external status checks, the head pipeline's jobs and bridges,
// commit statuses from outside systems, Code Quality findings and line comments.
import type { Check, CheckKind, Finding, Gate, GateNote, MergeRequestRef } from '../../core/model';
import { parseCodeClimate } from '../../core/codeQuality';
import { ForgeError, isForgeError } from '../errors';
import type { HttpClient, ListResult } from '../http';
import { readStatusChecks } from './statusChecks';
import { SharedReads } from '../sharedReads';
import { expectedPipeline, withRequirements, type GitLabMergeRules } from './mergeRules';
import { readApprovals, type RulesRefusals } from './approvals';
import { MERGEABLE_STATUSES } from '../../core/mergeReasons';
import { GitLabMergeabilityChecks, mergeabilityBasis } from './mergeabilityChecks';
import { LruMap } from '../../core/lruMap';
import { ahead, branchKey, GitLabReadAhead, mergeRequestKey, reportKey, type PipelinePlace } from './readAhead';
import {
  mapBridge,
  mapCommitStatuses,
  mapJob,
  mapLineComments,
  mapMergeRequest,
  mapPipeline,
  mapProject,
  type CodeQualityArtifact,
  type GitLabMergeRequest,
  type GitLabProject,
} from './map';

const enc = encodeURIComponent;

export class GitLabGateReader {
  private readonly projects = new SharedReads<GitLabProject>();
  private readonly readAhead = new GitLabReadAhead();
  private readonly rulesRefusals: RulesRefusals = new LruMap<number>(256);
  private readonly mergeability: GitLabMergeabilityChecks;

  /** `graphqlUrl`: the instance's /api/graphql, where every merge check of an MR is read. */
  constructor(
    private readonly http: HttpClient,
    graphqlUrl: string,
  ) {
    this.mergeability = new GitLabMergeabilityChecks(http, graphqlUrl);
  }

  project(path: string, signal?: AbortSignal): Promise<GitLabProject> {
    return this.projects.read(path, () => this.http.get(`/projects/${enc(path)}`, { signal }).then((r) => mapProject(r.data)), signal);
  }

  /**
   * What the project makes the merge wait for; a project it cannot read leaves every check unknown. A
   * settled poll reads the gate beside the MR list, so this read and the lookup's are one request.
   */
  private async mergeRules(path: string, signal?: AbortSignal): Promise<GitLabMergeRules> {
    try {
      return (await this.project(path, signal)).mergeRules;
    } catch (e) {
      if (isForgeError(e, 'canceled')) throw e;
      return {};
    }
  }

  async findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    // The project (is it a fork?) and its own MRs are read together; a fork's MRs usually live upstream,
    // listed at once when the project is known to be a fork.
    const knownUpstream = this.readAhead.forkedFrom.get(projectPath);
    const upstreamAhead = knownUpstream ? ahead(() => this.openMergeRequests(knownUpstream, branch, signal)) : undefined;
    const guess = this.guessBranchPipeline(projectPath, branch, signal);
    const [own, ownList] = await Promise.all([this.project(projectPath, signal), this.openMergeRequests(projectPath, branch, signal), guess]);
    this.readAhead.forkedFrom.set(projectPath, own.upstreamPath ?? '');
    const upstream = own.upstreamPath;
    const upstreamList = !upstream ? [] : upstream === knownUpstream && upstreamAhead ? await upstreamAhead : await this.openMergeRequests(upstream, branch, signal);
    return [...ownList, ...upstreamList]
      .filter((mr) => mr.sourceBranch === branch && (mr.sourceProjectId === undefined || mr.sourceProjectId === own.numericId))
      .map(stripInternal);
  }

  /**
   * On the first read of a branch, its latest pipeline goes out beside the MR list: most often the MR's
   * head pipeline, whose jobs can then be read beside the single MR (a cold refresh in three round trips
   * instead of four). An MR pipeline (refs/merge-requests/…) is not found this way; nothing is lost.
   */
  private async guessBranchPipeline(projectPath: string, branch: string, signal?: AbortSignal): Promise<void> {
    const key = branchKey(projectPath, branch);
    if (this.readAhead.guessedBranches.get(key)) return;
    this.readAhead.guessedBranches.set(key, true);
    try {
      const latest = mapPipeline((await this.http.get(`/projects/${enc(projectPath)}/pipelines/latest`, { query: { ref: branch }, signal })).data);
      if (latest.sha) this.readAhead.pipelinesBySha.set(latest.sha, { forgeId: latest.forgeId, projectRef: latest.projectRef ?? enc(projectPath) });
    } catch (e) {
      if (isForgeError(e, 'canceled')) throw e;
      // No pipeline on the branch, or no right to read pipelines: the jobs are read after the single MR.
    }
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
        readStatusChecks(this.http, base, ref.number, sha, signal),
        this.part('commitStatus', () => this.http.list<unknown>(`${home}/repository/commits/${sha}/statuses`, 'gitlab', { query: { stage: 'external', per_page: 100 }, signal })),
        options.withFindings
          ? this.part('commitStatus', () => this.http.list<unknown>(`${home}/repository/commits/${sha}/comments`, 'gitlab', { query: { per_page: 100 }, signal }))
          : Promise.resolve({ items: [] as unknown[], notes: [] as GateNote[] }),
      ]);
    const homeOf = (mr: MergeRequestRef) => (mr.sourceProjectRef ? `/projects/${mr.sourceProjectRef}` : base);
    // What the last read of this MR (or the branch's latest pipeline) says its pipeline is: read it now too.
    const memoryKey = mergeRequestKey(ref.projectPath, ref.number);
    const known = this.readAhead.pipelines.get(memoryKey);
    const place = known?.headSha === ref.headSha ? known.place : this.readAhead.pipelinesBySha.get(ref.headSha);
    const jobsAhead = place ? ahead(() => this.pipelineJobs(place, base, signal)) : undefined;
    const firstRead = ahead(() => bySha(ref.headSha, homeOf(ref)));
    const rulesRead = ahead(() => this.mergeRules(ref.projectPath, signal));
    // Approvals are the MR's, not the sha's: read beside the single MR.
    const approvalsRead = ahead(() => readApprovals(this.http, ref, this.rulesRefusals, signal));
    const mr = mapMergeRequest((await this.http.get(`${base}/merge_requests/${ref.number}`, { signal })).data, ref.projectPath);
    if (mr.defect) throw new ForgeError('badResponse', `merge request ${mr.reference}: ${mr.defect}`);
    // The head moved (or the source project changed) since the list: read the sha-bound parts again.
    const shaReads = mr.headSha === ref.headSha && mr.sourceProjectRef === ref.sourceProjectRef ? firstRead : bySha(mr.headSha, homeOf(mr));
    // Only an MR that cannot merge has reasons to list; its merge checks are asked once per state of it,
    // beside the pipeline's reads when the MR itself changed.
    const blocked = !MERGEABLE_STATUSES.has(mr.mergeStatus ?? '');
    const checksEarly = blocked ? this.mergeability.early(mr, signal) : undefined;
    // The pipeline's reads depend on the single MR only, not on the sha-bound ones (a long list of status checks, say).
    const pipeline = mr.headPipeline;
    const guessed = jobsAhead && place && pipeline && place.forgeId === pipeline.forgeId && (!pipeline.projectRef || place.projectRef === pipeline.projectRef);
    const pipelineRead = (async () => {
      const parts = guessed ? await jobsAhead : await this.pipelineJobs(pipeline, base, signal);
      const quality = options.withFindings && parts.codeQuality ? await this.codeQualityFindings(parts.codeQuality, mr.headSha, signal) : [];
      return { parts, quality };
    })();
    const [[statusChecks, statuses, comments], { parts: pipelineParts, quality }, rules, approvals] = await Promise.all([shaReads, pipelineRead, rulesRead, approvalsRead]);
    if (pipeline) this.readAhead.pipelines.set(memoryKey, { place: { forgeId: pipeline.forgeId, projectRef: pipeline.projectRef }, headSha: mr.headSha });
    else this.readAhead.pipelines.delete(memoryKey);
    const sourceRef = mr.sourceProjectRef;
    const findings = options.withFindings ? [...quality, ...lineCommentFindings(mr.headSha, comments.items ?? [])] : [];
    const notes: GateNote[] = [...statusChecks.notes, ...statuses.notes, ...comments.notes, ...pipelineParts.notes];
    const [headPipeline] = mr.headPipeline ? withRequirements([mr.headPipeline], rules) : rules.pipelineMustSucceed ? [expectedPipeline(mr.headSha)] : [];
    const checks = withRequirements([...statusChecks.checks, ...pipelineParts.jobs, ...mapCommitStatuses(statuses.items ?? [], sourceRef)], rules);
    const mergeChecks = blocked ? await this.mergeability.read(mr, mergeabilityBasis(mr, headPipeline ? [...checks, headPipeline] : checks, approvals), signal, checksEarly) : undefined;
    return {
      mergeRequest: stripInternal(mr),
      checks,
      pipeline: headPipeline,
      findings,
      pollIntervalMs: statusChecks.pollIntervalMs,
      unavailable: statusChecks.unavailable ? ['externalStatusCheck'] : undefined,
      notes: notes.length ? notes : undefined,
      approvals,
      mergeChecks,
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

  /** The head pipeline's jobs and bridges, read from the project the pipeline runs in (a fork's, often). */
  private async pipelineJobs(pipeline: PipelinePlace | undefined, mrBase: string, signal?: AbortSignal): Promise<{ jobs: Check[]; codeQuality?: CodeQualityArtifact; notes: GateNote[] }> {
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

  /** The Code Quality report (CodeClimate JSON) a job left as an artifact: findings of that job. */
  private async codeQualityFindings(report: CodeQualityArtifact, sha: string, signal?: AbortSignal): Promise<Finding[]> {
    const key = reportKey(report, sha);
    const known = this.readAhead.reports.get(key);
    if (known) return known;
    const quality = (await this.http.get<unknown>(`/projects/${report.projectRef}/jobs/${report.jobId}/artifacts/${enc(report.filename)}`, { signal })).data;
    if (quality === undefined) return [];
    const findings = parseCodeClimate(quality).findings.map((f): Finding => ({ ...f, source: 'codeQuality', sha, origin: 'Code Quality', checkId: `job:${report.jobId}` }));
    this.readAhead.reports.set(key, findings);
    return findings;
  }

}

function lineCommentFindings(sha: string, comments: unknown[]): Finding[] {
  return mapLineComments(comments).map((c) => ({
    path: c.path,
    startLine: c.line,
    endLine: c.line,
    level: 'notice',
    message: `${c.author}: ${c.note}`,
    source: 'commitComments',
    sha,
    origin: c.author,
  }));
}

/** The MR as the model has it, without what only the GitLab reads use. */
export function stripInternal(mr: GitLabMergeRequest): MergeRequestRef {
  const { sourceProjectId: _source, headPipeline: _pipeline, updatedAt: _updated, ...ref } = mr;
  return ref;
}
