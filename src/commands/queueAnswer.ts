// Answering a check from the Awaiting Answer view: nothing is checked out. The answer goes to the MR's
// head as the queue last read it; a head that moved since is the forge's 409, explained, and the
// project's queue is read again either way (an answered check leaves it).
import * as vscode from 'vscode';
import type { StatusInput } from '../core/model';
import type { QueueService } from '../state/queue';
import { QueueItemNode } from '../views/queueTreeProvider';
import { stateWord } from '../views/words';
import { notify, pick } from '../views/userText';
import { statusPickItems } from './setStatus';
import type { Services } from './services';
import { explainReason, runForgeCall, type CommandResult } from './targets';

/** What automation passes instead of a row: the row's id (QueueItemNode.id) and the answer. */
export interface QueueAnswerArgs {
  readonly id: string;
}

/** The row a command was given: the tree's node, or automation's `{ id }`. */
function rowIdOf(arg: unknown): string | undefined {
  return arg instanceof QueueItemNode ? arg.id : arg && typeof arg === 'object' && typeof (arg as QueueAnswerArgs).id === 'string' ? (arg as QueueAnswerArgs).id : undefined;
}

export async function answerFromQueue(services: Services, queue: QueueService, rows: () => QueueItemNode[], arg: unknown, given?: Partial<StatusInput>): Promise<CommandResult | undefined> {
  const id = rowIdOf(arg);
  const row = id === undefined ? await pickRow(rows()) : rows().find((r) => r.id === id);
  if (!row) return id === undefined ? undefined : { ok: false, message: vscode.l10n.t('That check is no longer awaiting an answer.') };
  const { project, item } = row;
  const statuses = (await services.connections.forOrigin(project.forge, project.origin))?.statuses;
  const choices = statuses?.choices(item.check) ?? [];
  if (!statuses || choices.length === 0 || item.answerable === false) return { ok: false, message: vscode.l10n.t('The status of this check cannot be set.') };
  let state = given?.state;
  if (!state) {
    const picked = await pick(statusPickItems(statuses, item.check), { title: vscode.l10n.t('Answer {0} on {1}', item.check.name, item.mergeRequest.reference), placeHolder: vscode.l10n.t('Now: {0}', stateWord(item.check.state)) });
    if (!picked) return undefined;
    state = picked.choice;
  }
  const input: StatusInput = { state, description: given?.description, targetUrl: given?.targetUrl };
  const word = stateWord(statuses.stateOf(item.check, state));
  const result = await runForgeCall(
    vscode.l10n.t('Setting {0} to {1}…', item.check.name, word),
    async () => {
      await statuses.set(item.mergeRequest, item.check, input);
      return vscode.l10n.t('{0} on {1} is now {2}.', item.check.name, item.mergeRequest.reference, word);
    },
    explainReason(item.check.name),
  );
  await queue.refreshProject(project);
  return result;
}

async function pickRow(rows: QueueItemNode[]): Promise<QueueItemNode | undefined> {
  const answerable = rows.filter((r) => r.item.answerable !== false && r.item.check.capabilities.includes('settable'));
  if (answerable.length === 0) {
    void notify.info(vscode.l10n.t('Nothing in the queue awaits your answer.'));
    return undefined;
  }
  const picked = await pick(
    answerable.map((row) => ({ label: `${row.item.check.name} · ${row.item.mergeRequest.reference} ${row.item.mergeRequest.title}`, description: row.project.projectPath, row })),
    { placeHolder: vscode.l10n.t('Answer which check?'), matchOnDescription: true },
  );
  return picked?.row;
}

/** Retry from a row: a failed check sent again (GitLab re-sends a status check), then the project read again. */
export async function retryFromQueue(services: Services, queue: QueueService, rows: () => QueueItemNode[], arg: unknown): Promise<CommandResult | undefined> {
  const id = rowIdOf(arg);
  const row = rows().find((r) => r.id === id);
  if (!row) return undefined;
  const retries = (await services.connections.forOrigin(row.project.forge, row.project.origin))?.retries;
  if (!retries || !row.item.check.capabilities.includes('retryable')) return { ok: false, message: vscode.l10n.t('This check cannot be retried.') };
  const result = await runForgeCall(
    vscode.l10n.t('Retrying {0}…', row.item.check.name),
    async () => {
      await retries.retry(row.item.mergeRequest, row.item.check);
      return vscode.l10n.t('{0} on {1} was sent again.', row.item.check.name, row.item.mergeRequest.reference);
    },
    explainReason(row.item.check.name),
  );
  await queue.refreshProject(row.project);
  return result;
}
