// mrGates.approve (GitLab: approve at the head that was read; GitHub, Gitee: an approving review) and
// mrGates.unapprove (GitLab: revoke one's approval). Offered only where the forge says the user may;
// every documented refusal is explained, and the MR is re-read after either.
import * as vscode from 'vscode';
import type { Approvals } from '../core/approvals';
import type { MergeRequestRef } from '../core/model';
import { readyGates } from '../state/repoEntry';
import { ApprovalsNode, MergeRequestNode } from '../views/nodes';
import { notify, pick } from '../views/userText';
import type { Services } from './services';
import { adapterFor, explainReason, repositoryWords, runForgeCall, type CheckRef, type CommandResult } from './targets';

interface ApprovalTarget {
  readonly root: string;
  readonly mergeRequest: MergeRequestRef;
  readonly approvals?: Approvals;
}

type Which = 'approve' | 'unapprove';

const allows = (which: Which, a: Approvals | undefined): boolean =>
  !!a && !a.refused && (which === 'approve' ? a.userCanApprove === true : a.userHasApproved === true && a.revocable === true);

function allTargets(services: Services): ApprovalTarget[] {
  return services.store.withPinned().flatMap((entry) => readyGates(entry).flatMap((g) => (g.gate ? [{ root: entry.root, mergeRequest: g.gate.mergeRequest, approvals: g.gate.approvals }] : [])));
}

/** The tree item's MR, `{ root, mergeRequest }` from automation (acted on as asked: the forge decides), or a pick of the MRs that allow it. */
async function resolveTarget(services: Services, arg: unknown, which: Which): Promise<ApprovalTarget | undefined> {
  const all = allTargets(services);
  const find = (root: string, reference?: string) => all.find((t) => t.root === root && (!reference || t.mergeRequest.reference === reference));
  if (arg instanceof ApprovalsNode) return find(arg.root, arg.mergeRequest.reference);
  if (arg instanceof MergeRequestNode) return find(arg.root, arg.gateEntry.mergeRequest.reference);
  if (arg && typeof arg === 'object' && 'root' in arg) return find((arg as CheckRef).root, (arg as CheckRef).mergeRequest);
  const candidates = all.filter((t) => allows(which, t.approvals));
  if (candidates.length === 0) {
    void notify.info(which === 'approve' ? vscode.l10n.t('No open merge request is yours to approve.') : vscode.l10n.t('You have approved no open merge request.'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await pick(
    candidates.map((t) => ({ label: `${t.mergeRequest.reference} ${t.mergeRequest.title}`, description: `${t.mergeRequest.projectPath} · ${repositoryWords(services, t.root)}`, t })),
    { placeHolder: which === 'approve' ? vscode.l10n.t('Approve which merge request?') : vscode.l10n.t('Revoke your approval of which merge request?'), matchOnDescription: true },
  );
  return picked?.t;
}

export async function approve(services: Services, arg?: unknown): Promise<CommandResult | undefined> {
  return approval(services, arg, 'approve');
}

export async function unapprove(services: Services, arg?: unknown): Promise<CommandResult | undefined> {
  return approval(services, arg, 'unapprove');
}

async function approval(services: Services, arg: unknown, which: Which): Promise<CommandResult | undefined> {
  const target = await resolveTarget(services, arg, which);
  if (!target) return undefined;
  const adapter = await adapterFor(services, target.root);
  if (!adapter) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  const actions = adapter.approvals;
  const revoke = actions?.unapprove?.bind(actions);
  if (!actions || (which === 'unapprove' && !revoke)) {
    const message = which === 'approve' ? vscode.l10n.t('This forge cannot approve merge requests.') : vscode.l10n.t('This forge has no way to revoke an approval.');
    void notify.info(message);
    return { ok: false, errorKind: 'unsupported', message };
  }
  const ref = target.mergeRequest.reference;
  const result = await runForgeCall(
    which === 'approve' ? vscode.l10n.t('Approving {0}…', ref) : vscode.l10n.t('Revoking your approval of {0}…', ref),
    async () => {
      if (which === 'approve') await actions.approve(target.mergeRequest);
      else await revoke?.(target.mergeRequest);
      return which === 'approve' ? vscode.l10n.t('Approved {0} at {1}.', ref, target.mergeRequest.headSha.slice(0, 8)) : vscode.l10n.t('Revoked your approval of {0}.', ref);
    },
    explainReason(),
  );
  // Whatever the answer (a moved head included), the MR is read again, so the tree shows what is.
  await services.controller.refreshUntilSettled(target.root);
  return result;
}
