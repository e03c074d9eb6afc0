// An unfocused window sends nothing (issue 9): a re-read that comes due while the window has no focus
// waits, and runs as soon as the window has focus again. The test holds the window's focus state, so
// the workbench's own focus changes cannot race with it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { checkRef, mrGates, openGitLabDemo } from './mrGates';

suite('an unfocused window', () => {
  test('sends nothing: a re-read after a command waits while the window has no focus, and runs when it has focus again', async () => {
    const demo = await openGitLabDemo();
    const api = await mrGates();
    try {
      api.focus.hold(false);
      const result = (await vscode.commands.executeCommand('mrGates.retry', await checkRef(demo.root, 'License compliance'))) as { ok: boolean };
      assert.ok(result.ok, 'the retry itself is sent: the user asked for it');
      // The first re-read after the command runs at once; the next one comes due 2 s later and must wait.
      await waitFor(() => (api.controller.isParked(demo.root) ? true : undefined), { pollMs: 100, message: 'the due re-read parked', timeoutMs: 10_000 });
      const parkedAt = demo.forge.requests.at(-1)?.seq ?? 0;
      api.focus.hold(true);
      assert.ok(!api.controller.isParked(demo.root), 'the parked re-read ran on focus');
      await demo.forge.waitForRequest((r) => r.seq > parkedAt && r.method === 'GET' && /\/merge_requests\/1$/.test(r.path), { includePast: true, timeoutMs: 10_000 });
    } finally {
      api.focus.release();
      await demo.close();
    }
  });
});
