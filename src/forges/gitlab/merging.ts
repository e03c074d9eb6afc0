// Merging a GitLab merge request at the head that was checked, and opening one (lib/api/merge_requests.rb).
// PUT .../merge answers 401 when the user may not merge (may not push to the target branch), 405 when
// the MR is not mergeable now (draft, pipeline, threads, approvals…), 409 when `sha` is not the source
// branch's head, 422 (406 on older GitLab) "Branch cannot be merged" (conflicts, or the merge failed).
// POST .../merge_requests answers 409 when an open MR for the branch exists, 422 for branches it refuses;
// an MR from a fork is posted to the fork with target_project_id the upstream's.
import type { MergeOutcome, MergePlan, MergeRequestInput } from '../../core/merging';
import type { MergeRequestRef } from '../../core/model';
import { isForgeError, withReason } from '../errors';
import type { MergeRequestCreation, MergeRequestMerging } from '../forge';
import type { HttpClient } from '../http';
import { asObject } from '../json';
import { mapMergeRequest, mapProject } from './map';
import { mapMergeSettings } from './mergeMap';

const enc = encodeURIComponent;

/** What each documented refusal of a merge means. */
function mergeRefusal(error: unknown): never {
  if (!isForgeError(error)) throw error;
  const reason = ({ 401: 'mergeNotAllowed', 405: 'notMergeable', 406: 'cannotBeMerged', 409: 'mergeHeadMoved', 422: 'cannotBeMerged' } as const)[error.status ?? 0];
  throw reason ? withReason(error, reason) : error;
}

function createRefusal(error: unknown): never {
  if (!isForgeError(error)) throw error;
  const reason = ({ 409: 'mergeRequestExists', 422: 'mergeRequestRefused' } as const)[error.status ?? 0];
  throw reason ? withReason(error, reason) : error;
}

export class GitLabMerging implements MergeRequestMerging, MergeRequestCreation {
  constructor(private readonly http: HttpClient) {}

  async plan(mr: MergeRequestRef, signal?: AbortSignal): Promise<MergePlan> {
    // Read now, not from the gate's cache: the confirmation says what GitLab will do.
    const settings = mapMergeSettings((await this.http.get(`/projects/${enc(mr.projectPath)}`, { signal })).data);
    return { ...settings, sha: mr.headSha, whenChecksPass: mr.mergeable === 'whenChecksPass' };
  }

  async merge(mr: MergeRequestRef, plan: MergePlan, signal?: AbortSignal): Promise<MergeOutcome> {
    const body: Record<string, unknown> = { sha: plan.sha, squash: plan.squash, should_remove_source_branch: plan.deleteSourceBranch };
    // `auto_merge` since GitLab 17.x; older instances read only `merge_when_pipeline_succeeds` (and ignore the other).
    if (plan.whenChecksPass) Object.assign(body, { auto_merge: true, merge_when_pipeline_succeeds: true });
    const response = await this.http.send('PUT', `/projects/${enc(mr.projectPath)}/merge_requests/${mr.number}/merge`, { body, signal }).catch(mergeRefusal);
    const state = asObject(response.data, 'the merged merge request').state;
    return state === 'merged' ? { kind: 'merged' } : { kind: 'autoMergeSet' };
  }

  async create(projectPath: string, input: MergeRequestInput, signal?: AbortSignal): Promise<MergeRequestRef> {
    // GitLab marks a draft by the title's prefix.
    const title = input.draft && !/^draft:/i.test(input.title) ? `Draft: ${input.title}` : input.title;
    const body: Record<string, unknown> = { source_branch: input.sourceBranch, target_branch: input.targetBranch, title };
    // From a fork, the MR is created in the fork (the source project) with the upstream as its target.
    const fromFork = input.sourceProjectPath !== undefined && input.sourceProjectPath !== projectPath;
    if (fromFork) body.target_project_id = mapProject((await this.http.get(`/projects/${enc(projectPath)}`, { signal })).data).numericId;
    const response = await this.http.send('POST', `/projects/${enc(fromFork ? input.sourceProjectPath! : projectPath)}/merge_requests`, { body, signal }).catch(createRefusal);
    const { sourceProjectId: _source, headPipeline: _pipeline, ...ref } = mapMergeRequest(response.data, projectPath);
    return ref;
  }
}
