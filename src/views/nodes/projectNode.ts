// The forge project of a repository that has no open MR for its branch; clicking opens it in the browser.
import * as vscode from 'vscode';
import { COMMANDS } from '../../ids';
import { contextValue } from './contextValue';
import type { TreeNode } from './treeNode';

export class ProjectNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly name: string,
    readonly webUrl: string,
    private readonly defaultBranch?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.defaultBranch ? vscode.l10n.t('default branch {0}', this.defaultBranch) : undefined;
    item.tooltip = this.webUrl;
    item.iconPath = new vscode.ThemeIcon('repo');
    item.contextValue = contextValue('project', 'openable');
    item.command = { command: COMMANDS.openInBrowser, title: vscode.l10n.t('Open in Browser'), arguments: [this] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
