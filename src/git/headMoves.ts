// When the branch's MR is about to get a new head: the branch was pushed (its upstream now points at
// HEAD, or nothing is left ahead of it), or HEAD moved on the same branch (a commit, a reset). Pure,
// from two snapshots of the git extension's state.
import type { RepoSnapshot } from './repositories';

/** The sha the MR should soon have as its head, or undefined when nothing of the kind happened. */
export function expectedHead(previous: RepoSnapshot | undefined, next: RepoSnapshot): string | undefined {
  if (!previous || !next.headSha || previous.branch !== next.branch || !next.branch) return undefined;
  const pushed = (next.upstreamCommit === next.headSha && previous.upstreamCommit !== next.upstreamCommit) || ((previous.ahead ?? 0) > 0 && next.ahead === 0);
  const moved = previous.headSha !== undefined && previous.headSha !== next.headSha;
  return pushed || moved ? next.headSha : undefined;
}
