// A settled poll in the real host (issue 9): every GET it sends is conditional, so GitHub answers 304s
// and counts none of them, and nothing of a completed run is read again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { mrGates, openDemo, waitForEntry } from './mrGates';

suite('a settled poll', () => {
  test('sends only conditional requests, and GitHub answers them all with 304', async () => {
    const demo = await openDemo('github');
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the PR read twice');
      demo.forge.clearRequests();
      await vscode.commands.executeCommand('mrGates.refresh');
      const sent = demo.forge.requests.filter((r) => r.headers['user-agent'] === 'mr-gates-vscode');
      assert.ok(sent.length >= 3, `the poll read the repository, the PR and its checks: ${sent.map((r) => r.path).join(', ')}`);
      const unconditional = sent.filter((r) => r.method !== 'GET' || !r.headers['if-none-match']);
      assert.deepStrictEqual(unconditional.map((r) => `${r.method} ${r.path}`), [], 'every request of the settled poll was a conditional GET');
      assert.ok(!sent.some((r) => /\/annotations$/.test(r.path)), 'no completed run\'s annotations were read again');
    } finally {
      await demo.close();
    }
  });

  for (const forge of ['github', 'gitlab'] as const) {
    test(`on ${forge}, goes out in one wave: the gate is read again while the MR list is still unanswered`, async () => {
      const demo = await openDemo(forge);
      try {
        await vscode.commands.executeCommand('mrGates.refresh');
        await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the MR read once');
        demo.forge.clearRequests();
        // The list's answer waits for the gate's deepest read: GitHub's check runs, GitLab's pipeline jobs.
        const deepest = forge === 'github' ? /\/commits\/[0-9a-f]{40}\/check-runs$/ : /\/pipelines\/\d+\/jobs$/;
        const list = forge === 'github' ? /\/pulls$/ : /\/merge_requests$/;
        demo.forge.inject({ path: list, times: 1 }, { until: demo.forge.waitForRequest((r) => deepest.test(r.path)) });
        await vscode.commands.executeCommand('mrGates.refresh');
        const entry = await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the MR read again');
        assert.ok(entry.status.kind === 'ready' && entry.status.gates?.[0]?.gate?.checks.length, 'the gate read ahead is shown');
        assert.ok(demo.forge.requests.some((r) => list.test(r.path)), 'the list was still read');
      } finally {
        await demo.close();
      }
    });
  }

  for (const forge of ['gitee', 'gitlab'] as const) {
    test(`on ${forge}, changes nothing: no store change, no tree refresh, no diagnostics published`, async () => {
      const demo = await openDemo(forge);
      const api = await mrGates();
      const events = { store: 0, tree: 0, diagnostics: 0 };
      const subscriptions: vscode.Disposable[] = [];
      try {
        await vscode.commands.executeCommand('mrGates.refresh');
        await api.diagnostics.idle();
        const published = vscode.languages.getDiagnostics().filter(([uri]) => uri.fsPath.startsWith(demo.root)).length;
        assert.ok(published > 0, 'the demo MR has findings on files of the repository');
        // VS Code delivers onDidChangeDiagnostics debounced: an event of the publish before this point may
        // still arrive after it. What the publisher last did is asked of it instead: a publish that sends
        // nothing leaves its last report as it was, or sends no file.
        const lastPublish = api.diagnostics.reportFor(demo.root);
        subscriptions.push(
          api.store.onDidChange(() => events.store++),
          api.provider.onDidChangeTreeData(() => events.tree++),
        );
        demo.forge.clearRequests();
        await vscode.commands.executeCommand('mrGates.refresh');
        await api.diagnostics.idle();
        assert.ok(demo.forge.requests.length > 0, 'the poll did read the forge');
        // GraphQL answers are not conditional: a settled poll reuses the merge checks it read (GitLab).
        assert.deepStrictEqual(demo.forge.requestsTo('POST', /graphql/).map((r) => r.path), [], 'no GraphQL request');
        const report = api.diagnostics.reportFor(demo.root);
        events.diagnostics = report === lastPublish ? 0 : (report?.sentFiles.length ?? 0);
        assert.deepStrictEqual(events, { store: 0, tree: 0, diagnostics: 0 });
      } finally {
        subscriptions.forEach((d) => d.dispose());
        await demo.close();
      }
    });
  }
});
