// "Output": opens a check run's text and images as a read-only Markdown preview (checkOutputDocument.ts).
import * as vscode from 'vscode';
import { COMMANDS } from '../../ids';
import { contextValue } from './contextValue';
import type { CheckTarget, TreeNode } from './treeNode';

export class OutputNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly target: CheckTarget,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Output'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = contextValue('checkOutput');
    item.command = { command: COMMANDS.showCheckOutput, title: vscode.l10n.t('Show Check Output'), arguments: [this.target] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
