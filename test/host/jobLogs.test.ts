// Show Log in the real host: a job's log opens as a read-only Log document at the failing line, with the
// terminal codes gone; a long log shows its end and says so; a refusal is explained; a GitHub Actions
// run's log comes from the storage GitHub redirects to, without the token.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { checkRef, currentGate, openDemo, renderTree, type RenderedNode } from './mrGates';

type LogResult = { ok: boolean; message?: string; uri?: string; line?: number; cut?: string };
const showLog = (ref: unknown) => vscode.commands.executeCommand<LogResult>('mrGates.showLog', ref);
const ESC = '\x1b';

function findNode(nodes: readonly RenderedNode[], label: string): RenderedNode | undefined {
  for (const node of nodes) {
    if (node.label === label) return node;
    const inside = findNode(node.children, label);
    if (inside) return inside;
  }
  return undefined;
}

async function jobId(root: string, name: string): Promise<number> {
  const gate = await currentGate(root);
  const check = [...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])].find((c) => c.name === name);
  assert.ok(check, `no check ${name}`);
  return Number(check.forgeId);
}

suite('Show Log', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  suite('GitLab', () => {
    let demo: Awaited<ReturnType<typeof openDemo>>;
    setup(async () => {
      demo = await openDemo('gitlab');
    });
    teardown(() => demo.close());

    test('the failed job offers Show Log inline; a manual job that never ran has no log', async () => {
      const tree = await renderTree(6);
      assert.match(findNode(tree, 'unit')?.contextValue ?? '', /(^| )hasLog( |$)/);
      assert.doesNotMatch(findNode(tree, 'deploy-review')?.contextValue ?? '', /(^| )hasLog( |$)/);
    });

    test('the trace opens read-only in the Log language, cleaned, with the cursor on the failure', async () => {
      demo.forge.setJobLog(await jobId(demo.root, 'unit'), [
        `section_start:1700000001:step_script\r${ESC}[0K${ESC}[36;1m$ npm test${ESC}[0;m`,
        'ok 1 - compiles',
        `${ESC}[31mnpm ERR! Test failed.${ESC}[0m`,
        `section_end:1700000002:step_script\r${ESC}[0K`,
        'ERROR: Job failed: exit code 1',
      ].join('\n'));
      const result = await showLog(await checkRef(demo.root, 'unit'));
      assert.strictEqual(result.ok, true, result.message);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is open');
      const document = editor.document;
      assert.strictEqual(document.uri.toString(), result.uri);
      assert.strictEqual(document.uri.scheme, 'mr-gates-log');
      assert.match(document.uri.path, /\/unit #\d+\.log$/, 'named after the job');
      assert.strictEqual(document.languageId, 'log');
      assert.strictEqual(document.isUntitled, false, 'never an Untitled file');
      assert.strictEqual(document.getText(), '$ npm test\nok 1 - compiles\nnpm ERR! Test failed.\n\nERROR: Job failed: exit code 1');
      assert.strictEqual(editor.selection.active.line, 2, 'on the failing line');
      assert.strictEqual(result.line, 2);
    });

    test('a log longer than 2 MB shows its end, under a line that says so', async () => {
      demo.forge.setJobLog(await jobId(demo.root, 'unit'), `${'step output\n'.repeat(300_000)}ERROR: Job failed: exit code 1\n`);
      const result = await showLog(await checkRef(demo.root, 'unit'));
      assert.strictEqual(result.cut, 'head');
      const text = vscode.window.activeTextEditor?.document.getText() ?? '';
      assert.match(text.split('\n')[0], /^\[MR Gates\] The last 2 MB of a log of 3\.4 MB\. The whole log is on the job's page\.$/);
      assert.ok(text.endsWith('ERROR: Job failed: exit code 1\n'));
      assert.ok(text.length < 2.1 * 1024 * 1024);
    });

    test('a token that may not read the trace gets a clear refusal, and no editor opens', async () => {
      demo.forge.inject({ method: 'GET', path: /\/trace$/ }, { status: 403, body: { message: '403 Forbidden' } });
      const result = await showLog(await checkRef(demo.root, 'unit'));
      assert.strictEqual(result.ok, false);
      assert.match(result.message ?? '', /^Your token may not read the log of unit \(.*403 Forbidden/);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.scheme === 'mr-gates-log', false);
    });
  });

  suite('GitHub Actions', () => {
    let demo: Awaited<ReturnType<typeof openDemo>>;
    setup(async () => {
      demo = await openDemo('github');
    });
    teardown(() => demo.close());

    test('the log comes from where GitHub redirects, read without the token, at the ##[error] line', async () => {
      demo.forge.setJobLog(await jobId(demo.root, 'test'), [
        '2026-01-01T10:00:00.0000000Z ##[group]Run npm test',
        '2026-01-01T10:00:01.0000000Z not ok 1 - greet says hello',
        '2026-01-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.',
      ].join('\n'));
      const result = await showLog(await checkRef(demo.root, 'test'));
      assert.strictEqual(result.ok, true, result.message);
      assert.strictEqual(result.line, 2);
      assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /##\[error\]Process completed/);
      const downloads = await demo.forge.logDownloads();
      assert.deepStrictEqual(downloads.map((d) => d.withToken), [false]);
    });
  });
});
