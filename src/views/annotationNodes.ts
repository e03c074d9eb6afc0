// A check run's children: its annotations (click opens the file at the range) and its report.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { Annotation } from '../core/model';
import { resolveInRepo } from '../core/repoPaths';
import type { CheckTarget } from './gateNodes';
import type { TreeNode } from './nodes';

const LEVEL_ICONS: Record<Annotation['level'], [string, string]> = {
  failure: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  notice: ['info', 'problemsInfoIcon.foreground'],
};

export class AnnotationNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly root: string,
    private readonly annotation: Annotation,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const a = this.annotation;
    const item = new vscode.TreeItem(`${a.path}:${a.startLine}  ${a.message.split('\n')[0]}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const [icon, color] = LEVEL_ICONS[a.level];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.description = a.title;
    const tooltip = new vscode.MarkdownString();
    tooltip.isTrusted = false;
    tooltip.appendText(`${a.title ? `${a.title}\n\n` : ''}${a.message}${a.rawDetails ? `\n\n${a.rawDetails}` : ''}`);
    item.tooltip = tooltip;
    item.contextValue = 'annotation';
    const resolved = resolveInRepo(this.root, a.path);
    if (resolved.ok && existsSync(resolved.absolute)) {
      const line = Math.max(0, a.startLine - 1);
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Open'),
        arguments: [vscode.Uri.file(resolved.absolute), { selection: new vscode.Range(line, 0, Math.max(line, a.endLine - 1), 0) }],
      };
    }
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** "Output": opens the run's text and images as a read-only Markdown preview. */
export class OutputNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly target: CheckTarget,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Output'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = 'checkOutput';
    item.command = { command: 'mrGates.showCheckOutput', title: vscode.l10n.t('Show Check Output'), arguments: [this.target] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** Annotations whose file is not in the working tree: listed on the check node rather than lost. */
export function missingFiles(root: string, annotations: readonly Annotation[]): string[] {
  const missing = new Set<string>();
  for (const a of annotations) {
    const resolved = resolveInRepo(root, a.path);
    if (resolved.ok && !existsSync(resolved.absolute)) missing.add(resolved.relative);
  }
  return [...missing];
}

/** The report of a run as Markdown: the summary, the text, then the images. Shown in the sandboxed preview. */
export function outputMarkdown(target: CheckTarget): string {
  const { check } = target;
  const output = check.output;
  const parts = [`# ${check.name}`, check.description ? `## ${check.description}` : undefined, output?.summary, output?.text];
  for (const image of output?.images ?? []) parts.push(`![${image.alt.replace(/[[\]]/g, '')}](${image.url})${image.caption ? `\n\n${image.caption}` : ''}`);
  return parts.filter(Boolean).join('\n\n');
}

export async function showCheckOutput(target: CheckTarget): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: outputMarkdown(target) });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}
