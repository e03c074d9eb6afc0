// The GitLab records of the fake forge (merge requests, status checks and their responses, protected
// branches, comments) and the seeding inputs that create them; GitLabState (gitlab-state.ts) holds them.
import { createHash } from 'node:crypto';
import type { Project, User } from './state';

export type ProjectRef = Project | string | number;
export type UserRef = User | string;
export type MergeRequestState = 'opened' | 'closed' | 'merged' | 'locked';
export const STATUS_CHECK_STATUSES = ['passed', 'failed', 'pending'] as const;
export type StatusCheckStatus = (typeof STATUS_CHECK_STATUSES)[number];
export type GitLabRole = 'guest' | 'reporter' | 'developer' | 'maintainer' | 'owner';
export const ACCESS_LEVELS: Readonly<Record<GitLabRole, number>> = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 };
/** ee/app/models/merge_requests/status_check_response.rb TIMEOUT_INTERVAL. */
export const STATUS_CHECK_TIMEOUT_MS = 2 * 60_000;

export interface GitLabProjectSettings {
  /** licensed_feature_available?(:external_status_checks); every status-check route answers 401 when false. */
  externalStatusChecksLicensed: boolean;
  /** only_allow_merge_if_pipeline_succeeds. */
  pipelineMustSucceed: boolean;
  /** only_allow_merge_if_all_status_checks_passed (EE; the entity has it only where status checks are licensed). */
  statusChecksMustPass: boolean;
  /** username (lower case) -> access level; wins over ForgeState's owner/members (owner 50, member 30). */
  readonly access: Map<string, number>;
  /** The project's merge defaults, as GET /projects/:id shows them (gitlab-merge.ts). */
  merge: GitLabMergeSettings;
}

export interface GitLabMergeSettings {
  mergeMethod: 'merge' | 'rebase_merge' | 'ff';
  squashOption: 'never' | 'always' | 'default_on' | 'default_off';
  removeSourceBranchAfterMerge: boolean;
}

export const DEFAULT_MERGE_SETTINGS: Readonly<GitLabMergeSettings> = { mergeMethod: 'merge', squashOption: 'default_off', removeSourceBranchAfterMerge: true };

export interface ProtectedBranch {
  readonly id: number;
  readonly projectId: number;
  /** A branch name or a wildcard such as `release/*`. */
  readonly name: string;
  readonly createdAt: Date;
}

export interface MergeRequest {
  readonly id: number;
  readonly iid: number;
  /** The target project: the MR lives there. */
  readonly projectId: number;
  /** The fork's id for a fork MR; projectId otherwise. */
  readonly sourceProjectId: number;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  readonly authorId: number;
  /** diff_head_sha. Change it with pushToMergeRequest(). */
  headSha: string;
  baseSha: string;
  /** Earlier head shas, oldest first. */
  readonly previousShas: string[];
  state: MergeRequestState;
  draft: boolean;
  /** Explicit detailed_merge_status; when undefined it is computed (not_open, draft_status, mergeable). */
  detailedMergeStatus?: string;
  /** has_conflicts, when set; else derived from detailed_merge_status, as GitLab reports only the first reason there. */
  hasConflicts?: boolean;
  /** An open thread the project requires resolved (blocking_discussions_resolved false), when set. */
  threadsUnresolved?: boolean;
  mergeError: string | null;
  changesCount: number;
  readonly createdAt: Date;
  updatedAt: Date;
  /** Set by PUT .../merge with auto_merge (merge_when_pipeline_succeeds) while the pipeline runs. */
  autoMerge?: boolean;
  squash?: boolean;
  shouldRemoveSourceBranch?: boolean;
  mergeCommitSha?: string;
  /** A test's knob: the next merge fails in MergeService with this merge_error (the API answers 422). */
  mergeFails?: string;
}

export interface ExternalStatusCheck {
  readonly id: number;
  readonly projectId: number;
  name: string;
  externalUrl: string;
  protectedBranchIds: number[];
  /** Never rendered; the entity says hmac: true when set. */
  sharedSecret?: string;
}

export interface StatusCheckResponse {
  readonly id: number;
  readonly mergeRequestId: number;
  readonly checkId: number;
  readonly sha: string;
  status: StatusCheckStatus;
  readonly createdAt: Date;
  retriedAt?: Date;
}

export interface CommitComment {
  readonly projectId: number;
  readonly sha: string;
  readonly note: string;
  readonly path: string | null;
  readonly line: number | null;
  readonly lineType: 'new' | 'old' | null;
  readonly authorId: number;
  readonly createdAt: Date;
}

/** One re-send of an MR to a check's external service (what POST .../retry triggers). */
export interface StatusCheckRetry {
  readonly checkId: number;
  readonly mergeRequestIid: number;
  readonly sha: string;
  readonly at: Date;
}

export interface NewMergeRequest {
  project: ProjectRef;
  iid?: number;
  title: string;
  description?: string;
  sourceBranch: string;
  targetBranch?: string;
  author: UserRef;
  /** Path (or id) of the fork the MR comes from; the MR itself lives in `project`. */
  sourceProject?: ProjectRef;
  headSha: string;
  baseSha?: string;
  state?: MergeRequestState;
  draft?: boolean;
  detailedMergeStatus?: string;
  mergeError?: string | null;
  changesCount?: number;
  createdAt?: Date;
}

export interface NewExternalStatusCheck {
  project: ProjectRef;
  name: string;
  externalUrl: string;
  protectedBranchIds?: number[];
  sharedSecret?: string;
}

export interface NewStatusCheckResponse {
  mergeRequest: MergeRequest;
  check: ExternalStatusCheck | number;
  status: StatusCheckStatus;
  /** Default: the MR's current head sha. */
  sha?: string;
  /** Default: clock now. */
  createdAt?: Date;
}

export interface NewCommitComment {
  project: ProjectRef;
  sha: string;
  note: string;
  path?: string;
  line?: number;
  lineType?: 'new' | 'old';
  author: UserRef;
}


/** A stable fake sha for a name (e.g. the tip of a target branch). */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** `*` matches anything, as in GitLab's wildcard protected branches. */
export function branchMatches(pattern: string, branch: string): boolean {
  if (!pattern.includes('*')) return pattern === branch;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(branch);
}
