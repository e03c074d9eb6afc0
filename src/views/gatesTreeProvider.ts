// The Gates view. With one repository: its open MRs/PRs at the top, or the repository's own node when
// there is none (with a message saying why). With several: one node per repository, its MRs under it. Nodes are kept and updated in place, so a
// store change refreshes only the nodes of the repositories it names.
import * as vscode from 'vscode';
import type { RepoFileIndex } from '../diagnostics/repoFiles';
import { readyGates, type RepoEntry } from '../state/repoEntry';
import type { RepoStore, StoreChange } from '../state/store';
import { MergeRequestNode, RepositoryNode, type NodeContext, type TreeNode } from './nodes';
import { safeTreeItem } from './userText';

type TopNode = RepositoryNode | MergeRequestNode;

/** With one repository its MRs are at the top; with several, each repository is, with its MRs under it. */
function topIds(entry: RepoEntry, several: boolean): string[] {
  const gates = readyGates(entry);
  return gates.length && !several ? gates.map((g) => MergeRequestNode.idFor(entry.root, g)) : [RepositoryNode.idFor(entry.root)];
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
      const sameNodes = JSON.stringify(shown.map((n) => n.id)) === JSON.stringify(topIds(entry, this.several()));
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

  private several(): boolean {
    return this.store.all().length > 1;
  }

  private build(entry: RepoEntry, several: boolean): TopNode[] {
    const gates = readyGates(entry);
    // A repository node lists its MRs whenever it has some: with one repository it exists only without.
    if (several || !gates.length) return [new RepositoryNode(entry, this.context)];
    return gates.map((g) => new MergeRequestNode(entry, g, this.context));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return safeTreeItem(node.getTreeItem());
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    const entries = this.store.all();
    const several = entries.length > 1;
    for (const root of this.shown.keys()) if (!this.store.get(root)) this.shown.delete(root);
    return entries.flatMap((entry) => {
      const previous = this.shown.get(entry.root);
      const nodes = previous && JSON.stringify(previous.map((n) => n.id)) === JSON.stringify(topIds(entry, several)) ? previous : this.build(entry, several);
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
