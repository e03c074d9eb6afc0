// The Awaiting Answer view as its user waits for it, in the real host: a watched GitLab project with
// 200 open MRs × 5 external status checks pending (the fake GitLab in the extension host, RTT 0).
//   cold: the view is opened on a project never read (a fresh forge each time: nothing cached) → the
//         workbench has asked for all 1,000 rows' tree items (list, read, map, rows, badge, render);
//   settled: Refresh with the view open, nothing changed (every answer a 304) → all rows asked again.
// The provider is watched, not changed: its instance gets a wrapper of getTreeItem that counts rows.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/views/nodes';
import { FakeForge, QUEUE_TOKEN, seedQueueWorld } from '../../fake-forge';
import { waitFor } from '../helpers';
import { setInstances, signIn, signOut } from '../mrGates';
import { addRow, sampled } from './measure';

const RUNS = 5;
const MERGE_REQUESTS = 200;
const CHECKS = 5;
const ROWS = MERGE_REQUESTS * CHECKS;
/** As in view.ts: the extension host coalesces a view's refreshes for 200 ms after one. */
const REFRESH_DEBOUNCE_MS = 200;

async function watch(forge: FakeForge | undefined, project?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('mrGates');
  await config.update('watchedProjects', forge && project ? [`${forge.url}/${project}`] : undefined, vscode.ConfigurationTarget.Global);
}

async function hideQueue(api: MrGatesApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.explorer');
  await waitFor(() => (!api.queue.view.visible ? true : undefined), { event: api.queue.view.onDidChangeVisibility, message: 'the queue hidden' });
}

export async function queueBench(api: MrGatesApi): Promise<void> {
  const provider = api.queue.provider as { getTreeItem(node: TreeNode): vscode.TreeItem };
  const asked = new Set<string>();
  const onAsked = new vscode.EventEmitter<void>();
  // Rows of this sample's forge only: the last sample's may still be shown while the new read runs.
  let rowPrefix = '';
  const original = provider.getTreeItem;
  provider.getTreeItem = function (this: unknown, node: TreeNode) {
    if (rowPrefix && node.id.startsWith(rowPrefix)) {
      asked.add(node.id);
      if (asked.size === ROWS) onAsked.fire();
    }
    return original.call(this, node);
  };
  const allAsked = (what: string) => waitFor(() => (asked.size >= ROWS ? true : undefined), { event: onAsked.event, message: what, timeoutMs: 60_000, pollMs: 1000 });
  const scope = `${MERGE_REQUESTS} open MRs × ${CHECKS} external status checks, the fake GitLab in the extension host (RTT 0)`;
  let forge: FakeForge | undefined;
  const config = vscode.workspace.getConfiguration('mrGates');
  try {
    await config.update('queue.pollInterval', 3600, vscode.ConfigurationTarget.Global);
    await hideQueue(api);
    await sampled(`Awaiting Answer, cold: open the view on a project never read → the workbench has asked for all ${ROWS} rows (${scope})`, RUNS, async () => {
      await hideQueue(api);
      if (forge) {
        await signOut(forge.url);
        await forge.close();
      }
      forge = await FakeForge.start({ kind: 'gitlab', exchanges: false });
      const world = seedQueueWorld(forge, { projects: 1, mergeRequestsPerProject: MERGE_REQUESTS, checksPerMergeRequest: CHECKS });
      await setInstances([{ url: forge.url, forge: 'gitlab' }]);
      assert.ok((await signIn(forge.url, QUEUE_TOKEN)).ok);
      await watch(forge, world.projects[0]);
      rowPrefix = `queue:${forge.origin}|`;
      asked.clear();
      const started = performance.now();
      await vscode.commands.executeCommand('mrGates.queue.focus');
      await allAsked('the opened queue to ask for every row');
      const took = performance.now() - started;
      assert.strictEqual(api.queue.view.badge?.value, ROWS, 'the badge counts every row');
      return took;
    });
    const settledForge = forge;
    if (!settledForge) throw new Error('no forge');
    await sampled(`Awaiting Answer, settled: Refresh with nothing changed (every answer a 304) → all ${ROWS} rows asked again (${scope})`, RUNS, async () => {
      await new Promise((resolve) => setTimeout(resolve, REFRESH_DEBOUNCE_MS + 50));
      asked.clear();
      settledForge.clearRequests();
      const started = performance.now();
      await vscode.commands.executeCommand('mrGates.refreshQueue');
      await allAsked('the refreshed queue to ask for every row again');
      const took = performance.now() - started;
      assert.strictEqual(settledForge.requests.length, 2 + MERGE_REQUESTS, 'both pages and every MR\'s checks, asked again');
      return took;
    });
  } catch (err) {
    addRow(`Awaiting Answer (${scope})`, `not measured: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    delete (provider as Partial<typeof provider>).getTreeItem; // back to the prototype's method
    onAsked.dispose();
    await hideQueue(api).catch(() => undefined);
    await watch(undefined);
    await config.update('queue.pollInterval', undefined, vscode.ConfigurationTarget.Global);
    if (forge) {
      await signOut(forge.url).catch(() => undefined);
      await forge.close();
    }
  }
}
