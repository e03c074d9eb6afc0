// The Gates view. With one repository: its open MRs/PRs at the top, or the repository's own node when
// there is none (with a message saying why). With several: one node per repository, its MRs under it. Nodes are kept and updated in place, so a
// store change refreshes only the nodes of the repositories it names.
import * as vscode from 'vscode';
import type { RepoFileIndex } from '../diagnostics/repoFiles';
import { isPinKey, readyGates, type RepoEntry } from '../state/repoEntry';
import type { RepoStore, StoreChange } from '../state/store';
import { MergeRequestNode, PinnedGroupNode, PinnedPendingNode, RepositoryNode, type NodeContext, type TreeNode } from './nodes';
import { safeTreeItem } from './userText';

type TopNode = RepositoryNode | MergeRequestNode;
type PinnedNode = MergeRequestNode | PinnedPendingNode;

/** A pinned MR is its MR's node once read, else a node saying why not. */
function pinnedId(entry: RepoEntry): string {
  const gate = readyGates(entry)[0];
  return gate ? MergeRequestNode.idFor(entry.root, gate) : PinnedPendingNode.idFor(entry.root);
}

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
  /** The Pinned group, after the repositories, while anything is pinned; its nodes kept per pin key. */
  private readonly pinnedGroup = new PinnedGroupNode(() => this.pinnedNodes());
  private readonly pinnedShown = new Map<string, PinnedNode>();

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
      if (isPinKey(root)) {
        this.onPinChange(root);
        continue;
      }
      const entry = this.store.get(root);
      const shown = this.shown.get(root);
      if (!entry || !shown) continue;
      const sameNodes = JSON.stringify(shown.map((n) => n.id)) === JSON.stringify(topIds(entry, this.several()));
      if (!sameNodes) return this.emitter.fire(undefined);
      this.update(shown, entry);
      for (const node of shown) this.emitter.fire(node);
    }
  }

  private onPinChange(key: string): void {
    const entry = this.store.get(key);
    const shown = this.pinnedShown.get(key);
    if (!entry || !shown || shown.id !== pinnedId(entry)) return this.emitter.fire(this.pinnedGroup);
    this.updatePinned(shown, entry);
    this.emitter.fire(shown);
  }

  private updatePinned(node: PinnedNode, entry: RepoEntry): void {
    node.entry = entry;
    const gate = readyGates(entry)[0];
    if (node instanceof MergeRequestNode && gate) node.gateEntry = gate;
  }

  private pinnedNodes(): PinnedNode[] {
    const entries = this.store.pinned();
    for (const key of this.pinnedShown.keys()) if (!this.store.get(key)) this.pinnedShown.delete(key);
    return entries.map((entry) => {
      const previous = this.pinnedShown.get(entry.root);
      const gate = readyGates(entry)[0];
      const node = previous && previous.id === pinnedId(entry) ? previous : gate ? new MergeRequestNode(entry, gate, this.context) : new PinnedPendingNode(entry);
      this.updatePinned(node, entry);
      this.pinnedShown.set(entry.root, node);
      return node;
    });
  }

  /** The Pinned group, for revealing a pin in the view. */
  get pinned(): PinnedGroupNode {
    return this.pinnedGroup;
  }

  /** The node of a pinned MR as last handed to VS Code. */
  pinnedNode(key: string): TreeNode | undefined {
    return this.pinnedShown.get(key);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return [...this.pinnedShown.values()].includes(node as PinnedNode) ? this.pinnedGroup : undefined;
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
    const repositories: TreeNode[] = entries.flatMap((entry) => {
      const previous = this.shown.get(entry.root);
      const nodes = previous && JSON.stringify(previous.map((n) => n.id)) === JSON.stringify(topIds(entry, several)) ? previous : this.build(entry, several);
      this.update(nodes, entry);
      this.shown.set(entry.root, nodes);
      return nodes;
    });
    return this.store.pinned().length ? [...repositories, this.pinnedGroup] : repositories;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
