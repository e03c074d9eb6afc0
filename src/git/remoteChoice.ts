// Which remote of a repository points at the forge: the rule of DESIGN.md §3 (mrGates.remoteName).
// Pure logic, unit-tested without VS Code.
import type { ForgeLocation, InstanceConfig } from '../core/model';
import { parseRemote } from '../forges/remote';

export interface RemoteLike {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface RemoteChoice {
  readonly remoteName: string;
  readonly remoteUrl: string;
  readonly location: ForgeLocation;
}

/**
 * The configured remote name when set (and only that one), else the branch's upstream remote,
 * then `origin`, then the first remote on a known forge. A remote on an unknown host is skipped
 * unless it was named explicitly, in which case there is no choice at all.
 */
export function chooseRemote(
  remotes: readonly RemoteLike[],
  options: { configuredName?: string; upstreamRemote?: string; instances?: readonly InstanceConfig[] },
): RemoteChoice | undefined {
  const locate = (remote: RemoteLike | undefined): RemoteChoice | undefined => {
    const url = remote?.fetchUrl ?? remote?.pushUrl;
    if (!remote || !url) return undefined;
    const location = parseRemote(url, options.instances);
    return location ? { remoteName: remote.name, remoteUrl: url, location } : undefined;
  };
  const byName = (name: string | undefined) => (name ? remotes.find((r) => r.name === name) : undefined);
  if (options.configuredName) return locate(byName(options.configuredName));
  return locate(byName(options.upstreamRemote)) ?? locate(byName('origin')) ?? remotes.map(locate).find((c) => c !== undefined);
}
