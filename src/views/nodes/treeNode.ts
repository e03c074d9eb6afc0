// What every node of the Gates tree is, and what the nodes are given to render: no node reaches for a
// service of its own, so the provider hands each one what it needs.
import type * as vscode from 'vscode';
import type { Check, MergeRequestRef } from '../../core/model';
import type { RepoFileIndex } from '../../diagnostics/repoFiles';

export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[];
  /** A URL `mrGates.openInBrowser` opens for this node, if any. */
  readonly webUrl?: string;
}

/** What a command needs to act on a check: which repository, which MR, which check. */
export interface CheckTarget {
  readonly root: string;
  readonly mergeRequest: MergeRequestRef;
  readonly check: Check;
}

/** What the provider gives the nodes that need more than their data. */
export interface NodeContext {
  /**
   * The publisher's last resolution of each reported path: whether an annotation's file may be opened.
   * A synchronous lookup, so rendering never touches the file system.
   */
  readonly files: Pick<RepoFileIndex, 'lookup'>;
}
