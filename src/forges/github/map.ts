// Raw GitHub REST JSON -> the forge-neutral model. The only file that knows GitHub's field names.
import type { Check, MergeRequestRef } from '../../core/model';
import type { CheckState } from '../../core/states';
import type { ForgeProject, ForgeUser } from '../forge';
import { isCommitSha } from '../../core/forgeValues';
import { asObject, optionalObject, optionalString, requiredId, requiredNumber, requiredString } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the GitHub user');
  return { username: requiredString(user, 'login', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'html_url') };
}

export function mapRepository(raw: unknown): ForgeProject {
  const repo = asObject(raw, 'the GitHub repository');
  return {
    id: requiredId(repo, 'id', 'repository'),
    path: requiredString(repo, 'full_name', 'repository'),
    name: optionalString(repo, 'name') ?? requiredString(repo, 'full_name', 'repository'),
    webUrl: requiredString(repo, 'html_url', 'repository'),
    defaultBranch: optionalString(repo, 'default_branch'),
  };
}

export interface PullRequest extends MergeRequestRef {
  /** owner/repo the PR's head branch lives in (a fork's, for a PR from a fork). */
  readonly headRepo?: string;
}

/** A PR from GitHub (samples/github-go-scm/pulls.json) or Gitee (samples/gitee-go-scm/pulls.json): same fields. */
export function mapPullRequest(raw: unknown, projectPath: string): PullRequest {
  const pr = asObject(raw, 'a pull request');
  const number = requiredNumber(pr, 'number', 'pull request');
  const head = asObject(pr.head, 'pull request head');
  const base = asObject(pr.base, 'pull request base');
  const headRepo = optionalObject(head, 'repo');
  const user = optionalObject(pr, 'user');
  const headSha = requiredString(head, 'sha', 'pull request head');
  return {
    reference: `#${number}`,
    number,
    title: requiredString(pr, 'title', 'pull request'),
    webUrl: requiredString(pr, 'html_url', 'pull request'),
    projectPath,
    sourceBranch: requiredString(head, 'ref', 'pull request head'),
    targetBranch: requiredString(base, 'ref', 'pull request base'),
    headSha: isCommitSha(headSha) ? headSha.toLowerCase() : '',
    author: user ? (optionalString(user, 'name') ?? optionalString(user, 'login')) : undefined,
    draft: pr.draft === true,
    headRepo: headRepo ? optionalString(headRepo, 'full_name') : undefined,
    globalId: optionalString(pr, 'id'),
    defect: isCommitSha(headSha) ? undefined : `its head is not a commit sha (${JSON.stringify(headSha.slice(0, 80))})`,
  };
}

/** The repository a fork was made from, if it is one. */
export function mapParentPath(raw: unknown): string | undefined {
  const repo = asObject(raw, 'the repository');
  const parent = optionalObject(repo, 'parent');
  return parent ? optionalString(parent, 'full_name') : undefined;
}

const STATUS_STATES: Record<string, CheckState> = { success: 'passed', failure: 'failed', error: 'failed', pending: 'pending' };

/** The states POST /repos/:o/:r/statuses/:sha accepts. */
export const GITHUB_STATUS_STATES = ['error', 'failure', 'pending', 'success'] as const;

/** One entry of the combined status's `statuses` (latest per context; samples/github-go-scm/status.json). */
export function mapCommitStatus(raw: unknown, sha: string): Check {
  const status = asObject(raw, 'a commit status');
  const context = optionalString(status, 'context') ?? 'default';
  const rawState = requiredString(status, 'state', 'commit status');
  const url = optionalString(status, 'target_url') || undefined;
  return {
    id: `commitStatus:${context}`,
    kind: 'commitStatus',
    forgeId: context,
    name: context,
    state: STATUS_STATES[rawState] ?? 'unknown',
    rawState,
    url,
    sha,
    description: optionalString(status, 'description') || undefined,
    capabilities: url ? ['settable', 'openable'] : ['settable'],
  };
}
