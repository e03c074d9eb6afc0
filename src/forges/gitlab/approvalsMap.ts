// Raw GitLab approvals JSON -> the neutral Approvals: part of map.ts (re-exported there), kept apart for
// the file size. GET .../approvals is API::Entities::MergeRequestApprovals on Free (approved_by,
// user_has_approved, user_can_approve) and EE's ApprovalState on Premium (adds approvals_required,
// approvals_left); GET .../approval_state (Premium) lists the rules.
import type { ApprovalRule, Approvals, Approver } from '../../core/approvals';
import { asArray, asObject, optionalObject, optionalString, requiredString, type JsonObject } from '../json';

function approver(user: JsonObject): Approver {
  return { username: requiredString(user, 'username', 'approver'), name: optionalString(user, 'name') };
}

const optionalCount = (obj: JsonObject, key: string): number | undefined =>
  typeof obj[key] === 'number' && Number.isSafeInteger(obj[key]) && (obj[key] as number) >= 0 ? (obj[key] as number) : undefined;
const optionalFlag = (obj: JsonObject, key: string): boolean | undefined => (typeof obj[key] === 'boolean' ? (obj[key] as boolean) : undefined);

/** GET/POST .../approvals, .../approve, .../unapprove. `approved_by` items are `{ user, approved_at }`. */
export function mapApprovals(raw: unknown): Omit<Approvals, 'rules'> {
  const body = asObject(raw, 'GitLab approvals');
  const approvedBy = (Array.isArray(body.approved_by) ? body.approved_by : []).flatMap((item) => {
    const user = optionalObject(asObject(item, 'an approval'), 'user');
    return user ? [approver(user)] : [];
  });
  return {
    approvedBy,
    required: optionalCount(body, 'approvals_required'),
    left: optionalCount(body, 'approvals_left'),
    userCanApprove: optionalFlag(body, 'user_can_approve'),
    userHasApproved: optionalFlag(body, 'user_has_approved'),
  };
}

/** GET .../approval_state: the MR's approval rules, with who approved under each. */
export function mapApprovalRules(raw: unknown): ApprovalRule[] {
  const body = asObject(raw, 'GitLab approval state');
  const rules = body.rules === undefined || body.rules === null ? [] : asArray(body.rules, 'approval_state.rules');
  return rules.map((item) => {
    const rule = asObject(item, 'an approval rule');
    const approvedBy = (Array.isArray(rule.approved_by) ? rule.approved_by : []).map((u) => approver(asObject(u, 'an approver')));
    return { name: requiredString(rule, 'name', 'approval rule'), required: optionalCount(rule, 'approvals_required') ?? 0, approvedBy, approved: optionalFlag(rule, 'approved') };
  });
}
