// Finding the open PRs of a branch, shared by Gitee and GitHub, whose pull APIs have the same shape:
// look in the repository and, for a fork, in its parent; keep only PRs whose head is this branch of
// this repository, so a fork's PR from a branch of the same name is never taken for ours.
import type { MergeRequestInput } from '../../core/merging';
import type { MergeRequestRef } from '../../core/model';
import type { HttpClient } from '../http';
import type { PaginationStyle } from '../pagination';
import { SharedReads } from '../sharedReads';
import { mapParentPath, mapPullRequest } from './map';

export const repoApiPath = (path: string): string => `/repos/${path.split('/').map(encodeURIComponent).join('/')}`;

/** The repository (is it a fork?), read once for all the calls of a refresh that need it. */
export class RepoReader {
  private readonly repos = new SharedReads<unknown>();
  constructor(private readonly http: HttpClient) {}

  read(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.repos.read(path, () => this.http.get(repoApiPath(path), { signal }).then((r) => r.data), signal);
  }
}

export async function findPullRequests(
  http: HttpClient,
  repos: RepoReader,
  style: PaginationStyle,
  projectPath: string,
  branch: string,
  /** The `head` filter for a home repository: GitHub always wants OWNER:BRANCH, Gitee accepts the bare branch. */
  headFilter: (home: string, owner: string) => string,
  signal?: AbortSignal,
  /** What the forge's list item says about merging it (Gitee's does; GitHub's does not). */
  standingOf?: (raw: unknown) => Pick<MergeRequestRef, 'mergeable' | 'mergeStatus'>,
): Promise<MergeRequestRef[]> {
  const owner = projectPath.split('/')[0];
  const openPulls = async (home: string) => {
    const items = await http.paginate<unknown>(`${repoApiPath(home)}/pulls`, style, { query: { head: headFilter(home, owner), state: 'open', per_page: 100 }, signal });
    return items.map((item) => ({ ...mapPullRequest(item, home), ...standingOf?.(item) }));
  };
  // The repository's own PRs go out with the repository read; only a fork waits for it to ask its parent.
  const [repository, own] = await Promise.all([repos.read(projectPath, signal), openPulls(projectPath)]);
  const parent = mapParentPath(repository);
  const upstream = parent ? await openPulls(parent) : [];
  return [...own, ...upstream]
    .filter((pr) => pr.sourceBranch === branch && (!pr.headRepo || pr.headRepo === projectPath))
    .map(({ headRepo: _, ...ref }) => ref);
}

/**
 * The API path of a read about the PR's target branch (`rules/branches/…`, `branches/…`). A branch name
 * is a path there (x-multi-segment); one that would climb out of it is not sent (undefined).
 */
export function targetBranchPath(mr: MergeRequestRef, under: string): string | undefined {
  const segments = mr.targetBranch.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return `${repoApiPath(mr.projectPath)}/${under}/${segments.map(encodeURIComponent).join('/')}`;
}

/** The `head` of a new PR: the bare branch in the same repository, `owner:branch` from a fork. */
export function headOf(projectPath: string, input: MergeRequestInput): string {
  const fork = input.sourceProjectPath;
  return fork && fork !== projectPath ? `${fork.split('/')[0]}:${input.sourceBranch}` : input.sourceBranch;
}

/** POST /repos/:o/:r/pulls, the same on GitHub and Gitee; `refusal` words the forge's own errors. */
export async function createPullRequest(http: HttpClient, projectPath: string, input: MergeRequestInput, refusal: (error: unknown) => never, signal?: AbortSignal): Promise<MergeRequestRef> {
  const body = { title: input.title, head: headOf(projectPath, input), base: input.targetBranch, draft: input.draft };
  const response = await http.send('POST', `${repoApiPath(projectPath)}/pulls`, { body, signal }).catch(refusal);
  const { headRepo: _repo, ...ref } = mapPullRequest(response.data, projectPath);
  return ref;
}
