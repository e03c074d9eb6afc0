// Localised words for things the layers below vscode describe in English or by id.
import * as vscode from 'vscode';
import type { Check, CheckKind, ForgeErrorKind, ForgeKind, GateNote } from '../core/model';
import { STATE_TABLE, type CheckState } from '../core/states';
import type { RepoEntry } from '../state/repoEntry';

/** A state's word, from STATE_TABLE's English label (l10n/bundle.l10n.zh-cn.json has them all). */
export function stateWord(state: CheckState): string {
  return vscode.l10n.t(STATE_TABLE[state].label);
}

/** A check's description: the forge's own, or a bridge's, its downstream pipeline's state in our words. */
export function checkDescription(check: Check): string | undefined {
  return check.downstreamState ? vscode.l10n.t('downstream {0}', stateWord(check.downstreamState)) : check.description;
}

/** What setting a check to this state does, in one line, for the Set Check Status picker. */
export function stateEffect(state: CheckState): string {
  switch (state) {
    case 'passed':
      return vscode.l10n.t('The check passes: it no longer holds the merge request back.');
    case 'failed':
      return vscode.l10n.t('The check fails: the merge request is blocked while it stays failed.');
    case 'pending':
      return vscode.l10n.t('The check waits for an answer; it blocks until it passes.');
    case 'running':
      return vscode.l10n.t('The check is under way; it blocks until it ends.');
    case 'canceled':
      return vscode.l10n.t('The check was stopped before it ended; it does not pass.');
    case 'skipped':
      return vscode.l10n.t('The check did not run; it does not block.');
    case 'neutral':
      return vscode.l10n.t('A result that neither passes nor fails; it does not block.');
    case 'action_required':
      return vscode.l10n.t('Someone must act before the check can pass.');
    case 'unknown':
      return vscode.l10n.t('A state MR Gates does not know.');
  }
}

/** One sentence a user understands, per error kind. The forge's own words follow as detail. */
export function errorSentence(kind: ForgeErrorKind | 'internal'): string {
  switch (kind) {
    case 'badRequest':
      return vscode.l10n.t('The forge rejected the request as invalid.');
    case 'unauthorized':
      return vscode.l10n.t('The token was not accepted (it may be wrong, expired, or lack a scope).');
    case 'forbidden':
      return vscode.l10n.t('The token is valid but lacks permission for this.');
    case 'notFound':
      return vscode.l10n.t('Not found, or the token cannot see it.');
    case 'conflict':
      return vscode.l10n.t('The forge reported a conflict: the data changed in the meantime.');
    case 'unprocessable':
      return vscode.l10n.t('The forge could not process the request in the current state.');
    case 'rateLimited':
      return vscode.l10n.t('The forge is rate-limiting requests; MR Gates will wait before trying again.');
    case 'server':
      return vscode.l10n.t('The forge had a server error.');
    case 'network':
      return vscode.l10n.t('The forge could not be reached.');
    case 'timeout':
      return vscode.l10n.t('The forge did not answer in time.');
    case 'canceled':
      return vscode.l10n.t('The request was canceled.');
    case 'badResponse':
      return vscode.l10n.t('The forge sent a response MR Gates could not read.');
    case 'insecure':
      return vscode.l10n.t('Refusing to send a token over an insecure connection.');
    case 'internal':
      return vscode.l10n.t('MR Gates hit an unexpected problem.');
  }
}

/** The localised sentence plus whatever detail the English message carried in parentheses. */
export function describeError(kind: ForgeErrorKind | 'internal', message: string): string {
  const detail = /\((.*)\)$/.exec(message)?.[1];
  return detail ? `${errorSentence(kind)} (${detail})` : kind === 'internal' ? `${errorSentence(kind)} (${message})` : errorSentence(kind);
}

/** A kind of check, in the plural, as a group is named. */
export function kindWords(kind: CheckKind): string {
  switch (kind) {
    case 'externalStatusCheck':
      return vscode.l10n.t('external status checks');
    case 'commitStatus':
      return vscode.l10n.t('commit statuses');
    case 'pipeline':
      return vscode.l10n.t('pipelines');
    case 'job':
      return vscode.l10n.t('pipeline jobs');
    case 'bridge':
      return vscode.l10n.t('downstream pipelines');
    case 'checkRun':
      return vscode.l10n.t('check runs');
  }
}

/** What a gate note tells the user, as a label and a longer tooltip. */
export function gateNoteText(note: GateNote): { label: string; tooltip: string } {
  switch (note.code) {
    case 'listCut':
      return {
        label: vscode.l10n.t('Shows the first {0} {1}', note.shown, kindWords(note.kind)),
        tooltip: vscode.l10n.t('The forge has more {0} than MR Gates reads: only the first {1} are shown. Open the merge request in the browser to see them all.', kindWords(note.kind), note.shown),
      };
    case 'checkRunsAdminOnly':
      return {
        label: vscode.l10n.t('Check runs are shown to repository administrators only'),
        tooltip: vscode.l10n.t('Gitee answered 403: it lists check runs only to the administrators of the repository.'),
      };
    case 'partFailed':
      return {
        label: vscode.l10n.t('Could not read the {0}', kindWords(note.kind)),
        tooltip: describeError(note.errorKind as ForgeErrorKind, note.message),
      };
  }
}

/** What kind of token each forge wants, for the sign-in password box. */
export function tokenHint(forge: ForgeKind): string {
  switch (forge) {
    case 'gitlab':
      return vscode.l10n.t('a personal access token with the "api" scope ("read_api" is enough to view)');
    case 'gitee':
      return vscode.l10n.t('a private token with the "projects" and "pull_requests" scopes');
    case 'github':
      return vscode.l10n.t('a fine-grained token with Checks, Commit statuses and Pull requests access, or a classic token with "repo"');
  }
}

/** While the forge's rate-limit budget runs low: how much is left, until when, and how often MR Gates polls. */
export function rateLimitWords(entry: RepoEntry): string | undefined {
  const low = entry.status.kind === 'ready' ? entry.status.rateLimit : undefined;
  if (!low) return undefined;
  const until = new Date(low.budget.resetAt).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
  return vscode.l10n.t('Rate limit low: {0} of {1} requests left until {2}, so MR Gates polls every {3} s until then.', low.budget.remaining, low.budget.limit, until, Math.round(low.intervalMs / 1000));
}
