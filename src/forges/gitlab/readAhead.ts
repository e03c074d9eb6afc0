// What the GitLab reader remembers between polls, so that the reads of a poll that depend on each
// other (MR → head pipeline → jobs → Code Quality artifact) can go out together, in one wave. Every
// guess is checked against what the forge then answers; a wrong one only costs its requests.
import type { CodeQualityArtifact } from './map';

/** Where a pipeline's jobs are read: its id, and the project it runs in (a fork's, often). */
export interface PipelinePlace {
  readonly forgeId: string;
  readonly projectRef?: string;
}

export interface KnownPipeline {
  readonly place: PipelinePlace;
  readonly codeQuality?: CodeQualityArtifact;
}

/** Entries kept per kind: far more than the MRs of a workspace, few enough to cost nothing. */
const KEPT = 500;

class Bounded<V> {
  private readonly map = new Map<string, V>();

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > KEPT) this.map.delete(this.map.keys().next().value as string);
  }
}

export class GitLabReadAhead {
  /** Per MR (project and iid): its head pipeline and Code Quality report at the last read. */
  readonly pipelines = new Bounded<KnownPipeline & { readonly headSha: string }>();
  /** Per project path: the project it was forked from ('' for none), so its MRs there are listed at once. */
  readonly forkedFrom = new Bounded<string>();
  /** Branches (per project) whose latest pipeline was read beside the MR list: on the first read only. */
  readonly guessedBranches = new Bounded<true>();
  /** Per commit sha: the pipeline that read found for it, the likely head pipeline of an MR at that sha. */
  readonly pipelinesBySha = new Bounded<PipelinePlace>();
}

export const mergeRequestKey = (projectPath: string, iid: number): string => `${projectPath}!${iid}`;
export const branchKey = (projectPath: string, branch: string): string => `${projectPath}\0${branch}`;

export function sameArtifact(a: CodeQualityArtifact | undefined, b: CodeQualityArtifact | undefined): boolean {
  return !!a && !!b && a.jobId === b.jobId && a.filename === b.filename && a.projectRef === b.projectRef;
}

/** A read made ahead of knowing whether it is needed: its failure is only seen if it is used. */
export function ahead<T>(read: () => Promise<T>): Promise<T> {
  const promise = read();
  promise.catch(() => undefined);
  return promise;
}
