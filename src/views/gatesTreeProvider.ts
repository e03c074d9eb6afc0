// The Gates view. It keeps one RepositoryNode per repository and refreshes only those the store names.
import * as vscode from 'vscode';
import type { RepoStore, StoreChange } from '../state/store';
import { RepositoryNode, type TreeNode } from './nodes';

export class GatesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, RepositoryNode>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: RepoStore) {
    this.subscription = store.onDidChange((change) => this.onStoreChange(change));
  }

  private onStoreChange(change: StoreChange): void {
    if (change.membership) {
      this.emitter.fire(undefined);
      return;
    }
    for (const root of change.changed) {
      const node = this.nodes.get(root);
      const entry = this.store.get(root);
      if (!node || !entry) continue;
      node.entry = entry;
      this.emitter.fire(node);
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    const entries = this.store.all();
    for (const root of this.nodes.keys()) if (!this.store.get(root)) this.nodes.delete(root);
    return entries.map((entry) => {
      let repoNode = this.nodes.get(entry.root);
      if (!repoNode) this.nodes.set(entry.root, (repoNode = new RepositoryNode(entry)));
      repoNode.entry = entry;
      return repoNode;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
