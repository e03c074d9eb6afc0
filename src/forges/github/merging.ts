// Merging a GitHub pull request at the checked head, and opening one. PUT /pulls/:n/merge takes the sha
// and a merge_method the repository allows; it answers 405 when the PR cannot be merged (or the method is
// not allowed), 409 when the head is no longer the sha, 422 when GitHub refuses the input; 403 when the
// token may not. GitHub's list of PRs does not say whether one can merge, so the plan asks (the single PR).
// POST /pulls answers 422 "A pull request already exists for owner:branch." when one is open.
import type { MergeOutcome, MergePlan, MergeRequestInput } from '../../core/merging';
import type { MergeRequestRef } from '../../core/model';
import { ForgeError, isForgeError, withReason } from '../errors';
import type { MergeRequestCreation, MergeRequestMerging } from '../forge';
import type { HttpClient } from '../http';
import { createPullRequest, repoApiPath } from '../checkRuns/pullRequests';
import { GITHUB_MERGE_METHODS, mapPullMergeability, mapRepoMergeSettings } from './map';

function mergeRefusal(error: unknown): never {
  if (!isForgeError(error)) throw error;
  const reason = ({ 403: 'mergeNotAllowed', 405: 'notMergeable', 409: 'mergeHeadMoved', 422: 'cannotBeMerged' } as const)[error.status ?? 0];
  throw reason ? withReason(error, reason) : error;
}

function createRefusal(error: unknown): never {
  if (!isForgeError(error)) throw error;
  if (error.status === 422) throw withReason(error, /already exists/i.test(error.detail ?? '') ? 'mergeRequestExists' : 'mergeRequestRefused');
  throw error.status === 403 ? withReason(error, 'notAllowed') : error;
}

export class GitHubMerging implements MergeRequestMerging, MergeRequestCreation {
  readonly asksFirst = true;
  constructor(private readonly http: HttpClient) {}

  async plan(mr: MergeRequestRef, signal?: AbortSignal): Promise<MergePlan> {
    const base = repoApiPath(mr.projectPath);
    const [repo, pull] = await Promise.all([this.http.get(base, { signal }), this.http.get(`${base}/pulls/${mr.number}`, { signal })]);
    const now = mapPullMergeability(pull.data);
    // Checked before anything is sent: the head the user saw is the only one MR Gates merges.
    if (now.headSha !== mr.headSha) throw withReason(new ForgeError('conflict', `the head is now ${now.headSha.slice(0, 8)}`, 409), 'mergeHeadMoved');
    if (!now.mergeable) throw withReason(new ForgeError('unprocessable', `mergeable_state: ${now.state}`), 'notMergeable');
    const settings = mapRepoMergeSettings(repo.data);
    const method = settings.methods[0];
    if (!method) throw withReason(new ForgeError('unprocessable', 'the repository allows no merge method'), 'notMergeable');
    return { method, methods: settings.methods, squash: method === 'squash', deleteSourceBranch: settings.deleteSourceBranch, sha: mr.headSha, whenChecksPass: false };
  }

  async merge(mr: MergeRequestRef, plan: MergePlan, signal?: AbortSignal): Promise<MergeOutcome> {
    // delete_branch_on_merge is the repository's to apply; the API has no parameter for it.
    const body = { sha: plan.sha, merge_method: GITHUB_MERGE_METHODS[plan.method] ?? 'merge' };
    await this.http.send('PUT', `${repoApiPath(mr.projectPath)}/pulls/${mr.number}/merge`, { body, signal }).catch(mergeRefusal);
    return { kind: 'merged' };
  }

  create(projectPath: string, input: MergeRequestInput, signal?: AbortSignal): Promise<MergeRequestRef> {
    return createPullRequest(this.http, projectPath, input, createRefusal, signal);
  }
}
