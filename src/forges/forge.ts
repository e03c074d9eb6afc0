// The one contract every forge adapter implements. Reading gates is required; everything else is an
// optional capability the adapter declares, and commands ask for the capability, never for the forge.
// No `vscode` here: adapters run in plain Node too. The types they speak are in core/model.ts.
import type { CheckState } from '../core/states';
import type {
  ActionOffer, ActionOutcome, Check, ForgeKind, ForgeProject, ForgeUser, Gate, MergeRequestRef, StatusInput,
} from '../core/model';
import type { ProjectStatusCheck, StatusCheckServiceInput } from '../core/statusCheckServices';
import type { MergeOutcome, MergePlan, MergeRequestInput } from '../core/merging';
import type { AwaitingAnswer } from '../core/queue';
import type { RateBudget } from './rateBudget';

/** What the extension asks of a forge. Every call takes an AbortSignal; failures are ForgeError. */
export interface GateReadOptions {
  readonly withFindings: boolean;
  readonly signal?: AbortSignal;
  readonly onChecks?: (gate: Gate) => void;
}

export interface ForgeAdapter {
  readonly kind: ForgeKind;
  readonly origin: string;
  /** The current-user call, used to validate a token at sign-in. */
  getCurrentUser(signal?: AbortSignal): Promise<ForgeUser>;
  getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject>;
  /** Open MRs/PRs whose source is this project's branch (for a fork, they may live upstream). */
  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]>;
  /** `onChecks` may be called once, with the checks and no findings yet, when reading those will take long. */
  loadGate(mr: MergeRequestRef, options: GateReadOptions): Promise<Gate>;

  /** Setting a check's status (answering a status check, posting a commit status, updating a run). */
  readonly statuses?: StatusSetting;
  /** Re-running a failed check. */
  readonly retries?: CheckRetries;
  /** What else can be done with a check, and doing it. */
  readonly actions?: CheckActions;
  /** A job's log (GitLab job trace, GitHub Actions job logs), for checks with the `hasLog` capability. */
  readonly logs?: JobLogs;
  /** A maintainer's administration of the project's external status check services. */
  readonly statusCheckAdmin?: StatusCheckAdministration;
  /** Approving the MR (GitHub and Gitee: an approving review), and revoking one's approval (GitLab). */
  readonly approvals?: ApprovalActions;
  /** Merging an MR, exactly at the head that was checked. */
  readonly merging?: MergeRequestMerging;
  /** Opening a new MR for a branch. */
  readonly creating?: MergeRequestCreation;
  /** The open MRs of a project with checks awaiting an answer (the Awaiting Answer view). */
  readonly queue?: AwaitingAnswers;
  /** One MR by its number (Open Merge Request…: a pasted URL, `!IID`, `#N`). */
  readonly mergeRequests?: MergeRequestLookup;
  /** The rate-limit budget the forge last reported, and the answers it has counted so far. */
  rateStatus(): RateStatus;
}

export interface RateStatus {
  readonly budget?: RateBudget;
  readonly counted: number;
}

export interface StatusSetting {
  /** The states `set` accepts for this check, in the forge's words; empty when it cannot be set. */
  choices(check: Check): readonly string[];
  /** What one of those choices is in MR Gates' own states, for the words and icons the user sees. */
  stateOf(check: Check, choice: string): CheckState;
  /** The most characters the forge takes in a description or target URL, when it has a limit. */
  textLimit?(check: Check): number | undefined;
  /** A choice that cannot be undone (a check run's conclusion): the command confirms it first. */
  isFinal?(check: Check, state: string): boolean;
  set(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void>;
}

export interface CheckRetries {
  /** Re-runs a check; a forge without an endpoint for it answers with a page to open instead. */
  retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome>;
}

export interface CheckActions {
  offersFor(check: Check): readonly ActionOffer[];
  run(mr: MergeRequestRef, check: Check, actionId: string, variables?: Record<string, string>, signal?: AbortSignal): Promise<ActionOutcome>;
}

export interface JobLogs {
  /** The end of the log, at most `keepBytes` of it. */
  read(mr: MergeRequestRef, check: Check, keepBytes: number, signal?: AbortSignal): Promise<JobLog>;
}

export interface JobLog {
  /** As the forge sent it: terminal escapes and all (core/logText.ts cleans it for reading). */
  readonly text: string;
  readonly totalBytes: number;
  /** `head`: only the end was kept. `tooLong`: the log is longer than MR Gates reads; what is shown stops there. */
  readonly cut?: 'head' | 'tooLong';
}

/** Reading stops after this much of a log (GitLab's trace has no ranges, so it is read from its start). */
export const LOG_STREAM_LIMIT_BYTES = 64 * 1024 * 1024;
/** A log is read for a person, so it gets longer than a JSON answer. */
export const LOG_TIMEOUT_MS = 60_000;

/** What the forges' refusals of a log read mean. */
export const LOG_REFUSALS = { forbidden: 'logNotAllowed', unauthorized: 'logNotAllowed', notFound: 'logGone' } as const;

export interface StatusCheckAdministration {
  list(projectPath: string, signal?: AbortSignal): Promise<ProjectStatusCheck[]>;
  protectedBranches(projectPath: string, signal?: AbortSignal): Promise<{ id: number; name: string }[]>;
  create(projectPath: string, input: StatusCheckServiceInput, signal?: AbortSignal): Promise<ProjectStatusCheck>;
  update(projectPath: string, id: number, input: StatusCheckServiceInput, signal?: AbortSignal): Promise<ProjectStatusCheck>;
  remove(projectPath: string, id: number, signal?: AbortSignal): Promise<void>;
}

export interface ApprovalActions {
  /** Approves the MR as it was read: at `mr.headSha`, where the forge takes a sha. */
  approve(mr: MergeRequestRef, signal?: AbortSignal): Promise<void>;
  /** Revokes the user's approval; absent where the forge has no call for it. */
  unapprove?(mr: MergeRequestRef, signal?: AbortSignal): Promise<void>;
}

export interface MergeRequestMerging {
  /** plan() asks the forge itself whether the MR can merge now, because its MR list does not say. */
  readonly asksFirst?: boolean;
  /** What a merge of the MR at its current head would do, from the project's defaults. */
  plan(mr: MergeRequestRef, signal?: AbortSignal): Promise<MergePlan>;
  /** Merges at `plan.sha` (or sets the merge for when the pipeline succeeds); a refusal is a ForgeError with its reason. */
  merge(mr: MergeRequestRef, plan: MergePlan, signal?: AbortSignal): Promise<MergeOutcome>;
}

export interface MergeRequestCreation {
  /** Opens the MR in `projectPath`; one already open for the branch is a ForgeError with reason `mergeRequestExists`. */
  create(projectPath: string, input: MergeRequestInput, signal?: AbortSignal): Promise<MergeRequestRef>;
}

export interface AwaitingAnswers {
  /**
   * The checks awaiting an answer on the project's open MRs: the open MRs a page at a time, then their
   * checks in parallel under the client's per-origin limit, every read conditional.
   */
  read(projectPath: string, signal?: AbortSignal): Promise<{ readonly items: readonly AwaitingAnswer[]; readonly openMergeRequests: number; readonly cut?: boolean }>;
}

export interface MergeRequestLookup {
  /** The open or closed MR/PR `number` of the project; a ForgeError notFound when there is none. */
  find(projectPath: string, number: number, signal?: AbortSignal): Promise<MergeRequestRef>;
}
