// mrGates.runAction: lists what can be done with a check, with each offer's description. Offers with
// an API are run (e.g. play a manual job, re-send a status check); the rest open the check's page,
// saying why: no forge lets a client press a check run's action button.
import * as vscode from 'vscode';
import type { ActionOffer } from '../core/model';
import { offerWords } from '../views/offerWords';
import { reasonText } from '../views/reasonWords';
import type { Services } from './services';
import { adapterFor, resolveCheck, runForgeCall, type CommandResult } from './targets';
import { openWebPage, pick } from '../views/userText';

export interface RunActionArgs {
  readonly action?: string;
  /** For playing a manual job: CI/CD variables. */
  readonly variables?: Record<string, string>;
  /** Ask for the variables (optional) even though the action is given: the inline Play. */
  readonly askVariables?: boolean;
}

async function askVariables(): Promise<Record<string, string> | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Variables for this run (optional)'),
    prompt: vscode.l10n.t('KEY=value pairs separated by spaces, or empty'),
    placeHolder: 'DEPLOY_ENV=staging DRY_RUN=true',
    validateInput: (v) => (v.trim() === '' || v.trim().split(/\s+/).every((p) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(p)) ? undefined : vscode.l10n.t('Use KEY=value pairs.')),
  });
  if (text === undefined) return undefined;
  return Object.fromEntries(text.trim() ? text.trim().split(/\s+/).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]) : []);
}

export async function runAction(services: Services, arg?: unknown, given: RunActionArgs = {}): Promise<(CommandResult & { opened?: string }) | undefined> {
  const target = await resolveCheck(services, arg, 'openable', vscode.l10n.t('Run an action of which check?'));
  if (!target) return undefined;
  const adapter = await adapterFor(services, target.root);
  if (!adapter) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  const actions = adapter.actions;
  const offers = actions?.offersFor(target.check) ?? [];
  let offer: ActionOffer | undefined = given.action ? offers.find((o) => o.id === given.action) : undefined;
  if (!offer && !given.action) {
    const picked = await pick(
      offers.map((o) => {
        const words = offerWords(o);
        return { label: `$(${o.via === 'api' ? 'play' : 'link-external'}) ${words.label}`, description: o.via === 'browser' ? vscode.l10n.t('opens the browser') : undefined, detail: words.detail, offer: o };
      }),
      { title: vscode.l10n.t('Actions of {0}', target.check.name) },
    );
    offer = picked?.offer;
  }
  if (!offer || !actions) return given.action ? { ok: false, message: vscode.l10n.t('{0} has no action "{1}".', target.check.name, given.action) } : undefined;
  const chosen = offer;
  let variables = given.variables;
  if (chosen.id === 'play' && variables === undefined && (!given.action || given.askVariables)) {
    variables = await askVariables();
    if (variables === undefined) return undefined;
  }
  let opened: string | undefined;
  const result = await runForgeCall(vscode.l10n.t('{0}: {1}…', target.check.name, offerWords(chosen).label), async () => {
    const outcome = await actions.run(target.mergeRequest, target.check, chosen.id, variables);
    if (outcome.kind === 'openInBrowser') {
      opened = outcome.url;
      await openWebPage(outcome.url);
      return outcome.reason ? reasonText(outcome.reason) : undefined;
    }
    return undefined;
  });
  if (!opened) await services.controller.refreshUntilSettled(target.root);
  return { ...result, opened };
}

/** mrGates.playJob, the inline Play of a manual job: straight to the optional variables, then play. */
export function playJob(services: Services, arg?: unknown, given: Pick<RunActionArgs, 'variables'> = {}): ReturnType<typeof runAction> {
  return runAction(services, arg, { action: 'play', variables: given.variables, askVariables: true });
}
