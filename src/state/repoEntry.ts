// What MR Gates knows about one repository. Plain data: the tree renders it, tests read it.
import type { ForgeProject, ForgeUser } from '../forges/forge';
import type { ForgeErrorKind } from '../forges/errors';
import type { RemoteChoice } from '../git/remoteChoice';

export type RepoStatus =
  | { readonly kind: 'noRemote'; readonly remoteNames: readonly string[] }
  | { readonly kind: 'noBranch' }
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly project: ForgeProject; readonly user?: ForgeUser }
  | { readonly kind: 'error'; readonly errorKind: ForgeErrorKind | 'internal'; readonly message: string; readonly status?: number };

export interface RepoEntry {
  /** File-system path of the repository root: the id of the repository everywhere. */
  readonly root: string;
  readonly branch?: string;
  readonly headSha?: string;
  readonly remote?: RemoteChoice;
  readonly status: RepoStatus;
}

/** The project page: what the forge said once it answered, else derived from the remote. */
export function projectPageUrl(entry: RepoEntry): string | undefined {
  if (entry.status.kind === 'ready') return entry.status.project.webUrl;
  const location = entry.remote?.location;
  return location ? `${location.origin}/${location.projectPath}` : undefined;
}
