// mrGates.retry (one failed check) and mrGates.retryFailed (every failed check of an MR, each with the
// call its kind needs: status check re-send, job retry, pipeline retry).
import * as vscode from 'vscode';
import { isForgeError } from '../forges/errors';
import { describeError } from '../views/words';
import { reasonText } from '../views/reasonWords';
import type { Services } from './services';
import { adapterFor, explainReason, resolveCheck, resolveMergeRequest, runForgeCall, type CommandResult } from './targets';
import { notify, openWebPage } from '../views/userText';

export async function retry(services: Services, arg?: unknown): Promise<CommandResult | undefined> {
  const target = await resolveCheck(services, arg, 'retryable', vscode.l10n.t('Retry which failed check?'));
  if (!target) return undefined;
  const adapter = await adapterFor(services, target.root);
  if (!adapter) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  const retries = adapter.retries;
  if (!retries) return { ok: false, message: vscode.l10n.t('This forge cannot retry checks.') };
  let opened: { url: string; why: string } | undefined;
  const result = await runForgeCall(
    vscode.l10n.t('Retrying {0}…', target.check.name),
    async () => {
      const outcome = await retries.retry(target.mergeRequest, target.check);
      if (outcome.kind === 'openInBrowser') opened = { url: outcome.url, why: reasonText(outcome.reason ?? 'noRerunApi') };
      return undefined;
    },
    explainReason(target.check.name),
  );
  if (opened) {
    const { url, why } = opened;
    const open = vscode.l10n.t('Open Checks Page');
    void notify.info(why, open).then((choice) => choice === open && openWebPage(url));
    return { ok: false, errorKind: 'unsupported', message: why, opened: url } as CommandResult & { opened: string };
  }
  await services.controller.refreshUntilSettled(target.root);
  return result;
}

export interface RetryFailedResult {
  readonly ok: boolean;
  readonly succeeded: readonly string[];
  readonly failed: readonly { name: string; message: string }[];
}

/** Retries every failed check; a failed pipeline is retried as a whole rather than job by job. */
export async function retryFailed(services: Services, arg?: unknown): Promise<RetryFailedResult | undefined> {
  const mr = await resolveMergeRequest(services, arg);
  if (!mr) return undefined;
  const retries = (await adapterFor(services, mr.root))?.retries;
  if (!retries) return { ok: false, succeeded: [], failed: [] };
  const retryable = mr.checks.filter((c) => c.capabilities.includes('retryable'));
  const pipelineRetried = retryable.some((c) => c.kind === 'pipeline');
  const calls = retryable.filter((c) => !(pipelineRetried && c.kind === 'job'));
  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Retrying {0} failed checks of {1}…', calls.length, mr.mergeRequest.reference) },
    () =>
      Promise.all(
        calls.map(async (check) => {
          try {
            const outcome = await retries.retry(mr.mergeRequest, check);
            return outcome.kind === 'done' ? { check } : { check, message: reasonText(outcome.reason ?? 'noRerunApi') };
          } catch (e) {
            const message = isForgeError(e) ? (explainReason(check.name)(e) ?? describeError(e.kind, e.message)) : String(e);
            return { check, message };
          }
        }),
      ),
  );
  const succeeded = outcomes.filter((o) => o.message === undefined).map((o) => o.check.name);
  const failed = outcomes.flatMap((o) => (o.message === undefined ? [] : [{ name: o.check.name, message: o.message }]));
  if (calls.length === 0) void notify.info(vscode.l10n.t('{0} has no failed check to retry.', mr.mergeRequest.reference));
  else if (failed.length === 0) void notify.info(vscode.l10n.t('Retried {0} of {1} failed checks.', succeeded.length, calls.length));
  else void notify.warn(vscode.l10n.t('Retried {0} of {1} failed checks. Not retried: {2}', succeeded.length, calls.length, failed.map((f) => `${f.name} (${f.message})`).join('; ')));
  await services.controller.refreshUntilSettled(mr.root);
  return { ok: failed.length === 0, succeeded, failed };
}
