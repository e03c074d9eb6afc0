// Activation in the real host: the contract's commands and view exist, activate() is synchronous
// (so it cannot await the network), and a fresh workspace shows the right empty state.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { log, waitFor } from './helpers';
import { EXTENSION_ID, mrGates } from './mrGates';

suite('activation', () => {
  test('activates on startup without being asked, and exposes its state to the tests', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const api = await mrGates();
    assert.strictEqual(extension.isActive, true);
    assert.strictEqual(typeof api.store.all, 'function');
    assert.strictEqual(api.commands.signIn, 'mrGates.signIn');
    log(`activate() took ${api.activationMs.toFixed(1)} ms (a figure for the README, not a limit)`);
  });

  test('registers every contract command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const contract = ['signIn', 'signOut', 'refresh', 'setStatus', 'retry', 'retryFailed', 'runAction', 'openInBrowser', 'manageStatusChecks'];
    for (const id of contract.map((c) => `mrGates.${c}`)) {
      assert.ok(all.has(id), `${id} is not registered`);
    }
  });

  test('the Gates view can be focused', async () => {
    await vscode.commands.executeCommand('mrGates.gates.focus');
  });

  test('the git extension is found and the empty scratch folder gives no repository nodes', async () => {
    const api = await mrGates();
    await waitFor(() => (api.git.availability === 'available' ? true : undefined), { event: api.git.onDidChangeAvailability, message: 'git available' });
    assert.deepStrictEqual(api.store.all(), [], 'a folder without git is not a repository');
  });

  test('refresh with nothing to read resolves quietly', async () => {
    await vscode.commands.executeCommand('mrGates.refresh');
  });

  test('openInBrowser with nothing on a known forge opens nothing', async () => {
    assert.deepStrictEqual((await mrGates()).store.all(), []);
    assert.strictEqual(await vscode.commands.executeCommand('mrGates.openInBrowser'), undefined);
  });
});
