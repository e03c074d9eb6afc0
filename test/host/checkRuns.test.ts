// Gitee and GitHub check runs in the real host: the tree, annotations as diagnostics (file, range,
// severity, source, stale marking, traversal), lines that follow an edit after save, and the commands.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DiagnosticOrigin } from '../../src/diagnostics/gateDiagnostic';
import { git, gitInOpenRepo, waitFor } from './helpers';
import { mrGates, openDemo, renderTree, waitForEntry, type RenderedNode } from './mrGates';

type Result = { ok: boolean; errorKind?: string; message?: string; opened?: string; detail?: string };

async function prNode(): Promise<RenderedNode> {
  const node = (await renderTree(4)).find((n) => n.label.startsWith('#1 '));
  assert.ok(node, 'no PR node');
  return node;
}

function runNode(pr: RenderedNode, name: string): RenderedNode {
  const runs = pr.children.find((c) => c.label === 'Check runs');
  const run = runs?.children.find((c) => c.label === name);
  assert.ok(run, `no run ${name}`);
  return run;
}

suite('Gitee check runs', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  const file = (rel: string) => vscode.Uri.file(path.join(demo.root, rel));
  const lintDiagnostics = () => vscode.languages.getDiagnostics(file('src/app.ts')).filter((d) => d.source === 'lint');
  setup(async () => {
    demo = await openDemo('gitee');
    await (await mrGates()).diagnostics.idle();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo.close();
  });

  test('the PR node, its check runs, and a run\'s output and annotations as children', async () => {
    const pr = await prNode();
    assert.match(pr.label, /^#1 Add the gates view$/);
    const lint = runNode(pr, 'lint');
    assert.match(lint.description ?? '', /^failed · 1 file not in the working tree · 8 problems/);
    assert.match(lint.contextValue ?? '', /^check checkRun failed hasActions openable$/, 'no Retry: Gitee has no re-run API');
    const children = await renderTree(1, lint.node);
    assert.strictEqual(children[0].label, 'Output');
    assert.ok(children.some((c) => c.label === 'src/app.ts:2  User input `name` reaches the output without escaping.'));
    assert.strictEqual(runNode(pr, 'security-scan').description?.startsWith('running'), true);
  });

  test('annotations become diagnostics with the right file, range, severity, source and code', () => {
    const onApp = lintDiagnostics();
    assert.strictEqual(onApp.length, 4);
    const xss = onApp.find((d) => d.code === 'security/unescaped-output')!;
    assert.strictEqual(xss.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual([xss.range.start.line, xss.range.start.character, xss.range.end.line, xss.range.end.character], [1, 9, 1, 25]);
    assert.match(xss.relatedInformation?.[0].message ?? '', /^Source: parameter/);
    const multi = onApp.find((d) => d.code === 'prefer-arrow-callback')!;
    assert.deepStrictEqual([multi.range.start.line, multi.range.end.line, multi.severity], [0, 2, vscode.DiagnosticSeverity.Warning]);
    assert.strictEqual(onApp.find((d) => d.code === 'jsdoc/require-jsdoc')?.severity, vscode.DiagnosticSeverity.Information);
  });

  test('a published diagnostic keeps its origin: repository, PR, check run, sha and source', async () => {
    const lintId = runNode(await prNode(), 'lint').node.id.split('|').pop();
    // The extension host hands back the very objects the publisher set, so the origin is on them.
    const origins = lintDiagnostics().map((d) => {
      const { root, mergeRequest, checkId, sha, findingSource } = d as vscode.Diagnostic & Partial<DiagnosticOrigin>;
      return { root, mergeRequest, checkId, sha, findingSource };
    });
    assert.strictEqual(origins.length, 4);
    for (const origin of origins) assert.deepStrictEqual(origin, { root: demo.root, mergeRequest: '#1', checkId: lintId, sha: demo.headSha, findingSource: 'checkRuns' });
  });

  test('a traversal path is dropped and counted; a missing file is listed, not shown', async () => {
    const api = await mrGates();
    const report = api.diagnostics.reportFor(demo.root);
    assert.strictEqual(report?.dropped, 1);
    assert.strictEqual(api.diagnostics.files.lookup(demo.root, 'docs/missing.md')?.kind, 'missing');
    assert.ok(!vscode.languages.getDiagnostics().some(([uri]) => /outside\.txt|missing\.md/.test(uri.fsPath)));
  });

  test('an edit above an annotated line moves its diagnostic down after save', async () => {
    const document = await vscode.workspace.openTextDocument(file('src/app.ts'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// a new first line\n');
    await vscode.workspace.applyEdit(edit);
    assert.strictEqual(lintDiagnostics().find((d) => d.code === 'security/unescaped-output')?.range.start.line, 1, 'not re-mapped on keystrokes');
    await document.save();
    const moved = await waitFor(() => lintDiagnostics().find((d) => d.code === 'security/unescaped-output' && d.range.start.line === 2), { event: vscode.languages.onDidChangeDiagnostics, message: 'diagnostic moved to line 3' });
    assert.deepStrictEqual([moved.range.start.character, moved.range.end.character], [9, 25]);
  });

  test('after a local commit the diagnostics say they are from another commit, dimmed by default', async () => {
    await gitInOpenRepo(demo.root, 'commit', '-q', '--allow-empty', '-m', 'local');
    const head = (await git(demo.root, 'rev-parse', 'HEAD')).trim();
    await waitForEntry(demo.root, (e) => e.headSha === head && e.status.kind === 'ready', 'the new HEAD read');
    const stale = await waitFor(() => lintDiagnostics().find((d) => d.code === 'security/unescaped-output' && /your HEAD is/.test(d.message)), { event: vscode.languages.onDidChangeDiagnostics, message: 'stale marking' });
    assert.ok(stale.message.includes(`from ${demo.headSha.slice(0, 7)}; your HEAD is ${head.slice(0, 7)}`));
    assert.strictEqual(stale.severity, vscode.DiagnosticSeverity.Information);
    await vscode.workspace.getConfiguration('mrGates').update('diagnostics.stale', 'hide', vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => (lintDiagnostics().length === 0 ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'stale hidden' });
    } finally {
      await vscode.workspace.getConfiguration('mrGates').update('diagnostics.stale', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('retry says Gitee has no re-run API and offers the PR page; nothing is sent', async () => {
    demo.forge.clearRequests();
    const ref = { root: demo.root, mergeRequest: '#1', checkId: runNode(await prNode(), 'lint').node.id.split('|').pop() };
    const result = (await vscode.commands.executeCommand('mrGates.retry', ref)) as Result;
    assert.strictEqual(result.errorKind, 'unsupported');
    assert.match(result.message ?? '', /no API to re-run/);
    assert.match(result.opened ?? '', /\/demo\/mr-gates-demo\/pulls\/1$/);
    assert.strictEqual(demo.forge.requests.filter((r) => r.method !== 'GET').length, 0);
  });

  test('runAction on an action button opens the check page and explains why', async () => {
    // A loopback page: the workbench asks before opening any other site, and tests cannot answer dialogs.
    const lintRun = [...demo.forge.gitee.runs.values()].find((r) => r.name === 'lint')!;
    lintRun.detailsUrl = `${demo.forge.url}/checks/lint`;
    await vscode.commands.executeCommand('mrGates.refresh');
    const result = (await vscode.commands.executeCommand('mrGates.runAction', { root: demo.root, mergeRequest: '#1', checkId: runNode(await prNode(), 'lint').node.id.split('|').pop() }, { action: 'button:autofix' })) as Result;
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.opened, `${demo.forge.url}/checks/lint`);
    assert.match(result.detail ?? '', /No forge lets a client press a check's action button/);
  });

  test('setStatus on a running check PATCHes it (admin), the tree shows the conclusion, and the user is told once', async () => {
    const id = runNode(await prNode(), 'security-scan').node.id.split('|').pop();
    const api = await mrGates();
    const told: string[] = [];
    const listening = api.onDidNotify(({ text }) => told.push(text));
    let result: Result;
    try {
      result = (await vscode.commands.executeCommand('mrGates.setStatus', { root: demo.root, mergeRequest: '#1', checkId: id }, { state: 'success', description: 'clean' })) as Result;
    } finally {
      listening.dispose();
    }
    assert.strictEqual(result.ok, true, result.message);
    // The gate settles with this answer (lint stays failed): that settle is not told a second time.
    assert.deepStrictEqual(told, ['security-scan is now passed.'], 'one notification for one action');
    const [patch] = demo.forge.requestsTo('PATCH', /\/check-runs\/\d+$/);
    assert.strictEqual((patch.body as { conclusion: string }).conclusion, 'success');
    assert.match(runNode(await prNode(), 'security-scan').description ?? '', /^passed/);
  });
});

suite('GitHub check runs', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('github');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('an Actions run is re-run through the Actions API; a 403 is explained', async () => {
    const id = runNode(await prNode(), 'test').node.id.split('|').pop();
    const ok = (await vscode.commands.executeCommand('mrGates.retry', { root: demo.root, mergeRequest: '#1', checkId: id })) as Result;
    assert.strictEqual(ok.ok, true);
    assert.strictEqual(demo.forge.requestsTo('POST', /\/actions\/runs\/\d+\/rerun-failed-jobs$/).length, 1);
    demo.forge.github.configureRepo('demo/mr-gates-demo', { rerunForbidden: true });
    const refused = (await vscode.commands.executeCommand('mrGates.retry', { root: demo.root, mergeRequest: '#1', checkId: id })) as Result;
    assert.strictEqual(refused.errorKind, 'forbidden');
    assert.match(refused.message ?? '', /only checks its own app created/);
  });

  test('setStatus on a commit status posts the same context', async () => {
    const result = (await vscode.commands.executeCommand('mrGates.setStatus', { root: demo.root, mergeRequest: '#1', checkId: 'commitStatus:license/cla' }, { state: 'success' })) as Result & { detail?: string };
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.detail, 'license/cla is now passed.', 'the tree\'s word, not GitHub\'s "success"');
    const [post] = demo.forge.requestsTo('POST', /\/statuses\/[0-9a-f]{40}$/);
    assert.deepStrictEqual([(post.body as { context: string }).context, (post.body as { state: string }).state], ['license/cla', 'success']);
  });
});
