// Merging a Gitee pull request, and opening one (v5 swagger: PUT /repos/:o/:r/pulls/:n/merge with
// merge_method and prune_source_branch; POST /repos/:o/:r/pulls with title, head, base, draft). Gitee's
// merge takes no sha, so the plan reads the PR first and refuses a head other than the one checked; the
// moment between that read and the merge is the only one a push could slip into. The swagger documents
// no error answers: a refusal to merge is read as "not mergeable", and a refused new PR whose message
// says one exists (已存在) as mergeRequestExists.
import type { MergeOutcome, MergePlan, MergeRequestInput } from '../../core/merging';
import type { MergeRequestRef } from '../../core/model';
import { ForgeError, isForgeError, withReason } from '../errors';
import type { MergeRequestCreation, MergeRequestMerging } from '../forge';
import type { HttpClient } from '../http';
import { createPullRequest, repoApiPath } from '../checkRuns/pullRequests';
import { mapPullMergeability } from './map';

function mergeRefusal(error: unknown): never {
  if (!isForgeError(error)) throw error;
  const reason = error.status === 403 || error.status === 401 ? 'mergeNotAllowed' : error.status === 409 ? 'mergeHeadMoved' : error.status && error.status < 500 && error.status !== 404 ? 'notMergeable' : undefined;
  throw reason ? withReason(error, reason) : error;
}

function createRefusal(error: unknown): never {
  if (!isForgeError(error) || !error.status || error.status >= 500 || error.status === 404 || error.status === 401) throw error;
  throw withReason(error, /已存在|already exists/i.test(error.detail ?? '') ? 'mergeRequestExists' : error.status === 403 ? 'notAllowed' : 'mergeRequestRefused');
}

export class GiteeMerging implements MergeRequestMerging, MergeRequestCreation {
  readonly asksFirst = true;
  constructor(private readonly http: HttpClient) {}

  async plan(mr: MergeRequestRef, signal?: AbortSignal): Promise<MergePlan> {
    const now = mapPullMergeability((await this.http.get(`${repoApiPath(mr.projectPath)}/pulls/${mr.number}`, { signal })).data);
    if (now.headSha !== mr.headSha) throw withReason(new ForgeError('conflict', `the head is now ${now.headSha.slice(0, 8)}`, 409), 'mergeHeadMoved');
    if (!now.mergeable) throw withReason(new ForgeError('unprocessable', 'mergeable: false'), 'notMergeable');
    // Gitee's default method is merge; the PR says whether its branch goes when merged.
    return { method: 'merge', squash: false, deleteSourceBranch: now.pruneBranch, sha: mr.headSha, whenChecksPass: false };
  }

  async merge(mr: MergeRequestRef, plan: MergePlan, signal?: AbortSignal): Promise<MergeOutcome> {
    const body = { merge_method: plan.squash ? 'squash' : plan.method === 'rebase' ? 'rebase' : 'merge', prune_source_branch: plan.deleteSourceBranch };
    await this.http.send('PUT', `${repoApiPath(mr.projectPath)}/pulls/${mr.number}/merge`, { body, signal }).catch(mergeRefusal);
    return { kind: 'merged' };
  }

  create(projectPath: string, input: MergeRequestInput, signal?: AbortSignal): Promise<MergeRequestRef> {
    return createPullRequest(this.http, projectPath, input, createRefusal, signal);
  }
}
