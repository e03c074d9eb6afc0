// mrGates.setStatus: answer an external status check (passed / failed / pending, on the MR's current
// head sha) or post a commit status for the same name (with an optional description and target URL).
import * as vscode from 'vscode';
import type { Check, StatusInput } from '../core/model';
import type { StatusSetting } from '../forges/forge';
import { STATE_TABLE } from '../core/states';
import { stateEffect, stateWord } from '../views/words';
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
    const state = await pick(statusPickItems(statuses, target.check), { title: vscode.l10n.t('Set {0} to…', target.check.name), placeHolder: vscode.l10n.t('Now: {0}', stateWord(target.check.state)), matchOnDescription: true });
    if (!state) return undefined;
    input = { state: state.choice };
    if (target.check.kind === 'commitStatus' || target.check.kind === 'checkRun') {
      // Empty: the old text describes the old state ("Quality gate failed" on a check now passed).
      const description = await vscode.window.showInputBox({
        title: vscode.l10n.t('Description (optional)'),
        prompt: vscode.l10n.t('The forge shows this next to {0}. Leave it empty for none.', target.check.name),
        placeHolder: target.check.description ? vscode.l10n.t('Now: {0}', redacted(target.check.description)) : undefined,
        validateInput: tooLong,
      });
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
  const word = stateWord(statuses.stateOf(target.check, input.state));
  if (!given?.state && statuses.isFinal?.(target.check, input.state)) {
    const yes = vscode.l10n.t('Set {0}', word);
    const warning = vscode.l10n.t('A check run\'s conclusion cannot be changed once set. Set {0} to {1}?', target.check.name, word);
    if ((await notify.confirm(warning, yes)) !== yes) return undefined;
  }
  const chosen = input;
  const result = await runForgeCall(
    vscode.l10n.t('Setting {0} to {1}…', target.check.name, word),
    async () => {
      await statuses.set(target.mergeRequest, target.check, chosen);
      return vscode.l10n.t('{0} is now {1}.', target.check.name, word);
    },
    explainReason(target.check.name),
    (kind) => kind === 'conflict' && !given?.state,
  );
  // The command's own message is the one notification; a settle it causes is not told again.
  await services.notifier.quietWhile(target.root, () => services.controller.refreshUntilSettled(target.root));
  if (!result.ok && result.errorKind === 'conflict' && !given?.state) {
    const again = vscode.l10n.t('Try Again on the New Head');
    if ((await notify.warn(result.message, again)) === again) {
      const ref: CheckRef = { root: target.root, mergeRequest: target.mergeRequest.reference, checkId: target.check.id };
      return setStatus(services, ref, chosen);
    }
  }
  return result;
}

/** The Set Check Status choices: MR Gates' own words and icons, the forge's word beside them, and what each does. */
export function statusPickItems(statuses: StatusSetting, check: Check): Array<vscode.QuickPickItem & { choice: string }> {
  return statuses.choices(check).map((choice) => {
    const state = statuses.stateOf(check, choice);
    return { label: `$(${STATE_TABLE[state].codicon}) ${stateWord(state)}`, description: choice, detail: stateEffect(state), choice, picked: choice === check.rawState };
  });
}
