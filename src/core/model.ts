// The forge-neutral model: a gate is one MR/PR at one head sha, with its checks.
import type { CheckState } from './states';

export type CheckKind = 'externalStatusCheck' | 'commitStatus' | 'pipeline' | 'job' | 'checkRun';

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
  readonly name: string;
  readonly state: CheckState;
  /** The forge's own word, kept for tooltips and for strings we did not know. */
  readonly rawState: string;
  readonly url?: string;
  readonly description?: string;
  readonly sha?: string;
  /** Grouping under the gate, e.g. a pipeline stage. */
  readonly group?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly annotations?: readonly Annotation[];
  readonly actions?: readonly CheckAction[];
  /** What the user may do with it; becomes contextValue flags in the tree. */
  readonly capabilities: readonly CheckCapability[];
}

export type CheckCapability = 'retryable' | 'settable' | 'playable' | 'hasActions' | 'openable';

export interface MergeRequestRef {
  /** `!12` on GitLab, `#12` on Gitee/GitHub. */
  readonly reference: string;
  readonly number: number;
  readonly title: string;
  readonly webUrl: string;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly headSha: string;
  readonly author?: string;
}

export interface Gate {
  readonly mergeRequest: MergeRequestRef;
  readonly checks: readonly Check[];
  /** When the gate was read, ms since the epoch. */
  readonly fetchedAt: number;
}
