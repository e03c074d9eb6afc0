// A check run's report, opened as a read-only virtual document in VS Code's Markdown preview. It has
// its own URI scheme, so it is never an editable "Untitled" file and leaves nothing to save; its
// text is made safe first (no raw HTML, no command: links), since a third party wrote it.
import * as vscode from 'vscode';
import { safeMarkdown } from '../core/safeMarkdown';
import type { CheckTarget } from './nodes';
import { redacted } from './userText';
import { checkDescription } from './words';
import { mergeRequestKey } from '../state/repoEntry';

export const CHECK_OUTPUT_SCHEME = 'mr-gates-output';

/** The report as Markdown: the summary, the text, then the images. */
export function outputMarkdown(target: CheckTarget): string {
  const { check } = target;
  const output = check.output;
  const description = checkDescription(check);
  const parts = [`# ${check.name}`, description ? `## ${description}` : undefined, output?.summary, output?.text];
  for (const image of output?.images ?? []) parts.push(`![${image.alt.replace(/[[\]]/g, '')}](${image.url})${image.caption ? `\n\n${image.caption}` : ''}`);
  return safeMarkdown(redacted(parts.filter(Boolean).join('\n\n')));
}

export class CheckOutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(CHECK_OUTPUT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** The document's URI: one per check, named after it, so reopening shows the newest report. */
  uriFor(target: CheckTarget): vscode.Uri {
    const name = target.check.name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80) || 'check';
    const key = encodeURIComponent(`${mergeRequestKey(target.root, target.mergeRequest)}|${target.check.id}`);
    return vscode.Uri.from({ scheme: CHECK_OUTPUT_SCHEME, path: `/${name}.md`, query: key });
  }

  async show(target: CheckTarget): Promise<vscode.Uri> {
    const uri = this.uriFor(target);
    this.contents.set(uri.toString(), outputMarkdown(target));
    this.changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
