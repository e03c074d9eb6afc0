// The Gates view. At the top: one node per open MR/PR of each repository's branch, or the repository's
// own node when there is none (with a message saying why). Nodes are kept and updated in place, so a
// store change refreshes only the nodes of the repositories it names.
import * as vscode from 'vscode';
import type { RepoFileIndex } from '../diagnostics/repoFiles';
import { readyGates, type RepoEntry } from '../state/repoEntry';
import type { RepoStore, StoreChange } from '../state/store';
import { MergeRequestNode, RepositoryNode, type NodeContext, type TreeNode } from './nodes';
import { safeTreeItem } from './userText';

type TopNode = RepositoryNode | MergeRequestNode;

function topIds(entry: RepoEntry): string[] {
  const gates = readyGates(entry);
  return gates.length ? gates.map((g) => MergeRequestNode.idFor(entry.root, g)) : [RepositoryNode.idFor(entry.root)];
}

export class GatesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The top-level nodes last handed to VS Code, per repository root. */
  private readonly shown = new Map<string, TopNode[]>();
  private readonly subscription: vscode.Disposable;
  private readonly context: NodeContext;

  constructor(
    private readonly store: RepoStore,
    files: RepoFileIndex,
  ) {
    this.context = { files };
    this.subscription = vscode.Disposable.from(
      store.onDidChange((change) => this.onStoreChange(change)),
      // Check and annotation nodes read the publisher's file index, which can finish after the first render.
      files.onDidChange((root) => this.shown.get(root)?.forEach((node) => this.emitter.fire(node))),
    );
  }

  private onStoreChange(change: StoreChange): void {
    if (change.membership) return this.emitter.fire(undefined);
    for (const root of change.changed) {
      const entry = this.store.get(root);
      const shown = this.shown.get(root);
      if (!entry || !shown) continue;
      const sameNodes = JSON.stringify(shown.map((n) => n.id)) === JSON.stringify(topIds(entry));
      if (!sameNodes) return this.emitter.fire(undefined);
      this.update(shown, entry);
      for (const node of shown) this.emitter.fire(node);
    }
  }

  private update(nodes: TopNode[], entry: RepoEntry): void {
    const gates = readyGates(entry);
    nodes.forEach((node, i) => {
      node.entry = entry;
      if (node instanceof MergeRequestNode) node.gateEntry = gates[i];
    });
  }

  private build(entry: RepoEntry): TopNode[] {
    const gates = readyGates(entry);
    return gates.length ? gates.map((g) => new MergeRequestNode(entry, g, this.context)) : [new RepositoryNode(entry)];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return safeTreeItem(node.getTreeItem());
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    const entries = this.store.all();
    for (const root of this.shown.keys()) if (!this.store.get(root)) this.shown.delete(root);
    return entries.flatMap((entry) => {
      const previous = this.shown.get(entry.root);
      const nodes = previous && JSON.stringify(previous.map((n) => n.id)) === JSON.stringify(topIds(entry)) ? previous : this.build(entry);
      this.update(nodes, entry);
      this.shown.set(entry.root, nodes);
      return nodes;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
