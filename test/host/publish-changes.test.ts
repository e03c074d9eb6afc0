// Issue 9: a publish sends only what changed. A new finding on one file re-publishes that file alone;
// the diagnostics of the other files are kept as they were, not sent again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_PROJECT_PATH } from '../fake-forge';
import { mrGates, openDemo } from './mrGates';

suite('publishing what changed', () => {
  test('a new finding on src/util.ts re-publishes that file alone; src/app.ts keeps its diagnostics', async () => {
    const demo = await openDemo('gitee');
    const api = await mrGates();
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      await api.diagnostics.idle();
      const app = vscode.Uri.file(`${demo.root}/src/app.ts`);
      const util = vscode.Uri.file(`${demo.root}/src/util.ts`);
      const appBefore = vscode.languages.getDiagnostics(app);
      const utilBefore = vscode.languages.getDiagnostics(util).length;
      assert.ok(appBefore.length > 0 && utilBefore > 0, 'the demo has findings on both files');

      demo.forge.gitee.addCheckRun({
        project: DEMO_PROJECT_PATH, sha: demo.headSha, name: 'typos', status: 'completed', conclusion: 'failure',
        annotations: [{ path: 'src/util.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'Did you mean "answer"?' }],
      });
      await vscode.commands.executeCommand('mrGates.refresh');
      await api.diagnostics.idle();

      assert.strictEqual(vscode.languages.getDiagnostics(util).length, utilBefore + 1, 'the new finding is on src/util.ts');
      // What the publisher sent, not change events: those of the publish before can still be on their way.
      assert.deepStrictEqual(api.diagnostics.reportFor(demo.root)?.sentFiles, [util.fsPath], 'only src/util.ts was published again');
      assert.deepStrictEqual(vscode.languages.getDiagnostics(app).map((d) => d.message), appBefore.map((d) => d.message), 'src/app.ts keeps its diagnostics');
      assert.strictEqual(api.diagnostics.reportFor(demo.root)?.published, [...vscode.languages.getDiagnostics()].filter(([u]) => u.fsPath.startsWith(demo.root)).reduce((n, [, d]) => n + d.length, 0), 'the report counts the kept diagnostics too');
    } finally {
      await demo.close();
    }
  });
});
