// The Awaiting Answer queue (issue 12): checks on open merge requests beyond the current branch that
// wait for the people who answer them. GitLab and JiHu: external status checks pending or failed.
// Gitee: check runs queued or in progress (their services update them). GitHub: pending commit statuses.
import type { Check, ForgeKind, MergeRequestRef } from './model';

/** One check of an open MR that waits for an answer. */
export interface AwaitingAnswer {
  readonly mergeRequest: MergeRequestRef;
  /** The check, on the MR's current head (`check.sha`): an answer is posted for that head. */
  readonly check: Check;
  /**
   * False where the forge says the user may not answer it (GitLab hides a status check's external_url
   * from users below Developer); undefined when the forge does not say.
   */
  readonly answerable?: boolean;
  /** Since when it has waited (ISO 8601), when the forge says: the row's "pending 1m 20s". */
  readonly waitingSince?: string;
}

/** A project the queue reads: a workspace repository's, or one of mrGates.watchedProjects. */
export interface QueueProject {
  readonly forge: ForgeKind;
  readonly origin: string;
  readonly projectPath: string;
}

/** What one read of a project's queue found. */
export interface ProjectQueue {
  readonly project: QueueProject;
  readonly items: readonly AwaitingAnswer[];
  /** Open MRs read (the list may hold MRs with nothing awaiting). */
  readonly openMergeRequests: number;
  /** The list of open MRs was cut (the page cap): what was read is shown. */
  readonly cut?: boolean;
}
