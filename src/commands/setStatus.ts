// mrGates.setStatus: answer an external status check (passed / failed / pending, on the MR's current
// head sha) or post a commit status for the same name (with an optional description and target URL).
import * as vscode from 'vscode';
import type { StatusInput } from '../core/model';
import { stateWord } from '../views/words';
import type { Services } from './services';
import { adapterFor, explainReason, resolveCheck, runForgeCall, type CommandResult, type CheckRef } from './targets';
import { notify, pick, redacted } from '../views/userText';

export async function setStatus(services: Services, arg?: unknown, given?: Partial<StatusInput>): Promise<CommandResult | undefined> {
  // For automation `given` carries the state (and for a check run, the output title/summary).
  const target = await resolveCheck(services, arg, 'settable', vscode.l10n.t('Set the status of which check?'));
  if (!target) return undefined;
  const statuses = (await adapterFor(services, target.root))?.statuses;
  const choices = statuses?.choices(target.check) ?? [];
  if (!statuses || choices.length === 0) return { ok: false, message: vscode.l10n.t('The status of this check cannot be set.') };

  const limit = statuses.textLimit?.(target.check);
  const tooLong = (value: string | undefined): string | undefined =>
    limit !== undefined && value !== undefined && [...value].length > limit ? vscode.l10n.t('At most {0} characters: the forge refuses longer text ({1} now).', limit, [...value].length) : undefined;
  let input: StatusInput | undefined = given?.state ? { state: given.state, description: given.description, targetUrl: given.targetUrl, summary: given.summary } : undefined;
  if (!input) {
    const state = await pick(
      choices.map((c) => ({ label: c, picked: c === target.check.rawState })),
      { title: vscode.l10n.t('Set {0} to…', target.check.name), placeHolder: vscode.l10n.t('Now: {0}', stateWord(target.check.state)) },
    );
    if (!state) return undefined;
    input = { state: state.label };
    if (target.check.kind === 'commitStatus' || target.check.kind === 'checkRun') {
      const description = await vscode.window.showInputBox({ title: vscode.l10n.t('Description (optional)'), value: redacted(target.check.description ?? ''), validateInput: tooLong });
      if (description === undefined) return undefined;
      const targetUrl =
        target.check.kind === 'commitStatus'
          ? await vscode.window.showInputBox({ title: vscode.l10n.t('Target URL (optional)'), value: redacted(target.check.url ?? ''), validateInput: (v) => (!v || /^https?:\/\//.test(v) ? tooLong(v) : vscode.l10n.t('An http(s) URL, or empty.')) })
          : '';
      if (targetUrl === undefined) return undefined;
      input = { ...input, description: description || undefined, targetUrl: targetUrl || undefined };
    }
  }
  const refused = tooLong(input.description) ?? tooLong(input.targetUrl);
  if (refused) {
    void notify.error(refused);
    return { ok: false, errorKind: 'badRequest', message: refused };
  }
  if (!given?.state && statuses.isFinal?.(target.check, input.state)) {
    const yes = vscode.l10n.t('Set {0}', input.state);
    const warning = vscode.l10n.t('A check run\'s conclusion cannot be changed once set. Set {0} to {1}?', target.check.name, input.state);
    if ((await notify.confirm(warning, yes)) !== yes) return undefined;
  }
  const chosen = input;
  const result = await runForgeCall(
    vscode.l10n.t('Setting {0} to {1}…', target.check.name, chosen.state),
    async () => {
      await statuses.set(target.mergeRequest, target.check, chosen);
      return vscode.l10n.t('{0} is now {1}.', target.check.name, chosen.state);
    },
    explainReason(target.check.name),
    (kind) => kind === 'conflict' && !given?.state,
  );
  await services.controller.refreshUntilSettled(target.root);
  if (!result.ok && result.errorKind === 'conflict' && !given?.state) {
    const again = vscode.l10n.t('Try Again on the New Head');
    if ((await notify.warn(result.message, again)) === again) {
      const ref: CheckRef = { root: target.root, mergeRequest: target.mergeRequest.reference, checkId: target.check.id };
      return setStatus(services, ref, chosen);
    }
  }
  return result;
}
