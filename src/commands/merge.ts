// mrGates.merge: merges an MR the forge says can be merged, at exactly the head whose gate was shown.
// One modal says what will happen (method, squash, delete-branch: the project's defaults, and the sha);
// when only the running pipeline holds it (GitLab), it sets the merge for when the pipeline succeeds.
// After a merge it offers to check out the target branch and pull it, through the git extension.
import * as vscode from 'vscode';
import { mergeReasons, type MergeReason } from '../core/mergeReasons';
import type { MergeMethod, MergePlan } from '../core/merging';
import type { MergeRequestRef } from '../core/model';
import { isForgeError, type ForgeError } from '../forges/errors';
import { isPinKey, readyGates } from '../state/repoEntry';
import { reasonWords } from '../views/blockWords';
import { reasonText } from '../views/reasonWords';
import { describeError } from '../views/words';
import { notify } from '../views/userText';
import type { Services } from './services';
import { adapterFor, resolveMergeRequest, runForgeCall, type CommandResult } from './targets';

export interface MergeArgs {
  /** `false`: no modal (automation); the plan is the project's defaults. */
  readonly confirm?: boolean;
  /** After a merge: check out the target branch and pull it, without asking (`checkout`), or not (`none`). */
  readonly afterMerge?: 'checkout' | 'none';
}

export type MergeResult = CommandResult & { readonly outcome?: 'merged' | 'autoMergeSet'; readonly plan?: MergePlan };

export function mergeMethodWords(method: MergeMethod): string {
  switch (method) {
    case 'merge':
      return vscode.l10n.t('a merge commit');
    case 'rebaseMerge':
      return vscode.l10n.t('a merge commit, after a rebase if needed');
    case 'fastForward':
      return vscode.l10n.t('fast-forward only');
    case 'rebase':
      return vscode.l10n.t('rebase onto the target');
    case 'squash':
      return vscode.l10n.t('one squashed commit');
  }
}

/**
 * The modal's lines: what the forge will do, as the project's defaults say, and what MR Gates still
 * reads against it (Gitee calls a PR mergeable while a check fails: an administrator may force it).
 */
export function mergePlanWords(mr: MergeRequestRef, plan: MergePlan, standing: readonly MergeReason[] = []): string {
  const yesNo = (value: boolean) => (value ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
  return [
    vscode.l10n.t('Method: {0}', mergeMethodWords(plan.method)),
    vscode.l10n.t('Squash the commits: {0}', yesNo(plan.squash)),
    vscode.l10n.t('Delete the source branch {0}: {1}', mr.sourceBranch, yesNo(plan.deleteSourceBranch)),
    vscode.l10n.t('Head {0}: the forge refuses the merge if the branch has moved since.', plan.sha.slice(0, 8)),
    plan.whenChecksPass ? vscode.l10n.t('The pipeline is still running: the forge merges when it succeeds, and not if it fails.') : undefined,
    standing.length && !plan.whenChecksPass
      ? vscode.l10n.t('MR Gates still reads: {0}. The forge may refuse, or merge only for someone allowed to bypass its rules.', standing.map(reasonWords).join(vscode.l10n.t(', ')))
      : undefined,
    vscode.l10n.t('These are the project\'s defaults; change them in the browser before merging if you want others.'),
  ]
    .filter(Boolean)
    .join('\n');
}

export async function merge(services: Services, arg?: unknown, given: MergeArgs = {}): Promise<MergeResult | undefined> {
  const target = await resolveMergeRequest(services, arg);
  if (!target) return undefined;
  // The MR as its gate was read: its head is the one whose checks the user saw.
  const shown = readyGates(services.store.get(target.root)).find((g) => g.mergeRequest.reference === target.mergeRequest.reference);
  const mr = shown?.gate?.mergeRequest ?? target.mergeRequest;
  const merging = (await adapterFor(services, target.root))?.merging;
  if (!merging) return refuse(vscode.l10n.t('MR Gates cannot merge on this forge yet; merge it in the browser.'));
  if (!mr.mergeable && !merging.asksFirst) return refuse(vscode.l10n.t('The forge does not say {0} can be merged now, so MR Gates does not offer it.', mr.reference));

  let plan: MergePlan;
  try {
    plan = await merging.plan(mr);
  } catch (e) {
    if (isForgeError(e) && e.reason) {
      // The forge said no before anything was sent (a moved head, a PR it will not merge): re-read it.
      await services.controller.refreshRoot(target.root);
      return refuse(reasonText(e.reason, e.detail ?? e.message), e.kind);
    }
    return refuse(describeError(isForgeError(e) ? e.kind : 'internal', e instanceof Error ? e.message : String(e)));
  }
  const yes = plan.whenChecksPass ? vscode.l10n.t('Merge When Pipeline Succeeds') : vscode.l10n.t('Merge');
  const question = plan.whenChecksPass
    ? vscode.l10n.t('Merge {0} "{1}" into {2} when its pipeline succeeds?', mr.reference, mr.title, mr.targetBranch)
    : vscode.l10n.t('Merge {0} "{1}" into {2}?', mr.reference, mr.title, mr.targetBranch);
  if (given.confirm !== false && (await notify.confirm(question, yes, mergePlanWords(mr, plan, shown?.gate ? mergeReasons(shown.gate) : []))) !== yes) return undefined;

  let outcome: MergeResult['outcome'];
  const result = await runForgeCall(
    vscode.l10n.t('Merging {0}…', mr.reference),
    async () => {
      outcome = (await merging.merge(mr, plan)).kind;
      return undefined;
    },
    (error: ForgeError) => (error.reason ? reasonText(error.reason, error.detail ?? error.message) : undefined),
  );
  // Merged, it leaves the open MRs; refused, the MR is re-read (a moved head, a new reason).
  await services.notifier.quietWhile(target.root, () => services.controller.refreshUntilSettled(target.root));
  if (!result.ok) return { ...result, plan };
  const done =
    outcome === 'merged'
      ? vscode.l10n.t('{0} was merged into {1}.', mr.reference, mr.targetBranch)
      : vscode.l10n.t('{0} will be merged into {1} when its pipeline succeeds.', mr.reference, mr.targetBranch);
  // A pinned MR has no local repository to check the target out in.
  if (outcome === 'merged' && !isPinKey(target.root)) await offerCheckout(services, target.root, mr.targetBranch, done, given);
  else void notify.info(done);
  return { ok: true, detail: done, outcome, plan };
}

/** Says it is merged, with a button to check out the target and pull it; automation says which beforehand. */
async function offerCheckout(services: Services, root: string, branch: string, done: string, given: MergeArgs): Promise<void> {
  const checkOut = async () => {
    try {
      await services.git.checkoutAndPull(root, branch);
    } catch (e) {
      void notify.error(vscode.l10n.t('Git could not check out and pull {0}: {1}', branch, e instanceof Error ? e.message : String(e)));
    }
  };
  if (given.afterMerge === 'checkout') {
    void notify.info(done);
    return checkOut();
  }
  if (given.afterMerge === 'none' || given.confirm === false) {
    void notify.info(done);
    return;
  }
  // Not awaited: the command is done, and a notification may sit in the centre for long.
  const button = vscode.l10n.t('Check Out {0} and Pull', branch);
  void notify.info(done, button).then((answer) => (answer === button ? checkOut() : undefined));
}

function refuse(message: string, errorKind?: string): MergeResult {
  void notify.error(message);
  return errorKind ? { ok: false, errorKind, message } : { ok: false, message };
}
