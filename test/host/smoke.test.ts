// Proves the harness: a real VS Code, the extension loads and activates, and the multi-root test
// workspace accepts folders that the built-in git extension picks up, all in one extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { addWorkspaceFolder, getGitApi, findGitRepository, log, makeGitRepo, removeWorkspaceFolder, waitFor, waitForGitRepository } from './helpers';

const EXTENSION_ID = 'mr-gates.mr-gates';

suite('host smoke', () => {
  test('runs in a real VS Code', () => {
    const { appHost, uriScheme, uiKind, remoteName, appName } = vscode.env;
    log(`vscode.version ${vscode.version}, appName ${appName}, appHost ${appHost}, uriScheme ${uriScheme}, remoteName ${remoteName}, uiKind ${vscode.UIKind[uiKind]}`);
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    // code-server (a VS Code server distribution, web UI): appHost "server-distro";
    // desktop VS Code (run-desktop.mjs): "desktop". A test double would have neither.
    assert.strictEqual(appHost, uiKind === vscode.UIKind.Desktop ? 'desktop' : 'server-distro');
    assert.match(uriScheme, /^(vscode|vscode-insiders|code-oss|vscodium)$/);
    assert.ok(vscode.workspace.workspaceFile, 'the window opened the multi-root test workspace (tests.code-workspace)');
  });

  test('the extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded (extensionDevelopmentPath)`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('a git repository added to the workspace is opened by the git extension', async () => {
    const api = await getGitApi();
    const root = await makeGitRepo({
      remotes: { origin: 'https://gitlab.example.invalid/group/project.git' },
      branch: 'feature/smoke',
      files: { 'src/a.txt': 'a\n' },
    });
    const uri = vscode.Uri.file(root);
    // The extension host must survive the workspace change: state from before it stays reachable.
    const marker = Symbol('same extension host');
    (globalThis as Record<symbol, unknown>)[marker] = true;
    await addWorkspaceFolder(uri);
    try {
      const repo = await waitForGitRepository(root);
      const head = await waitFor(() => repo.state.HEAD?.name, { event: repo.state.onDidChange, message: 'HEAD of the new repository' });
      assert.strictEqual(head, 'feature/smoke');
      assert.deepStrictEqual(
        repo.state.remotes.map((r) => [r.name, r.fetchUrl]),
        [['origin', 'https://gitlab.example.invalid/group/project.git']],
      );
      assert.strictEqual((globalThis as Record<symbol, unknown>)[marker], true);
    } finally {
      await removeWorkspaceFolder(uri);
    }
    await waitFor(() => (findGitRepository(api, root) ? undefined : true), {
      event: api.onDidCloseRepository,
      message: 'the git extension to close the removed repository',
    });
    assert.ok(!vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === root));
  });
});
