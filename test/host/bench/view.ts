// The tree of scenario B as the real Gates view renders it: the view is opened in the workbench, and
// after a store change the figure ends when VS Code (the workbench, through the extension host's tree
// view) has asked the provider for the tree items of all 500 run nodes again. The provider is watched,
// not changed: its instance gets a wrapper of getTreeItem that counts the run nodes asked for.
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../../src/extension';
import type { RepoEntry } from '../../../src/state/repoEntry';
import type { TreeNode } from '../../../src/views/nodes';
import { waitFor } from '../helpers';
import { addRow, sampled } from './measure';
import { TREE_RUNS } from './world';

const RUNS = 5;
/**
 * The extension host coalesces a view's refreshes for 200 ms after one (ExtHostTreeView debounces
 * onDidChangeTreeData, leading edge): a sample started inside that window would time the debounce.
 */
const REFRESH_DEBOUNCE_MS = 200;
const isRunNode = (node: TreeNode): boolean => /\|checkRun:[^/]*$/.test(node.id);

export async function realViewBench(api: MrGatesApi, base: RepoEntry, changed: (entry: RepoEntry, tag: string) => RepoEntry, scope: string): Promise<void> {
  const provider = api.provider as { getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> };
  const asked = new Set<string>();
  const onAsked = new vscode.EventEmitter<void>();
  const original = provider.getTreeItem;
  provider.getTreeItem = function (this: unknown, node: TreeNode) {
    if (isRunNode(node)) {
      asked.add(node.id);
      if (asked.size === TREE_RUNS) onAsked.fire();
    }
    return original.call(this, node);
  };
  const allAsked = (what: string) => waitFor(() => (asked.size >= TREE_RUNS ? true : undefined), { event: onAsked.event, message: what, timeoutMs: 30_000, pollMs: 1000 });
  let lastRefresh = performance.now();
  try {
    await vscode.commands.executeCommand('workbench.view.extension.mrGates');
    await allAsked('the opened view to ask for every run');
    await sampled(`the same tree in the real Gates view: store change → the workbench has asked for all ${TREE_RUNS} run nodes' tree items (${scope})`, RUNS, async (i) => {
      const entry = changed(base, `v${i}`);
      const wait = REFRESH_DEBOUNCE_MS + 50 - (performance.now() - lastRefresh);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      asked.clear();
      const started = performance.now();
      lastRefresh = started;
      api.store.set(entry);
      await allAsked(`the view to ask for every run again (${i})`);
      const took = performance.now() - started;
      await api.diagnostics.idle();
      return took;
    });
  } catch (err) {
    addRow(`the same tree in the real Gates view (${scope})`, `not measured: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    delete (provider as Partial<typeof provider>).getTreeItem; // back to the prototype's method
    onAsked.dispose();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  }
}
