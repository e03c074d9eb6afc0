// Every string a user sees passes through here: the log's redaction (which knows every token in use,
// including one being tried at sign-in), and for notifications, links that cannot run commands.
import * as vscode from 'vscode';
import { isWebUrl, neutraliseLinks } from '../core/displayText';

let redactor: (text: string) => string = (text) => text;

/** Set once by extension.ts to the RedactingLogger's redact. */
export function useRedactor(redact: (text: string) => string): void {
  redactor = redact;
}

export function redacted(text: string): string {
  return redactor(text);
}

/** For messages and notifications: redacted, and no live link. */
export function messageText(text: string): string {
  return neutraliseLinks(redactor(text));
}

const shown = new vscode.EventEmitter<{ readonly level: 'info' | 'warn' | 'error'; readonly text: string }>();
/** Every notification MR Gates shows, as shown: for the log of user actions, and for tests. */
export const onDidNotify = shown.event;

function told<T>(level: 'info' | 'warn' | 'error', text: string, show: (text: string) => T): T {
  const safe = messageText(text);
  shown.fire({ level, text: safe });
  return show(safe);
}

export const notify = {
  info: (text: string, ...items: string[]): Thenable<string | undefined> => told('info', text, (t) => vscode.window.showInformationMessage(t, ...items)),
  warn: (text: string, ...items: string[]): Thenable<string | undefined> => told('warn', text, (t) => vscode.window.showWarningMessage(t, ...items)),
  error: (text: string, ...items: string[]): Thenable<string | undefined> => told('error', text, (t) => vscode.window.showErrorMessage(t, ...items)),
  /** A modal question; `detail` may carry forge text. */
  confirm: (text: string, yes: string, detail?: string): Thenable<string | undefined> =>
    vscode.window.showWarningMessage(messageText(text), { modal: true, detail: detail === undefined ? undefined : messageText(detail) }, yes),
};

/** A quick pick whose labels, descriptions and details are redacted (they often carry forge text). */
export function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
export function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Thenable<T[] | undefined>;
export function pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | T[] | undefined> {
  const safe = items.map((item) => ({
    ...item,
    label: redactor(item.label),
    description: item.description === undefined ? undefined : redactor(item.description),
    detail: item.detail === undefined ? undefined : redactor(item.detail),
  }));
  const back = new Map<vscode.QuickPickItem, T>(safe.map((s, i) => [s, items[i]]));
  return vscode.window.showQuickPick(safe, options).then((chosen) => {
    if (chosen === undefined) return undefined;
    return Array.isArray(chosen) ? chosen.map((c) => back.get(c) as T) : (back.get(chosen) as T);
  });
}

/** Opens an http(s) page in the browser; anything else is refused with a message. */
export async function openWebPage(url: string): Promise<boolean> {
  if (!isWebUrl(url)) {
    void notify.error(vscode.l10n.t('MR Gates opens only http and https links; this one was refused: {0}', url.slice(0, 200)));
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

/** A tree item's visible strings, redacted. Tooltips are untrusted Markdown already; they are redacted too. */
export function safeTreeItem(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = redactor(item.label);
  else if (item.label) item.label = { ...item.label, label: redactor(item.label.label) };
  if (typeof item.description === 'string') item.description = redactor(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = redactor(item.tooltip);
  else if (item.tooltip instanceof vscode.MarkdownString) item.tooltip.value = redactor(item.tooltip.value);
  return item;
}
