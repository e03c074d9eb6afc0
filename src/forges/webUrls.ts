// Web pages that need no API call, per forge.
import type { ForgeKind } from '../core/model';

/** Where a user creates an MR/PR for a branch. */
export function newMergeRequestUrl(forge: ForgeKind, projectWebUrl: string, branch: string): string {
  const b = encodeURIComponent(branch);
  switch (forge) {
    case 'gitlab':
      return `${projectWebUrl}/-/merge_requests/new?merge_request%5Bsource_branch%5D=${b}`;
    case 'gitee':
      return `${projectWebUrl}/pulls/new?source=${b}`;
    case 'github':
      return `${projectWebUrl}/compare/${b}?expand=1`;
  }
}
