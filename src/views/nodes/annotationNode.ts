// One annotation of a check run. Clicking opens its file at the range, but only a file the publisher's
// index found readable: a regular file inside the repository, by its real path.
import * as vscode from 'vscode';
import type { Annotation } from '../../core/model';
import { contextValue } from './contextValue';
import type { NodeContext, TreeNode } from './treeNode';

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
    private readonly context: NodeContext,
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
    item.contextValue = contextValue('annotation');
    // Not indexed yet (the first publish is still running): no command until the index changes.
    const file = this.context.files.lookup(this.root, a.path);
    if (file?.kind === 'readable') {
      const line = Math.max(0, a.startLine - 1);
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Open'),
        arguments: [vscode.Uri.file(file.absolute), { selection: new vscode.Range(line, 0, Math.max(line, a.endLine - 1), 0) }],
      };
    }
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
