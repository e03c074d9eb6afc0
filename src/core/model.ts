// The forge-neutral model: a gate is one MR/PR at one head sha, with its checks.
import type { CheckState } from './states';

export type CheckKind = 'externalStatusCheck' | 'commitStatus' | 'pipeline' | 'job' | 'bridge' | 'checkRun';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface Annotation {
  /** Path as the forge gave it, relative to the repository root. */
  readonly path: string;
  /** 1-based, as forges send them. */
  readonly startLine: number;
  readonly endLine: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly title?: string;
  readonly rawDetails?: string;
}

/** A button a check offers (`actions` of a check run), or an operation the forge has an API for. */
export interface CheckAction {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

export interface Check {
  /** Stable within the gate: `kind:forgeId`. */
  readonly id: string;
  readonly kind: CheckKind;
  /** The forge's own id (status check id, job id, status name…), for the commands. */
  readonly forgeId: string;
  readonly name: string;
  readonly state: CheckState;
  /** The forge's own word, kept for tooltips and for strings we did not know. */
  readonly rawState: string;
  readonly url?: string;
  readonly description?: string;
  readonly sha?: string;
  /** Grouping under the gate, e.g. a pipeline stage. */
  readonly group?: string;
  /** The git ref a commit status was set for; kept when the status is set again. */
  readonly ref?: string;
  /** A job whose failure does not block the pipeline. */
  readonly allowFailure?: boolean;
  readonly durationSeconds?: number;
  /** Extra words for the tooltip (e.g. why a status check may still time out). */
  readonly note?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly annotations?: readonly Annotation[];
  readonly output?: CheckOutput;
  readonly actions?: readonly CheckAction[];
  /** What the user may do with it; becomes contextValue flags in the tree. */
  readonly capabilities: readonly CheckCapability[];
  /**
   * The forge project the check lives in, when it is not the MR's own (a fork MR's pipeline lives in
   * the fork, its commit statuses in its source project). Commands on the check go there.
   */
  readonly projectRef?: string;
}

/** A check run's report: Markdown from a third party, shown untrusted. */
export interface CheckOutput {
  readonly summary?: string;
  readonly text?: string;
  readonly images: readonly { readonly alt: string; readonly url: string; readonly caption?: string }[];
}

export type CheckCapability = 'retryable' | 'settable' | 'playable' | 'hasActions' | 'openable' | 'stale';

export interface MergeRequestRef {
  /** `!12` on GitLab, `#12` on Gitee/GitHub. */
  readonly reference: string;
  readonly number: number;
  readonly title: string;
  readonly webUrl: string;
  /** Where the MR lives: for an MR from a fork, the upstream project. */
  readonly projectPath: string;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly headSha: string;
  readonly author?: string;
  readonly draft?: boolean;
  /** The forge's reason the merge is blocked, as its own word (GitLab detailed_merge_status). */
  readonly mergeStatus?: string;
  /** The project the source branch lives in, when it is not `projectPath` (an MR from a fork). */
  readonly sourceProjectRef?: string;
  /** The forge's own record id of the MR/PR, where an API wants it rather than the number (Gitee's pull_request_id). */
  readonly globalId?: string;
  /**
   * Why the forge's data for this MR cannot be used (e.g. its head is not a commit sha). Such an MR is
   * shown with this as its error and nothing is read for it; the other MRs are unaffected.
   */
  readonly defect?: string;
}

/** A finding a forge reported on a line of a file: it becomes an editor diagnostic. */
export interface Finding extends Annotation {
  /** Which collection it belongs to, e.g. `codeQuality`, `commitComments`, `checkRuns`. */
  readonly source: string;
  /** The sha the finding was reported for (stale when it is not the local HEAD). */
  readonly sha: string;
  /** Who or what reported it: a check name, a comment author. */
  readonly origin?: string;
}

export interface Gate {
  readonly mergeRequest: MergeRequestRef;
  readonly checks: readonly Check[];
  /** The head pipeline, when the forge has one for the MR. */
  readonly pipeline?: Check;
  /** Findings on files, fetched with the gate when diagnostics are on. */
  readonly findings: readonly Finding[];
  /** Kinds of check the forge would not list for this project (e.g. a tier without the feature). */
  readonly unavailable?: readonly CheckKind[];
  /** The forge asked not to be polled more often than this (GitLab Poll-Interval). */
  readonly pollIntervalMs?: number;
  /** What the user should know about what is (not) shown: a list cut short, a part the forge refused. */
  readonly notes?: readonly GateNote[];
}

export type GateNote =
  /** The forge's list had more than MR Gates reads: only the first `shown` are listed. */
  | { readonly code: 'listCut'; readonly kind: CheckKind; readonly shown: number }
  /** Gitee lists check runs to repository administrators only. */
  | { readonly code: 'checkRunsAdminOnly' }
  /** One part of the gate could not be read; the rest is shown. */
  | { readonly code: 'partFailed'; readonly kind: CheckKind; readonly errorKind: string; readonly message: string };
