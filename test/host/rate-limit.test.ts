// A low rate-limit budget in the real host (issue 9): the poll is stretched so that what is left
// lasts until the reset, and the MR's tooltip says so.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { mrGates, openDemo, waitForEntry } from './mrGates';

suite('rate-limit budget in the host', () => {
  test('below 20 % left, the poll is stretched until the reset and the MR node says so', async () => {
    const demo = await openDemo('github');
    try {
      const reset = Math.floor(Date.now() / 1000) + 30 * 60;
      demo.forge.inject({ path: /.*/ }, { headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '40', 'x-ratelimit-reset': String(reset) } });
      await vscode.commands.executeCommand('mrGates.refresh');
      const entry = await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.rateLimit !== undefined, 'the low budget noted');
      const low = entry.status.kind === 'ready' ? entry.status.rateLimit : undefined;
      assert.ok(low && low.intervalMs > 30_000 && low.intervalMs <= 3_600_000, `stretched: ${low?.intervalMs}`);
      assert.strictEqual(low.budget.remaining, 40);
      const api = await mrGates();
      const node = (await api.provider.getChildren())?.find((n) => n.id.includes(demo.root));
      assert.ok(node, 'the MR node');
      const tooltip = (await api.provider.getTreeItem(node)).tooltip as vscode.MarkdownString;
      assert.match(tooltip.value, /Rate limit low: 40 of 5000 requests left/);
      demo.forge.clearFaults();
      await vscode.commands.executeCommand('mrGates.refresh');
      await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.rateLimit === undefined, 'the budget back to normal');
    } finally {
      await demo.close();
    }
  });
});
