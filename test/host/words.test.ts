// Words of the tree in VS Code's display language (issue 10): durations through Intl, in English and
// Simplified Chinese, never "48s" or "4m 0s" hard-coded.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { RepoFileIndex } from '../../src/diagnostics/repoFiles';
import { CheckNode, duration } from '../../src/views/nodes/checkNode';

suite('words in the display language', () => {
  test('durations: seconds, and minutes with seconds', () => {
    assert.strictEqual(duration(48.2, 'en'), '48 sec');
    assert.strictEqual(duration(240.1, 'en'), '4 min 0 sec');
    assert.strictEqual(duration(48.2, 'zh-cn'), '48秒');
    assert.strictEqual(duration(240.1, 'zh-cn'), '4分钟0秒');
    assert.strictEqual(duration(undefined, 'en'), undefined);
    assert.strictEqual(duration(-3, 'en'), undefined, 'a forge\'s negative duration is not shown');
  });
});

suite('check nodes', () => {
  const mergeRequest = { reference: '#1', number: 1, title: 't', webUrl: 'https://example.com/pr/1', projectPath: 'a/b', sourceBranch: 's', targetBranch: 'main', headSha: 'a'.repeat(40) };
  const node = (output?: { summary?: string; text?: string; images: { alt: string; url: string }[] }) =>
    new CheckNode({ root: '/r', mergeRequest, check: { id: 'checkRun:1', kind: 'checkRun', forgeId: '1', name: 'scan', state: 'passed', rawState: 'success', capabilities: [], output } }, [], { files: new RepoFileIndex() });

  test('a run whose report says nothing has no Output child and does not expand', () => {
    const empty = node({ summary: '', text: '  ', images: [] });
    assert.deepStrictEqual(empty.getChildren(), []);
    assert.strictEqual(empty.getTreeItem().collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.strictEqual(node({ summary: 'All clear', images: [] }).getChildren().length, 1, 'a report with a summary has its Output child');
  });
});
