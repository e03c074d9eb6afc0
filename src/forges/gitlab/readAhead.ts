// What the GitLab reader remembers between polls, so that the reads of a poll that depend on each
// other (MR → head pipeline → jobs) can go out together, in one wave, and a Code Quality report is
// read once. Every
// guess is checked against what the forge then answers; a wrong one only costs its requests.
import { LruMap } from '../../core/lruMap';
import type { Finding } from '../../core/model';
import type { CodeQualityArtifact } from './map';

/** Where a pipeline's jobs are read: its id, and the project it runs in (a fork's, often). */
export interface PipelinePlace {
  readonly forgeId: string;
  readonly projectRef?: string;
}

export interface KnownPipeline {
  readonly place: PipelinePlace;
}

/** Entries kept per kind: far more than the MRs of a workspace, few enough to cost nothing. */
const KEPT = 500;

export class GitLabReadAhead {
  /** Per MR (project and iid): its head pipeline at the last read. */
  readonly pipelines = new LruMap<KnownPipeline & { readonly headSha: string }>(KEPT);
  /** Per project path: the project it was forked from ('' for none), so its MRs there are listed at once. */
  readonly forkedFrom = new LruMap<string>(KEPT);
  /** Branches (per project) whose latest pipeline was read beside the MR list: on the first read only. */
  readonly guessedBranches = new LruMap<true>(KEPT);
  /** Per commit sha: the pipeline that read found for it, the likely head pipeline of an MR at that sha. */
  readonly pipelinesBySha = new LruMap<PipelinePlace>(KEPT);
  /**
   * Per job and file: the findings of a Code Quality report. A job's artifacts are uploaded once, when
   * it finishes (a retry is a new job), and GitLab sends no validator for them: read each once.
   */
  readonly reports = new LruMap<Finding[]>(KEPT);
}

export const mergeRequestKey = (projectPath: string, iid: number): string => `${projectPath}!${iid}`;
export const branchKey = (projectPath: string, branch: string): string => `${projectPath}\0${branch}`;

export const reportKey = (report: CodeQualityArtifact, sha: string): string => `${report.projectRef}/${report.jobId}/${report.filename}@${sha}`;

/** A read made ahead of knowing whether it is needed: its failure is only seen if it is used. */
export function ahead<T>(read: () => Promise<T>): Promise<T> {
  const promise = read();
  promise.catch(() => undefined);
  return promise;
}
