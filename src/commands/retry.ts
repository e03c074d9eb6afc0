// mrGates.retry (one failed check) and mrGates.retryFailed (every failed check of an MR, each with the
// call its kind needs: status check re-send, job retry, pipeline retry).
import * as vscode from 'vscode';
import type { Check } from '../core/model';
import { isForgeError } from '../forges/errors';
import { describeError, reasonText } from '../views/words';
import type { Services } from './services';
import { gatesFor, resolveCheck, resolveMergeRequest, runForgeCall, type CommandResult } from './targets';
import { notify, openWebPage } from '../views/userText';

function explainRetry(check: Check): (kind: string, message: string) => string | undefined {
  return (kind, message) => {
    if (kind === 'unprocessable' && check.kind === 'externalStatusCheck') return vscode.l10n.t('GitLab re-sends an external status check only when it has failed ({0}).', message);
    if (kind === 'forbidden' && check.kind === 'job') return vscode.l10n.t('This job cannot be retried ({0}). Jobs that are running, manual or already retried cannot be.', message);
    if (check.kind === 'checkRun' && (kind === 'forbidden' || kind === 'notFound' || kind === 'unprocessable')) {
      return vscode.l10n.t('GitHub refused to re-run {0} ({1}). A token can re-run only checks its own app created, or Actions runs it has write access to.', check.name, message);
    }
    if (kind === 'forbidden' || kind === 'unauthorized') return vscode.l10n.t('Your token may not retry this ({0}).', message);
    return undefined;
  };
}

export async function retry(services: Services, arg?: unknown): Promise<CommandResult | undefined> {
  const target = await resolveCheck(services, arg, 'retryable', vscode.l10n.t('Retry which failed check?'));
  if (!target) return undefined;
  const gates = await gatesFor(services, target.root);
  if (!gates) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  let opened: string | undefined;
  const result = await runForgeCall(
    vscode.l10n.t('Retrying {0}…', target.check.name),
    async () => {
      const outcome = await gates.retry(target.mergeRequest, target.check);
      if (outcome.kind === 'openInBrowser') opened = outcome.url;
      return undefined;
    },
    explainRetry(target.check),
  );
  if (opened) {
    const open = vscode.l10n.t('Open Checks Page');
    void notify.info(reasonText('noRerunApi'), open).then((choice) => choice === open && openWebPage(opened!));
    return { ok: false, errorKind: 'unsupported', message: reasonText('noRerunApi'), opened } as CommandResult & { opened: string };
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
  const gates = await gatesFor(services, mr.root);
  if (!gates) return { ok: false, succeeded: [], failed: [] };
  const retryable = mr.checks.filter((c) => c.capabilities.includes('retryable'));
  const pipelineRetried = retryable.some((c) => c.kind === 'pipeline');
  const calls = retryable.filter((c) => !(pipelineRetried && c.kind === 'job'));
  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Retrying {0} failed checks of {1}…', calls.length, mr.mergeRequest.reference) },
    () =>
      Promise.all(
        calls.map(async (check) => {
          try {
            const outcome = await gates.retry(mr.mergeRequest, check);
            return outcome.kind === 'done' ? { check } : { check, message: reasonText('noRerunApi') };
          } catch (e) {
            const message = isForgeError(e) ? (explainRetry(check)(e.kind, e.message) ?? describeError(e.kind, e.message)) : String(e);
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
