// The forge-neutral model: a gate is one MR/PR at one head sha, with its checks. Every type that crosses
// a layer lives here (forges, users, projects, checks, gates, findings, outcomes and their reasons),
// so the adapters, the state, the views and the commands share one vocabulary.
import type { Approvals } from './approvals';
import type { CheckState } from './states';
import type { Mergeable } from './merging';
import type { ReasonCode } from './reasonCodes';

export type ForgeKind = 'gitlab' | 'gitee' | 'github';
export const FORGE_KINDS: readonly ForgeKind[] = ['gitlab', 'gitee', 'github'];
export const FORGE_DISPLAY_NAMES: Record<ForgeKind, string> = { gitlab: 'GitLab', gitee: 'Gitee', github: 'GitHub' };

/** One entry of the `mrGates.instances` setting. `url` may carry a path prefix (https://host/gitlab). */
export interface InstanceConfig {
  readonly url: string;
  readonly forge: ForgeKind;
}

/** Where a repository lives: which forge, which instance, which project on it. */
export interface ForgeLocation {
  readonly forge: ForgeKind;
  /** scheme://host[:port][/prefix], no trailing slash. The key for tokens. */
  readonly origin: string;
  /** `group/sub/project` for GitLab, `owner/repo` for Gitee and GitHub. Never starts or ends with `/`. */
  readonly projectPath: string;
}

export interface ForgeUser {
  readonly username: string;
  readonly name?: string;
  readonly webUrl?: string;
}

export interface ForgeProject {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly webUrl: string;
  readonly defaultBranch?: string;
  /** The project this one was forked from, where its merge requests usually go. */
  readonly upstreamPath?: string;
}

/** How a forge call failed, in words the UI can put to a user (ForgeError carries one). */
export type ForgeErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'unprocessable'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'canceled'
  | 'badResponse'
  | 'insecure';

// Why an outcome is what it is (reasonCodes.ts), re-exported: every layer names it from here.
export type { ReasonCode };

/** A status to set on a check, in the forge's own words (one of StatusSetting.choices). */
export interface StatusInput {
  readonly state: string;
  /** A commit status's description, or a check run's output title. */
  readonly description?: string;
  readonly targetUrl?: string;
  /** A check run's output summary (Markdown). */
  readonly summary?: string;
}

/** MR Gates' own actions on a check: an adapter names one, the views word it in the display language. */
export const OWN_OFFER_KINDS = ['playJob', 'retryJob', 'resendStatusCheck', 'rerunCheckRun', 'openCheckPage', 'openDetailsPage'] as const;
export type OwnOfferKind = (typeof OWN_OFFER_KINDS)[number];

/**
 * Something the user can do with a check: through the forge's API, or only in the browser (`url`, and
 * `reason`: why there is no API). An offer of MR Gates' own is only its kind (an `open…` one shows its
 * url); a check run's button keeps the check service's label and description, third-party text.
 */
export type ActionOffer = { readonly id: string; readonly via: 'api' | 'browser'; readonly url?: string; readonly reason?: ReasonCode } & (
  | { readonly kind: OwnOfferKind }
  | { readonly kind: 'forgeButton'; readonly label: string; readonly description?: string }
);

export type ActionOutcome = { readonly kind: 'done' } | { readonly kind: 'openInBrowser'; readonly url: string; readonly reason?: ReasonCode };

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
  /** A bridge's downstream pipeline's state: the views word it as the bridge's description. */
  readonly downstreamState?: CheckState;
  readonly sha?: string;
  /** Grouping under the gate, e.g. a pipeline stage. */
  readonly group?: string;
  /** The git ref a commit status was set for; kept when the status is set again. */
  readonly ref?: string;
  /** A job whose failure does not block the pipeline. */
  readonly allowFailure?: boolean;
  /**
   * Whether the merge waits for this check, as the forge's rules say: true (required), false (optional),
   * undefined when they could not be read (unknown: a failure still counts as blocking).
   */
  readonly required?: boolean;
  /** A required check that has not reported on the head yet: shown pending, as "expected". */
  readonly expected?: boolean;
  readonly durationSeconds?: number;
  /** Extra words for the tooltip (e.g. why a status check may still time out). */
  readonly note?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** A check run's report. Its annotations are findings of the gate (Gate.findings, with this check's id). */
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

export type CheckCapability = 'retryable' | 'settable' | 'playable' | 'hasActions' | 'openable' | 'stale' | 'hasLog';

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
  readonly authorUsername?: string;
  readonly draft?: boolean;
  /** The forge's reason the merge is blocked, as its own word (GitLab detailed_merge_status). */
  readonly mergeStatus?: string;
  /** GitLab has_conflicts. */
  readonly hasConflicts?: boolean;
  /** GitLab blocking_discussions_resolved: false while a thread the project requires resolved is open. */
  readonly threadsResolved?: boolean;
  /** The project the source branch lives in, when it is not `projectPath` (an MR from a fork). */
  readonly sourceProjectRef?: string;
  readonly mergeable?: Mergeable;
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
  /** The check that reported it (a check run, the job whose Code Quality report it is in), if any. */
  readonly checkId?: string;
}

export interface Gate {
  readonly mergeRequest: MergeRequestRef;
  readonly checks: readonly Check[];
  /** The head pipeline, when the forge has one for the MR. */
  readonly pipeline?: Check;
  /** Findings on files, fetched with the gate when diagnostics are on. */
  readonly findings: readonly Finding[];
  /**
   * The checks are known and their findings still being read (a first read of many annotated runs
   * takes several round trips): the gate is shown at once, and replaced when they have come.
   */
  readonly findingsPending?: true;
  /** Kinds of check the forge would not list for this project (e.g. a tier without the feature). */
  readonly unavailable?: readonly CheckKind[];
  /** The forge asked not to be polled more often than this (GitLab Poll-Interval). */
  readonly pollIntervalMs?: number;
  /** What the user should know about what is (not) shown: a list cut short, a part the forge refused. */
  readonly notes?: readonly GateNote[];
  /** Who approved and how many are required (core/approvals.ts); never counted among the checks. */
  readonly approvals?: Approvals;
  /**
   * Every merge check the forge says blocks the merge, when it can list them all (GitLab's GraphQL
   * mergeabilityChecks); undefined where only detailed_merge_status was read, which names the first.
   */
  readonly mergeChecks?: readonly MergeCheck[];
}

/** One of the forge's own merge checks that blocks: its word as detailed_merge_status spells it (`need_rebase`). */
export interface MergeCheck {
  readonly identifier: string;
  readonly status: 'failed' | 'checking';
}

export type GateNote =
  /** The forge's list had more than MR Gates reads: only the first `shown` are listed. */
  | { readonly code: 'listCut'; readonly kind: CheckKind; readonly shown: number }
  /** Gitee lists check runs to repository administrators only. */
  | { readonly code: 'checkRunsAdminOnly' }
  /** One part of the gate could not be read; the rest is shown. */
  | { readonly code: 'partFailed'; readonly kind: CheckKind; readonly errorKind: string; readonly message: string };

/** Every check of a gate, its head pipeline included. */
export function allChecks(gate: Gate): Check[] {
  return gate.pipeline ? [...gate.checks, gate.pipeline] : [...gate.checks];
}

/** The findings one check reported, in the order the forge gave them. */
export function findingsOf(gate: Gate, checkId: string): readonly Finding[] {
  return findingsByCheck(gate).get(checkId) ?? [];
}

const byCheckOfGate = new WeakMap<Gate, ReadonlyMap<string, readonly Finding[]>>();

/** The gate's findings per check id, grouped once per gate: a tree of 500 runs asks 500 times. */
export function findingsByCheck(gate: Gate): ReadonlyMap<string, readonly Finding[]> {
  let grouped = byCheckOfGate.get(gate);
  if (!grouped) {
    const map = new Map<string, Finding[]>();
    for (const finding of gate.findings) {
      if (finding.checkId === undefined) continue;
      const list = map.get(finding.checkId);
      if (list) list.push(finding);
      else map.set(finding.checkId, [finding]);
    }
    byCheckOfGate.set(gate, (grouped = map));
  }
  return grouped;
}
