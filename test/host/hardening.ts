// Host-test tools for "safe against a hostile forge": feed one repository bad input, then prove the
// damage stayed there. A fault probe records every unhandled rejection and uncaught exception in the
// extension host (the tests run in that same process) and snapshots the tree nodes and diagnostics of
// the repositories that are NOT under attack, so a test can assert at the end that they are unchanged.
//
//   const probe = await startFaultProbe({ attacked: [hostile.root] });
//   ... feed the hostile input and wait until the extension handled it ...
//   await probe.assertClean();   // throws on a fault, a dead command, or a bystander that changed
//
// assertClean() runs `mrGates.refresh` (a command must still answer), waits for the diagnostics to
// settle, and then compares. It disposes the probe; call dispose() in teardown too, for failed tests.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { mrGates } from './mrGates';

export interface FaultProbeOptions {
  /** Roots of the repositories the test attacks: only their nodes and diagnostics may change. */
  readonly attacked: readonly string[];
  /** Tree levels to compare (default 8: more than the tree has). */
  readonly treeDepth?: number;
}

export interface FaultProbe {
  /** Unhandled rejections and uncaught exceptions since the probe started, as readable lines. */
  readonly faults: readonly string[];
  /** The repositories compared against the snapshot: every store root not under attack. */
  readonly bystanders: readonly string[];
  /**
   * Throws unless no fault happened, `mrGates.refresh` still answers, and every bystander's tree
   * nodes and diagnostics equal the snapshot taken at start. Disposes the probe.
   */
  assertClean(): Promise<void>;
  dispose(): void;
}

interface NodeSnapshot {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue?: string;
  readonly command?: string;
  readonly children: NodeSnapshot[];
}

function describeFault(kind: string, reason: unknown): string {
  const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  return `${kind}: ${text}`;
}

function isUnder(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The root a top-level node belongs to: the longest store root its id names. */
function ownerOf(node: TreeNode, roots: readonly string[]): string | undefined {
  return roots.filter((root) => node.id.includes(root)).sort((a, b) => b.length - a.length)[0];
}

function tooltipText(tooltip: string | vscode.MarkdownString | undefined): string | undefined {
  return typeof tooltip === 'string' || tooltip === undefined ? tooltip : tooltip.value;
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

async function snapshotNode(api: MrGatesApi, node: TreeNode, depth: number): Promise<NodeSnapshot> {
  const item = await api.provider.getTreeItem(node);
  const children = depth > 1 ? ((await api.provider.getChildren(node)) ?? []) : [];
  return {
    label: labelText(item.label),
    description: typeof item.description === 'string' ? item.description : undefined,
    tooltip: tooltipText(item.tooltip),
    contextValue: item.contextValue,
    command: item.command ? JSON.stringify([item.command.command, item.command.arguments]) : undefined,
    children: await Promise.all(children.map((child) => snapshotNode(api, child, depth - 1))),
  };
}

async function snapshotTrees(api: MrGatesApi, bystanders: readonly string[], depth: number): Promise<Record<string, NodeSnapshot[]>> {
  const roots = api.store.all().map((e) => e.root);
  const top = (await api.provider.getChildren()) ?? [];
  const trees: Record<string, NodeSnapshot[]> = {};
  for (const root of bystanders) trees[root] = [];
  for (const node of top) {
    const owner = ownerOf(node, roots);
    if (owner && bystanders.includes(owner)) trees[owner].push(await snapshotNode(api, node, depth));
  }
  return trees;
}

function snapshotDiagnostics(bystanders: readonly string[]): Record<string, string[]> {
  const byRoot: Record<string, string[]> = {};
  for (const root of bystanders) byRoot[root] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const root = bystanders.find((r) => isUnder(uri.fsPath, r));
    if (!root) continue;
    for (const d of diagnostics) {
      const range = [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character].join(':');
      byRoot[root].push(JSON.stringify([path.relative(root, uri.fsPath), range, d.severity, d.source, String(d.code ?? ''), d.message]));
    }
  }
  for (const lines of Object.values(byRoot)) lines.sort();
  return byRoot;
}

/** Lets Node emit the `unhandledRejection` events of promises that were rejected up to now. */
function flushRejections(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function startFaultProbe(options: FaultProbeOptions): Promise<FaultProbe> {
  const api = await mrGates();
  const depth = options.treeDepth ?? 8;
  const faults: string[] = [];
  const onRejection = (reason: unknown): void => void faults.push(describeFault('unhandled rejection', reason));
  const onException = (error: unknown): void => void faults.push(describeFault('uncaught exception', error));
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtExceptionMonitor', onException);
  };

  await api.diagnostics.idle();
  const bystanders = api.store.all().map((e) => e.root).filter((root) => !options.attacked.includes(root));
  const trees = await snapshotTrees(api, bystanders, depth);
  const diagnostics = snapshotDiagnostics(bystanders);

  return {
    faults,
    bystanders,
    dispose,
    async assertClean(): Promise<void> {
      try {
        await vscode.commands.executeCommand('mrGates.refresh');
        await api.diagnostics.idle();
        await flushRejections();
        assert.deepStrictEqual(faults, [], 'no unhandled rejection or uncaught exception in the extension host');
        assert.deepStrictEqual(snapshotDiagnostics(bystanders), diagnostics, 'the other repositories keep their diagnostics');
        assert.deepStrictEqual(await snapshotTrees(api, bystanders, depth), trees, 'the other repositories keep their tree');
      } finally {
        dispose();
      }
    },
  };
}
