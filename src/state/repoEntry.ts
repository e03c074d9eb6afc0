// What MR Gates knows about one repository. Plain data: the tree renders it, tests read it.
import { sep } from 'node:path';
import type { ForgeErrorKind, ForgeProject, Gate, MergeRequestRef } from '../core/model';
import type { LinkedMergeRequest } from '../core/mergeRequestLinks';
import type { RateBudget } from '../forges/rateBudget';
import { clampWaitMs } from '../forges/waits';
import type { RemoteChoice } from '../git/remoteChoice';

export type RepoStatus =
  | { readonly kind: 'noRemote'; readonly remoteNames: readonly string[] }
  | { readonly kind: 'noBranch' }
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'ready';
      readonly project: ForgeProject;
      /** The open MRs/PRs of the branch; undefined on a forge whose gates are not supported yet. */
      readonly gates?: readonly GateEntry[];
      /** Set only while the forge's rate-limit budget runs low (below 20 %): the poll is stretched. */
      readonly rateLimit?: LowRateLimit;
    }
  | {
      readonly kind: 'error';
      readonly errorKind: ForgeErrorKind | 'internal';
      readonly message: string;
      readonly status?: number;
      /** For rateLimited: how long the forge asked us to wait; the poller honours it. */
      readonly retryAfterMs?: number;
    };

export interface LowRateLimit {
  readonly budget: RateBudget;
  /** Answers the last refresh of this repository cost. */
  readonly requestsPerPoll: number;
  /** The poll interval the budget allows. */
  readonly intervalMs: number;
}

export interface ErrorInfo {
  readonly errorKind: ForgeErrorKind | 'internal';
  readonly message: string;
  readonly status?: number;
}

/** One MR/PR of the branch: its gate, or why it could not be read. */
export interface GateEntry {
  readonly mergeRequest: MergeRequestRef;
  readonly gate?: Gate;
  readonly error?: ErrorInfo;
}

export interface RepoEntry {
  /** File-system path of the repository root: the id of the repository everywhere. */
  readonly root: string;
  readonly branch?: string;
  readonly headSha?: string;
  readonly remote?: RemoteChoice;
  readonly status: RepoStatus;
  /**
   * Set on a pinned MR (Open Merge Request…): an entry keyed by pinKey() with no local repository,
   * whose one gate is that MR's. Everything that reads gates reads it like a repository's.
   */
  readonly pin?: LinkedMergeRequest;
}

/** The store key of a pinned MR: never a file-system path, so no repository root is ever taken for it. */
export function pinKey(pin: Pick<LinkedMergeRequest, 'origin' | 'projectPath' | 'number'>): string {
  return `pin:${pin.origin}|${pin.projectPath}|${pin.number}`;
}

export function isPinKey(root: string): boolean {
  return root.startsWith('pin:');
}

/** Whether the pin with this key is an MR of the project at this location. */
export function isPinOf(key: string, location: { readonly origin: string; readonly projectPath: string }): boolean {
  return key.startsWith(`pin:${location.origin}|${location.projectPath}|`);
}

/** The MRs/PRs of a repository whose forge answered; none while it is loading, signed out or failing. */
export function readyGates(entry: RepoEntry | undefined): readonly GateEntry[] {
  return entry?.status.kind === 'ready' ? (entry.status.gates ?? []) : [];
}

/** The one id of an MR of a repository, for tree nodes, notifications and caches alike. */
export function mergeRequestKey(root: string, mergeRequest: Pick<MergeRequestRef, 'projectPath' | 'reference'>): string {
  return `${root}|${mergeRequest.projectPath}${mergeRequest.reference}`;
}

/** The project page: what the forge said once it answered, else derived from the remote. */
export function projectPageUrl(entry: RepoEntry): string | undefined {
  if (entry.status.kind === 'ready') return entry.status.project.webUrl;
  const location = entry.remote?.location;
  return location ? `${location.origin}/${location.projectPath}` : undefined;
}

/** The longest wait any repository's forge asked for (Retry-After, Poll-Interval), so the poller does not knock too early. */
export function longestRequestedWaitMs(entries: readonly RepoEntry[]): number {
  const waits = entries.flatMap((e) => {
    if (e.status.kind === 'error') return [e.status.retryAfterMs ?? 0];
    if (e.status.kind === 'ready') return readyGates(e).map((g) => g.gate?.pollIntervalMs ?? 0);
    return [];
  });
  // Each clamped on its own: NaN would poison Math.max, and no forge may ask for more than an hour.
  return Math.max(0, ...waits.map(clampWaitMs));
}

/** The repository holding a file: the innermost root it lies under (repositories may nest). */
export function repoContaining<T extends { readonly root: string }>(entries: readonly T[], fsPath: string): T | undefined {
  return entries.filter((e) => fsPath === e.root || fsPath.startsWith(e.root + sep)).sort((a, b) => b.root.length - a.root.length)[0];
}

/** The longest poll interval a low rate-limit budget allows, over all repositories; 0 when none is low. */
export function budgetWaitMs(entries: readonly RepoEntry[]): number {
  return Math.max(0, ...entries.map((e) => (e.status.kind === 'ready' ? (e.status.rateLimit?.intervalMs ?? 0) : 0)));
}
