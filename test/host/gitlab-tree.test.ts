// A GitLab MR in the real host: the tree under it, the status bar, and the diagnostics from Code Quality
// and line comments; bad answers from GitLab end on the MR's node, never in a crash.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { mrGates, openGitLabDemo, renderTree, waitForEntry, type RenderedNode } from './mrGates';

function child(node: RenderedNode, label: string | RegExp): RenderedNode {
  const found = node.children.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
  assert.ok(found, `no child ${label} under ${node.label}: [${node.children.map((c) => c.label).join(', ')}]`);
  return found;
}

suite('GitLab gates in the tree', () => {
  let demo: Awaited<ReturnType<typeof openGitLabDemo>>;
  suiteSetup(async () => {
    demo = await openGitLabDemo();
  });
  suiteTeardown(() => demo.close());

  async function mrNode(): Promise<RenderedNode> {
    const tree = await renderTree(4);
    const node = tree.find((n) => n.label.startsWith('!1 '));
    assert.ok(node, `no MR node in [${tree.map((n) => n.label).join(', ')}]`);
    return node;
  }

  test('the MR node is "!IID title" with its rollup and why it is blocked', async () => {
    const node = await mrNode();
    assert.strictEqual(node.label, '!1 Add the gates view');
    assert.match(node.description ?? '', /^✗ \d+\/\d+ · Blocked: 2 required checks failing, 2 required checks not passed yet, 1 approval missing$/, 'every reason, not GitLab\'s first one');
    assert.match(node.contextValue ?? '', /^mergeRequest openable hasFailed mayApprove$/);
    assert.strictEqual(node.icon, 'error');
  });

  test('external status checks show passed, failed and pending, with their flags', async () => {
    const group = child(await mrNode(), 'External status checks');
    assert.deepStrictEqual(group.children.map((c) => [c.label, c.description]), [['Security review', 'passed · required'], ['License compliance', 'failed · required'], ['QA sign-off', 'pending · required']], 'the project makes every status check required');
    assert.match(child(group, 'License compliance').contextValue ?? '', /^check externalStatusCheck failed settable retryable openable$/);
    const tooltip = (await (await mrGates()).provider.getTreeItem(child(group, 'QA sign-off').node)).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /2 minutes/);
    assert.strictEqual(tooltip.isTrusted, false);
  });

  test('the pipeline groups jobs by stage, with manual, allowed-to-fail jobs and the bridge', async () => {
    const pipeline = child(await mrNode(), /^Pipeline #\d+$/);
    assert.deepStrictEqual(pipeline.children.map((c) => c.label), ['build', 'test', 'deploy'], 'stages in pipeline order');
    assert.deepStrictEqual(child(pipeline, 'test').children.map((c) => c.label), ['e2e', 'lint', 'unit']);
    const test = child(pipeline, 'test');
    assert.match(child(test, 'unit').description ?? '', /^failed · required · 1 min 36 sec$/, 'a duration in the display language (Intl)');
    assert.match(child(test, 'e2e').description ?? '', /^failed · allowed to fail/);
    assert.strictEqual(child(test, 'e2e').icon, 'warning', 'an allowed failure warns, it does not block');
    assert.strictEqual(child(test, 'unit').icon, 'error');
    const deploy = child(pipeline, 'deploy');
    assert.match(child(deploy, 'deploy-review').contextValue ?? '', /(^| )playable( |$)/);
    assert.match(child(deploy, 'deploy-review').description ?? '', /^manual/, 'a manual job reads "manual", not "neutral"');
    assert.strictEqual(child(deploy, 'deploy-review').icon, 'play');
    assert.match(child(deploy, 'downstream-docs').contextValue ?? '', /^check bridge running/);
    assert.strictEqual(child(deploy, 'downstream-docs').description, 'running · required · downstream running', 'the downstream pipeline\'s state in MR Gates\' words');
  });

  test('commit statuses from outside systems are their own group', async () => {
    const statuses = child(await mrNode(), 'Commit statuses');
    assert.deepStrictEqual(statuses.children.map((c) => c.label).sort(), ['ci/external-scan', 'sonar']);
    assert.match(child(statuses, 'sonar').description ?? '', /^failed · required · Quality gate failed/);
  });

  test('Code Quality and the line comment become diagnostics on the repository files', async () => {
    const api = await mrGates();
    await api.diagnostics.idle();
    const app = vscode.Uri.file(path.join(demo.root, 'src/app.ts'));
    const util = vscode.Uri.file(path.join(demo.root, 'src/util.ts'));
    const onApp = vscode.languages.getDiagnostics(app);
    const onUtil = vscode.languages.getDiagnostics(util);
    const all = [...onApp, ...onUtil];
    assert.strictEqual(all.filter((d) => d.source === 'Code Quality').length, 3, JSON.stringify(all.map((d) => d.message)));
    const severities = new Set(all.filter((d) => d.source === 'Code Quality').map((d) => d.severity));
    assert.deepStrictEqual(severities, new Set([vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Error]));
    const comment = onApp.find((d) => d.source === 'Line comment');
    assert.ok(comment, 'the line comment');
    assert.match(comment.message, /^A Contributor: /, 'its author, named once: in the message, not as the source too');
    assert.strictEqual(comment.range.start.line, 1);
    assert.strictEqual(comment.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(!all.some((d) => /your HEAD is/.test(d.message)), 'findings on the local HEAD are not stale');
  });

  test('mrGates.diagnostics.enabled turns them off and on', async () => {
    const api = await mrGates();
    const app = vscode.Uri.file(path.join(demo.root, 'src/app.ts'));
    await vscode.workspace.getConfiguration('mrGates').update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor(() => (vscode.languages.getDiagnostics(app).length === 0 ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'diagnostics cleared' });
    await vscode.workspace.getConfiguration('mrGates').update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => (vscode.languages.getDiagnostics(app).length > 0 ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'diagnostics back', timeoutMs: 20_000 });
    await api.diagnostics.idle();
  });

  test('a path outside the repository is dropped and counted, never shown', async () => {
    const api = await mrGates();
    // A line comment on the head commit (a finished job's Code Quality report is read once: it cannot change).
    demo.forge.gitlab.addCommitComment({ project: 'demo/mr-gates-demo', sha: demo.headSha, note: 'escape', path: '../../../etc/passwd', line: 1, lineType: 'new', author: 'contributor' });
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      await api.diagnostics.idle();
      assert.strictEqual(api.diagnostics.reportFor(demo.root)?.dropped, 1);
      assert.ok(!vscode.languages.getDiagnostics().some(([uri]) => uri.fsPath.endsWith('passwd')));
    } finally {
      const comments = demo.forge.gitlab.comments;
      comments.splice(comments.findIndex((c) => c.note === 'escape'), 1);
    }
  });

  test('with an MR shown, the palette offers the gate commands, and Retry while a check can be retried', async () => {
    const api = await mrGates();
    assert.strictEqual(api.contextKeys.get('mrGates.hasGates'), true);
    assert.strictEqual(api.contextKeys.get('mrGates.hasFailed'), true, 'the demo MR has a failed job and a failed status check');
  });

  test('the status bar shows the MR rollup for the repository', async () => {
    const api = await mrGates();
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(demo.root, 'src/util.ts')));
    const text = await waitFor(() => api.statusBar.text, { event: vscode.window.onDidChangeActiveTextEditor, message: 'status bar text' });
    assert.match(text, /^\$\(error\) !1 · \d+ of \d+ passed$/, 'it says what it counts');
    // An editor outside every repository keeps the last repository's MR in the status bar.
    const elsewhere = await vscode.workspace.openTextDocument({ content: 'not in a repository' });
    await vscode.window.showTextDocument(elsewhere);
    await waitFor(() => (vscode.window.activeTextEditor?.document === elsewhere ? true : undefined), { event: vscode.window.onDidChangeActiveTextEditor, message: 'the untitled editor active' });
    assert.strictEqual(api.statusBar.text, text);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a tier without external status checks says so on the MR instead of hiding the group silently', async () => {
    demo.forge.gitlab.configureProject('demo/mr-gates-demo', { externalStatusChecksLicensed: false });
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      const node = await mrNode();
      assert.ok(node.children.some((c) => c.label === 'External status checks are not available'));
      assert.ok(node.children.some((c) => /^Pipeline/.test(c.label)), 'the rest of the gate still shows');
    } finally {
      demo.forge.gitlab.configureProject('demo/mr-gates-demo', { externalStatusChecksLicensed: true });
    }
    await vscode.commands.executeCommand('mrGates.refresh');
  });

  test('a 429 "Retry later" from GitLab ends on the repository node, and the poller is told to wait', async () => {
    demo.forge.inject({ path: /\/merge_requests$/ }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '90' } });
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      const entry = await waitForEntry(demo.root, (e) => e.status.kind === 'error', 'rate-limited state');
      assert.ok(entry.status.kind === 'error' && entry.status.errorKind === 'rateLimited' && entry.status.retryAfterMs === 90_000);
      const node = (await renderTree(2)).find((n) => n.node.id === `repo:${demo.root}`);
      assert.match(node?.children[0].label ?? '', /rate-limiting/);
    } finally {
      demo.forge.clearFaults();
    }
    await vscode.commands.executeCommand('mrGates.refresh');
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready', 'back to ready');
  });

  test('an HTML error page on one MR call shows on the MR node and keeps the MR listed', async () => {
    demo.forge.inject({ path: /\/status_checks$/ }, { malformed: 'html', status: 502 });
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      const node = await mrNode();
      assert.match(node.children[0].label, /server error.*HTML/);
    } finally {
      demo.forge.clearFaults();
    }
    await vscode.commands.executeCommand('mrGates.refresh');
    assert.ok(child(await mrNode(), 'External status checks'));
  });
});
