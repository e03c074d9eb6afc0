// The reasons an outcome is what it is (model.ts re-exports them), kept apart from model.ts for its size.
import type { ApprovalReasonCode } from './approvals';
import type { MergeReasonCode } from './merging';

/**
 * Why an outcome is what it is, in terms of what the forge allows: an adapter names the reason, and
 * one place (views/reasonWords.ts) turns it into words, so no command needs to know the forge.
 */
export type ReasonCode =
  /** The forge has no API to re-run this check: its page is opened instead. */
  | 'noRerunApi'
  /** No forge lets a client press a check's action button: its page is opened instead. */
  | 'noButtonApi'
  /** The MR's head moved since it was read, so the answer for the old head was refused. */
  | 'shaMoved'
  /** A check run's conclusion cannot be changed once set. */
  | 'finalConclusion'
  /** Only repository administrators may update check runs. */
  | 'adminsOnly'
  /** A pending or running commit status cannot be set to the state it already has. */
  | 'invalidTransition'
  /** An external status check is re-sent only when it has failed. */
  | 'statusCheckNotFailed'
  /** A running, manual or already retried job cannot be retried. */
  | 'jobNotRetryable'
  /** A token can re-run only checks its own app created, or Actions runs it may write to. */
  | 'rerunRefused'
  /** The token may not do this. */
  | 'notAllowed'
  /** The project's tier has no external status checks, or the token lacks the Maintainer role. */
  | 'tierOrRole'
  /** The token may not read this job's log. */
  | 'logNotAllowed'
  /** The job's log is gone: erased, expired, or the job no longer exists. */
  | 'logGone'
  | ApprovalReasonCode
  | MergeReasonCode;
