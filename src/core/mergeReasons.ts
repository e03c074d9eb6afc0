// Every reason a merge request cannot merge yet, from what was read: its required checks and missing
// approvals (each forge), and what the forge says of the MR itself (draft, conflicts, unresolved threads,
// GitLab's detailed_merge_status, GitHub's mergeable_state and Gitee's mergeable, in GitLab's words).
// GitLab's detailed_merge_status stops at the first failing check, so the reasons are gathered from the
// MR's fields and checks instead, and the status adds only what they do not already say. Where GitLab
// listed every merge check (gate.mergeChecks, from GraphQL), each failing one adds its reason the same way.
import { allChecks, type Gate } from './model';
import { approvalsLeft } from './approvals';
import { blocksAsFailed } from './rollup';

export type MergeReason =
  /** Required checks (or checks of unknown requirement: `unknown` of them) that failed. */
  | { readonly code: 'checksFailing'; readonly count: number; readonly unknown?: number }
  /** Required checks still pending, running or expected. */
  | { readonly code: 'checksWaiting'; readonly count: number }
  /** Approvals the merge still needs. */
  | { readonly code: 'approvalsMissing'; readonly count: number }
  | { readonly code: 'draft' }
  | { readonly code: 'conflicts' }
  | { readonly code: 'threads' }
  /** What the forge says besides, in its own word (GitLab's detailed_merge_status, or one of its merge checks). */
  | { readonly code: 'forge'; readonly status: string };

/** GitLab statuses the reasons above already say, and the statuses that mean "it can merge". */
const SAID_BY_CHECKS = new Set(['status_checks_must_pass', 'ci_must_pass', 'ci_still_running']);
const SAID_BY_FIELDS: Record<string, MergeReason['code']> = { not_approved: 'approvalsMissing', draft_status: 'draft', conflict: 'conflicts', cannot_be_merged: 'conflicts', discussions_not_resolved: 'threads' };
/** Statuses that say only "blocked" (GitHub's blocked, Gitee's mergeable false): any reason found says more. */
const SAID_BY_ANY = new Set(['blocked', 'not_mergeable']);
export const MERGEABLE_STATUSES: ReadonlySet<string> = new Set(['mergeable', 'can_be_merged']);

/** The pipeline as a whole decides for its jobs; the other kinds decide each for itself. */
const decides = (gate: Gate) => allChecks(gate).filter((c) => c.kind !== 'job' && c.kind !== 'bridge');

export function mergeReasons(gate: Gate): MergeReason[] {
  const mr = gate.mergeRequest;
  const checks = decides(gate);
  const failed = checks.filter(blocksAsFailed);
  const failing = failed.length;
  const unknown = failed.filter((c) => c.required === undefined).length;
  const waiting = checks.filter((c) => c.required === true && (c.state === 'pending' || c.state === 'running' || c.state === 'action_required')).length;
  const reasons: MergeReason[] = [];
  if (failing) reasons.push(unknown ? { code: 'checksFailing', count: failing, unknown } : { code: 'checksFailing', count: failing });
  if (waiting) reasons.push({ code: 'checksWaiting', count: waiting });
  const approvalsMissing = gate.approvals ? approvalsLeft(gate.approvals) : undefined;
  if (approvalsMissing) reasons.push({ code: 'approvalsMissing', count: approvalsMissing });
  if (mr.draft) reasons.push({ code: 'draft' });
  if (mr.hasConflicts) reasons.push({ code: 'conflicts' });
  if (mr.threadsResolved === false) reasons.push({ code: 'threads' });
  const fields = reasons.map((r) => r.code);
  const said = (word: string) =>
    SAID_BY_CHECKS.has(word) ? failing + waiting > 0 : SAID_BY_ANY.has(word) ? fields.length > 0 : fields.includes(SAID_BY_FIELDS[word]);
  for (const word of forgeWords(gate, said)) reasons.push({ code: 'forge', status: word });
  return reasons;
}

/**
 * What the forge says blocks the merge besides what `said` covers, in its words: detailed_merge_status,
 * and with the full list of merge checks every failing one (those still being checked as one `checking`).
 */
function forgeWords(gate: Gate, said: (word: string) => boolean): string[] {
  const status = gate.mergeRequest.mergeStatus;
  const words = status && !MERGEABLE_STATUSES.has(status) ? [status] : [];
  for (const check of gate.mergeChecks ?? []) if (!said(check.identifier)) words.push(check.status === 'checking' ? 'checking' : check.identifier);
  // While the pipeline runs, GitLab's ci_must_pass is that same wait.
  const running = words.includes('ci_still_running');
  return [...new Set(words)].filter((word) => !said(word) && !(running && word === 'ci_must_pass'));
}

/** The forge said the MR can merge, and nothing read says otherwise. */
export function readyToMerge(gate: Gate): boolean {
  return MERGEABLE_STATUSES.has(gate.mergeRequest.mergeStatus ?? '') && mergeReasons(gate).length === 0;
}
