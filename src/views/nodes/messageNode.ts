// A leaf that says something: why a repository shows nothing, an error, a note about the gate.
import * as vscode from 'vscode';
import { contextValue } from './contextValue';
import type { TreeNode } from './treeNode';

export interface MessageOptions {
  readonly icon?: string;
  readonly color?: string;
  readonly tooltip?: string;
  readonly command?: vscode.Command;
  readonly description?: string;
  /** contextValue flags after `message`, e.g. `error unauthorized`. */
  readonly flags?: string;
}

export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: MessageOptions = {},
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.description;
    item.tooltip = this.options.tooltip ?? this.label;
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? 'info', this.options.color ? new vscode.ThemeColor(this.options.color) : undefined);
    item.command = this.options.command;
    item.contextValue = contextValue('message', this.options.flags);
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
