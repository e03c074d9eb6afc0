// A group under an MR: its external status checks, its pipeline (itself a check) and stages, its
// commit statuses, its check runs. It shows its worst member.
import * as vscode from 'vscode';
import type { CheckState } from '../../core/states';
import { stateWord } from '../words';
import { checkFlags, contextValue } from './contextValue';
import { stateIcon } from './gateState';
import type { CheckTarget, TreeNode } from './treeNode';

export interface GroupOptions {
  /** Instead of the state word, e.g. `2/3 passed`. */
  readonly description?: string;
  /** When the group is a check itself (the pipeline): commands act on it. */
  readonly target?: CheckTarget;
  /** contextValue flags after `group`, for a group that is no check. */
  readonly flags?: string;
  readonly tooltip?: string;
}

export class GroupNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly children: TreeNode[],
    private readonly state: CheckState,
    private readonly options: GroupOptions = {},
  ) {}

  get target(): CheckTarget | undefined {
    return this.options.target;
  }

  get webUrl(): string | undefined {
    return this.options.target?.check.url;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = this.options.description ?? stateWord(this.state);
    item.iconPath = stateIcon(this.state);
    if (this.options.tooltip) item.tooltip = this.options.tooltip;
    const check = this.options.target?.check;
    item.contextValue = check ? contextValue('group', ...checkFlags(check)) : contextValue('group', this.options.flags);
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}
