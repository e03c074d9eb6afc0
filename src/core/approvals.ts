// Approvals: a gate group of its own, apart from the checks (they never count in a rollup of checks).
// Who approved, how many approvals are required and left, by which rules, and what the user may do.
import type { CheckState } from './states';

export interface Approver {
  readonly username: string;
  readonly name?: string;
}

/** A rule that asks for approvals (GitLab Premium approval rules, a GitHub ruleset's pull_request rule). */
export interface ApprovalRule {
  readonly name: string;
  readonly required: number;
  readonly approvedBy: readonly Approver[];
  /** The forge's own verdict, when it gives one. */
  readonly approved?: boolean;
}

export interface Approvals {
  readonly approvedBy: readonly Approver[];
  /** How many approvals the merge needs; undefined when the forge does not say (GitLab Free). */
  readonly required?: number;
  /** How many are still missing, when the forge says or it follows from `required`. */
  readonly left?: number;
  readonly rules: readonly ApprovalRule[];
  readonly userCanApprove?: boolean;
  readonly userHasApproved?: boolean;
  /** The forge has a call to revoke an approval (GitLab's unapprove); elsewhere a review stays. */
  readonly revocable?: boolean;
  /** The forge refused the read: the rest of the gate is still shown. */
  readonly refused?: { readonly errorKind: string; readonly message: string };
}

/** Why approving or revoking came out as it did (part of ReasonCode). */
export type ApprovalReasonCode =
  /** The forge does not let this user approve (the author, not an eligible approver, no role). */
  | 'mayNotApprove'
  /** The MR's head moved since it was read: the approval was for an older head. */
  | 'approvalHeadMoved'
  /** There is no approval of the user's to revoke. */
  | 'notApproved';

/** The approvals still missing: `left` as the forge says it, else what `required` leaves open. */
export function approvalsLeft(approvals: Approvals): number | undefined {
  if (approvals.left !== undefined) return Math.max(0, approvals.left);
  return approvals.required === undefined ? undefined : Math.max(0, approvals.required - approvals.approvedBy.length);
}

/** passed when nothing is missing, pending while approvals are missing, neutral when nothing is required or known. */
export function approvalsState(approvals: Approvals): CheckState {
  if (approvals.refused) return 'unknown';
  const left = approvalsLeft(approvals);
  if (left === undefined) return approvals.approvedBy.length > 0 ? 'passed' : 'neutral';
  return left === 0 ? 'passed' : 'pending';
}
