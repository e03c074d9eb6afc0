// A job's log, opened as a read-only virtual document (its own URI scheme: never an "Untitled" file,
// nothing to save) in VS Code's Log language, with the cursor on the line where the job says it failed.
import * as vscode from 'vscode';
import type { CheckTarget } from './nodes';
import { mergeRequestKey } from '../state/repoEntry';

export const JOB_LOG_SCHEME = 'mr-gates-log';

export interface ShownLog {
  readonly uri: vscode.Uri;
  /** The 0-based line the cursor was put on. */
  readonly line: number;
}

export class JobLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** One document per job, named after it, so showing the log again replaces the old text. */
  uriFor(target: CheckTarget): vscode.Uri {
    const name = target.check.name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80) || 'job';
    const key = encodeURIComponent(`${mergeRequestKey(target.root, target.mergeRequest)}|${target.check.id}`);
    return vscode.Uri.from({ scheme: JOB_LOG_SCHEME, path: `/${name} #${target.check.forgeId}.log`, query: key });
  }

  async show(target: CheckTarget, text: string, line: number): Promise<ShownLog> {
    const uri = this.uriFor(target);
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'log') document = await vscode.languages.setTextDocumentLanguage(document, 'log');
    const editor = await vscode.window.showTextDocument(document, { preview: true });
    const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    return { uri, line: at.line };
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
