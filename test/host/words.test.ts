// Words of the tree in VS Code's display language (issue 10): durations through Intl, in English and
// Simplified Chinese, never "48s" or "4m 0s" hard-coded.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import * as vscode from 'vscode';
import { OWN_OFFER_KINDS, type ActionOffer } from '../../src/core/model';
import { RepoFileIndex } from '../../src/diagnostics/repoFiles';
import { CheckNode, duration } from '../../src/views/nodes/checkNode';
import { offerWords } from '../../src/views/offerWords';
import { EXTENSION_ID } from './mrGates';

/**
 * The host runs in English; what a zh-cn window shows is the extension's own zh-cn bundle entry for
 * the very string a view produced (vscode.l10n.t looks it up by that English text).
 */
function zhCn(): Record<string, string> {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  return JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
}

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

  test('a bridge is described by its downstream pipeline\'s state, in MR Gates\' words', () => {
    const bridge = new CheckNode({ root: '/r', mergeRequest, check: { id: 'bridge:1', kind: 'bridge', forgeId: '1', name: 'docs', state: 'running', rawState: 'running', downstreamState: 'failed', capabilities: [] } }, [], { files: new RepoFileIndex() });
    assert.strictEqual(bridge.getTreeItem().description, 'running · downstream failed');
    assert.strictEqual(zhCn()['downstream {0}'], '下游{0}');
  });
});

suite('Run Check Action offers', () => {
  const han = /[\u4e00-\u9fff]/;

  test('an offer of MR Gates\' own is worded by its kind, in English and in Simplified Chinese', () => {
    const bundle = zhCn();
    const play = offerWords({ id: 'play', kind: 'playJob', via: 'api' });
    assert.deepStrictEqual(play, { label: 'Play', detail: 'Start this manual job' });
    assert.strictEqual(bundle[play.label], '运行');
    assert.strictEqual(bundle[play.detail!], '启动此手动作业');
    for (const kind of OWN_OFFER_KINDS) {
      const words = offerWords({ id: kind, kind, via: 'browser', url: 'https://ci.example.com/1' });
      assert.match(bundle[words.label] ?? '', han, `${kind}: "${words.label}" has no Chinese words`);
      if (words.detail !== 'https://ci.example.com/1') assert.match(bundle[words.detail ?? ''] ?? '', han, `${kind}: "${words.detail}" has no Chinese words`);
    }
  });

  test('an open offer shows its page under its words; a check run\'s button keeps the service\'s own words', () => {
    assert.deepStrictEqual(offerWords({ id: 'open', kind: 'openDetailsPage', via: 'browser', url: 'https://ci.example.com/77' }), { label: 'Open the details page', detail: 'https://ci.example.com/77' });
    assert.deepStrictEqual(offerWords({ id: 'retry', kind: 'retryJob', via: 'api' }), { label: 'Retry', detail: undefined });
    const button: ActionOffer = { id: 'button:fix', kind: 'forgeButton', label: 'Fix automatically', description: 'Push a fix', via: 'browser', url: 'https://ci.example.com/1', reason: 'noButtonApi' };
    assert.deepStrictEqual(offerWords(button), { label: 'Fix automatically', detail: 'Push a fix' });
  });
});
