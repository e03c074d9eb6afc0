// The Pinned group of the Gates view (Open Merge Request…): each pinned MR is a MergeRequestNode like a
// branch's, once the forge answered; until then (loading, signed out, failing) a node of its own says
// why, with the same rows and inline buttons a repository's node has.
import * as vscode from 'vscode';
import type { RepoEntry } from '../../state/repoEntry';
import { contextValue } from './contextValue';
import { RepositoryNode } from './repositoryNode';
import type { TreeNode } from './treeNode';

export class PinnedGroupNode implements TreeNode {
  static readonly ID = 'pinned';
  readonly id = PinnedGroupNode.ID;

  constructor(private readonly children: () => TreeNode[]) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.contextValue = contextValue('pinnedGroup');
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children();
  }
}

/** A pinned MR whose gate is not there (yet): `group/project!12`, with why as its child. */
export class PinnedPendingNode implements TreeNode {
  readonly id: string;
  constructor(public entry: RepoEntry) {
    this.id = PinnedPendingNode.idFor(entry.root);
  }

  static idFor(key: string): string {
    return `pinned:${key}`;
  }

  get webUrl(): string | undefined {
    const pin = this.entry.pin;
    if (!pin) return undefined;
    const page = pin.forge === 'gitlab' ? `-/merge_requests/${pin.number}` : pin.forge === 'github' ? `pull/${pin.number}` : `pulls/${pin.number}`;
    return `${pin.origin}/${pin.projectPath}/${page}`;
  }

  getTreeItem(): vscode.TreeItem {
    const pin = this.entry.pin;
    const label = pin ? `${pin.projectPath}${pin.forge === 'gitlab' ? '!' : '#'}${pin.number}` : this.entry.root;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = pin?.origin.replace(/^https?:\/\//, '');
    item.tooltip = this.webUrl;
    const kind = this.entry.status.kind;
    item.iconPath = new vscode.ThemeIcon(kind === 'error' ? 'warning' : kind === 'loading' ? 'loading~spin' : 'git-pull-request');
    item.contextValue = contextValue('pinnedMergeRequest', kind, 'pinned', 'openable');
    return item;
  }

  getChildren(): TreeNode[] {
    const children = new RepositoryNode(this.entry).getChildren();
    // A ready entry without its MR cannot happen (a pin's read has its one gate or fails): nothing to add.
    return this.entry.status.kind === 'ready' ? [] : children;
  }
}
