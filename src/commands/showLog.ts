// mrGates.showLog: a job's log (GitLab job trace, GitHub Actions job) in a read-only editor, cleaned of
// terminal escapes, redacted, its end kept when it is long, and opened where the job says it failed.
import * as vscode from 'vscode';
import { cleanLog, failingLine } from '../core/logText';
import type { JobLog } from '../forges/forge';
import { redacted } from '../views/userText';
import type { Services } from './services';
import { adapterFor, explainReason, resolveCheck, runForgeCall, type CommandResult } from './targets';

/** How much of a log is kept: its end, where a failure is. */
export const LOG_KEEP_BYTES = 2 * 1024 * 1024;

export type ShowLogResult = CommandResult & { readonly uri?: string; readonly line?: number; readonly cut?: JobLog['cut'] };

export async function showLog(services: Services, arg?: unknown): Promise<ShowLogResult | undefined> {
  const target = await resolveCheck(services, arg, 'hasLog', vscode.l10n.t('Show the log of which job?'));
  if (!target) return undefined;
  const logs = (await adapterFor(services, target.root))?.logs;
  if (!logs) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  let log: JobLog | undefined;
  const result = await runForgeCall(
    vscode.l10n.t('Reading the log of {0}…', target.check.name),
    async () => {
      log = await logs.read(target.mergeRequest, target.check, LOG_KEEP_BYTES);
      return undefined;
    },
    explainReason(target.check.name),
  );
  if (!log) return result;
  const body = cleanLog(redacted(log.text));
  const header = headerFor(log);
  const text = body.trim() === '' ? `${header ?? ''}${vscode.l10n.t('{0} has written no log yet.', target.check.name)}\n` : `${header ?? ''}${body}`;
  const offset = header ? header.split('\n').length - 1 : 0;
  const failing = failingLine(body);
  // With no failure marker, the end of the log: where a job stops is where it went wrong, or finished.
  const line = failing === undefined ? text.split('\n').length - 1 : failing + offset;
  const shown = await services.logs.show(target, text, line);
  return { ...result, uri: shown.uri.toString(), line: shown.line, cut: log.cut };
}

/** A first line saying that only a part of the log is shown, and where the rest is. */
function headerFor(log: JobLog): string | undefined {
  const size = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString(vscode.env.language, { maximumFractionDigits: 1 })} MB`;
  if (log.cut === 'head') {
    return `${vscode.l10n.t('[MR Gates] The last {0} of a log of {1}. The whole log is on the job\'s page.', size(LOG_KEEP_BYTES), size(log.totalBytes))}\n\n`;
  }
  if (log.cut === 'tooLong') {
    return `${vscode.l10n.t('[MR Gates] The log is longer than {0}, so reading stopped there: shown are the last {1} before that point. The whole log is on the job\'s page.', size(log.totalBytes), size(LOG_KEEP_BYTES))}\n\n`;
  }
  return undefined;
}
