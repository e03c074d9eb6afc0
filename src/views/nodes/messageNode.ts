// A leaf that says something: why a repository shows nothing, an error, a note about the gate.
import * as vscode from 'vscode';
import { contextValue } from './contextValue';
import type { TreeNode } from './treeNode';

export interface MessageOptions {
  readonly icon?: string;
  readonly color?: string;
  readonly tooltip?: string;
  readonly description?: string;
  /** contextValue flags after `message`, e.g. `error unauthorized`; they choose the inline action. */
  readonly flags?: string;
  /** A page its inline Open in Browser opens (flag `openable`). */
  readonly webUrl?: string;
  /** The instance its inline Sign In signs in to (flag `signIn`). */
  readonly signInUrl?: string;
  /** The repository it is about, for a command run from its inline button (Create Merge Request). */
  readonly root?: string;
}

/**
 * A message runs nothing when clicked (the UX guidelines keep clicks for selection): its action is an
 * inline button chosen by its flags, and its full text is in the tooltip, since a narrow view cuts it.
 */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: MessageOptions = {},
  ) {}

  get webUrl(): string | undefined {
    return this.options.webUrl;
  }

  get signInUrl(): string | undefined {
    return this.options.signInUrl;
  }

  get root(): string | undefined {
    return this.options.root;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.description;
    const { tooltip } = this.options;
    item.tooltip = tooltip && tooltip !== this.label ? `${this.label}\n\n${tooltip}` : this.label;
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? 'info', this.options.color ? new vscode.ThemeColor(this.options.color) : undefined);
    item.contextValue = contextValue('message', this.options.flags, this.options.webUrl && 'openable', this.options.signInUrl && 'signIn');
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
