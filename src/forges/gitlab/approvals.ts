// GitLab merge request approvals (lib/api/merge_request_approvals.rb, ee/lib/ee/api/merge_request_approvals.rb):
// reading them with the gate, approving at the head sha, and revoking one's approval.
import type { Approvals } from '../../core/approvals';
import type { MergeRequestRef } from '../../core/model';
import { ForgeError, isForgeError, reasonsByKind, withReason } from '../errors';
import type { ApprovalActions } from '../forge';
import type { HttpClient } from '../http';
import type { LruMap } from '../../core/lruMap';
import { mapApprovalRules, mapApprovals } from './map';

const enc = encodeURIComponent;
const base = (mr: MergeRequestRef) => `/projects/${enc(mr.projectPath)}/merge_requests/${mr.number}`;

/** A tier without approval rules is asked again only after this long (a refusal carries no validator to poll with). */
const RULES_REFUSED_RETRY_MS = 10 * 60_000;

/** When each project last refused approval_state (GitLab Free): its polls then stay all-304. */
export type RulesRefusals = LruMap<number>;

/**
 * GET .../approvals (every tier) and .../approval_state (Premium: the rules) together. On Free the rules
 * read is refused (403/404): the MR then has no rules, and the project is not asked again for a while.
 * A refused approvals read is kept as `refused`, so the rest of the gate is still shown.
 */
export async function readApprovals(http: HttpClient, mr: MergeRequestRef, refusals: RulesRefusals, signal?: AbortSignal, now: () => number = Date.now): Promise<Approvals> {
  const refusedAt = refusals.get(mr.projectPath);
  const rulesRead = refusedAt !== undefined && now() - refusedAt < RULES_REFUSED_RETRY_MS
    ? Promise.resolve([])
    : http.get(`${base(mr)}/approval_state`, { signal }).then(
        (r) => mapApprovalRules(r.data),
        (e: unknown) => {
          if (!isForgeError(e) || e.kind === 'canceled') throw e;
          if (e.kind === 'forbidden' || e.kind === 'notFound' || e.kind === 'unauthorized') refusals.set(mr.projectPath, now());
          return [];
        },
      );
  try {
    const [approvals, rules] = await Promise.all([http.get(`${base(mr)}/approvals`, { signal }).then((r) => mapApprovals(r.data)), rulesRead]);
    return { ...approvals, rules, revocable: true };
  } catch (e) {
    if (!isForgeError(e) || e.kind === 'canceled') throw e;
    await rulesRead.catch(() => undefined);
    return { approvedBy: [], rules: [], refused: { errorKind: e.kind, message: e.message } };
  }
}

/**
 * approve: `sha` must be the MR's head or GitLab answers 409; 401 when the approval service refuses
 * (the user is no eligible approver, or the author where authors may not approve), 403 without the
 * right to approve; 304 when already approved. unapprove: 304 (older GitLab: 404) when not approved.
 */
export function gitlabApprovals(http: HttpClient): Required<ApprovalActions> {
  return {
    approve: async (mr, signal) => {
      await http.send('POST', `${base(mr)}/approve`, { body: { sha: mr.headSha }, signal }).catch(reasonsByKind({ conflict: 'approvalHeadMoved', unauthorized: 'mayNotApprove', forbidden: 'mayNotApprove' }));
    },
    unapprove: async (mr, signal) => {
      const answer = await http.send('POST', `${base(mr)}/unapprove`, { signal }).catch(reasonsByKind({ notFound: 'notApproved', unauthorized: 'mayNotApprove', forbidden: 'mayNotApprove' }));
      // Newer GitLab answers 304 Not Modified when there is no approval of the user's to remove.
      if (answer.status === 304) throw withReason(new ForgeError('conflict', '304 Not Modified', 304), 'notApproved');
    },
  };
}
