// Open Merge Request… and pinned MRs in the real host: a pasted GitLab URL, `#1` on a GitHub workspace
// repository, a URL of an unknown host refused, Unpin, the pins kept in the workspace's state, and a
// pinned MR's findings on the repository of its project: current at its head, stale elsewhere.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';
import { git, gitInOpenRepo, waitFor } from './helpers';
import { mrGates, openDemo, renderTree, setInstances, signIn, signOut, waitForEntry, type RenderedNode } from './mrGates';

type OpenResult = { ok: boolean; key?: string; added?: boolean; problem?: string; message?: string };
const open = (input: string, projectPath?: string) => vscode.commands.executeCommand<OpenResult>('mrGates.openMergeRequest', { input, projectPath });
const unpin = (target: unknown) => vscode.commands.executeCommand<boolean>('mrGates.unpinMergeRequest', target);

async function pinnedGroup(): Promise<RenderedNode | undefined> {
  return (await renderTree(4)).find((n) => n.contextValue === 'pinnedGroup');
}

async function waitForPinned(key: string, predicate: (node: RenderedNode) => boolean, message: string): Promise<RenderedNode> {
  const api = await mrGates();
  return waitFor(
    async () => {
      const node = (await pinnedGroup())?.children.find((c) => c.node.id.includes(key));
      return node && predicate(node) ? node : undefined;
    },
    { event: api.store.onDidChange, message, timeoutMs: 20_000 },
  );
}

suite('Pinned merge requests', () => {
  teardown(async () => {
    const api = await mrGates();
    for (const entry of api.store.pinned()) await unpin({ key: entry.root });
  });

  test('a GitLab MR URL pins the MR: Not signed in until signing in, then its status checks under Pinned; Unpin removes it', async () => {
    const forge = await FakeForge.start({ kind: 'gitlab', prefix: '/gitlab' });
    try {
      await setInstances([{ url: forge.url, forge: 'gitlab' }]);
      seedDemo(forge, { headSha: 'a'.repeat(40) });
      const url = `${forge.url}/${DEMO_PROJECT_PATH}/-/merge_requests/1/diffs`;
      const result = await open(url);
      assert.strictEqual(result.ok, true, result.message);
      assert.strictEqual(result.added, true);
      const key = result.key!;
      const api = await mrGates();
      assert.deepStrictEqual(api.pins.list(), [{ forge: 'gitlab', origin: forge.url, projectPath: DEMO_PROJECT_PATH, number: 1 }], 'kept in the workspace state');

      const signedOut = await waitForPinned(key, (n) => n.children.some((c) => /(^| )signIn( |$)/.test(c.contextValue ?? '')), 'the Not signed in row');
      const group = (await pinnedGroup())!;
      assert.strictEqual(group.label, 'Pinned');
      assert.strictEqual(group.icon, 'pinned');
      assert.strictEqual(signedOut.label, `${DEMO_PROJECT_PATH}!1`);
      assert.match(signedOut.contextValue ?? '', /(^| )pinned( |$)/, 'Unpin is offered on it');
      assert.match(signedOut.children[0].label, /^Not signed in to /);

      assert.strictEqual((await signIn(forge.url, DEMO_TOKEN)).ok, true);
      const mr = await waitForPinned(key, (n) => /^mergeRequest /.test(n.contextValue ?? '') && n.children.length > 0, 'the pinned MR read after sign-in');
      assert.match(mr.label, /^!1 /);
      assert.match(mr.contextValue ?? '', /(^| )pinned( |$)/);
      const statusChecks = mr.children.find((c) => c.label === 'External status checks');
      assert.ok(statusChecks, `its status checks, as a branch MR shows them: ${mr.children.map((c) => c.label).join(', ')}`);
      assert.ok(statusChecks.children.length > 0);

      // Opening it again only reveals it.
      const again = await open(`${forge.url}/${DEMO_PROJECT_PATH}/-/merge_requests/1`);
      assert.deepStrictEqual([again.ok, again.added, again.key], [true, false, key]);
      assert.strictEqual(api.pins.list().length, 1);

      // A reload starts from an empty store: the pin comes back from the workspace state alone.
      api.store.delete(key);
      assert.strictEqual(await pinnedGroup(), undefined);
      await api.pins.restore();
      const restored = await waitForPinned(key, (n) => /^mergeRequest /.test(n.contextValue ?? '') && n.children.length > 0, 'the pin restored');
      assert.match(restored.label, /^!1 /);

      assert.strictEqual(await unpin(restored.node), true);
      await waitFor(async () => ((await pinnedGroup()) ? undefined : true), { event: api.store.onDidChange, message: 'the Pinned group gone' });
      assert.deepStrictEqual(api.pins.list(), []);
      assert.strictEqual(api.store.get(key), undefined);
    } finally {
      await signOut(forge.url);
      await setInstances([]);
      await forge.close();
    }
  });

  test('#1 pins the PR of the GitHub workspace repository', async () => {
    const demo = await openDemo('github');
    try {
      const result = await open('#1');
      assert.strictEqual(result.ok, true, result.message);
      const api = await mrGates();
      assert.deepStrictEqual(api.pins.list(), [{ forge: 'github', origin: demo.forge.url, projectPath: DEMO_PROJECT_PATH, number: 1 }]);
      const pr = await waitForPinned(result.key!, (n) => /^mergeRequest /.test(n.contextValue ?? '') && n.children.length > 0, 'the pinned PR read');
      assert.match(pr.label, /^#1 /);
      assert.ok(pr.children.some((c) => c.label === 'Check runs'), pr.children.map((c) => c.label).join(', '));
      assert.ok(demo.forge.requestsTo('GET', `/api/v3/repos/${DEMO_PROJECT_PATH}/pulls/1`).length > 0, 'read by its number');
      // A number the project does not have is said so, and not kept.
      const missing = await open('#999');
      assert.deepStrictEqual([missing.ok, missing.problem], [false, 'notFound']);
      assert.match(missing.message ?? '', /has no merge request #999/);
      assert.strictEqual(api.pins.list().length, 1);
    } finally {
      await demo.close();
    }
  });

  test('a URL on a host that is no known forge is refused, saying so, and nothing is pinned', async () => {
    const api = await mrGates();
    const told: string[] = [];
    const listening = api.onDidNotify(({ text }) => told.push(text));
    try {
      const result = await open('https://evil.example/group/project/-/merge_requests/1');
      assert.strictEqual(result.ok, false);
      assert.strictEqual(result.problem, 'unknownHost');
      assert.match(result.message ?? '', /evil\.example is neither GitLab, Gitee nor GitHub/);
      assert.ok(told.some((t) => /evil\.example is neither/.test(t)), 'the user is told');
      const javascript = await open('javascript:alert(1)');
      assert.strictEqual(javascript.problem, 'scheme');
      assert.deepStrictEqual(api.pins.list(), []);
      assert.strictEqual(await pinnedGroup(), undefined);
    } finally {
      listening.dispose();
    }
  });

  test('a pinned MR\'s findings go on the repository of its project: current at the MR head, stale once HEAD moves', async () => {
    const demo = await openDemo('gitlab');
    const app = vscode.Uri.file(path.join(demo.root, 'src/app.ts'));
    const codeQuality = () => vscode.languages.getDiagnostics(app).filter((d) => d.source === 'Code Quality');
    try {
      // Another branch at the same commit: the repository has no MR of its own, so only the pin brings findings.
      await gitInOpenRepo(demo.root, 'checkout', '-q', '-b', 'elsewhere');
      await waitForEntry(demo.root, (e) => e.branch === 'elsewhere' && e.status.kind === 'ready' && e.status.gates?.length === 0, 'the other branch read');
      await waitFor(() => (codeQuality().length === 0 ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'the branch MR\'s diagnostics gone' });

      const result = await open('!1');
      assert.strictEqual(result.ok, true, result.message);
      const current = await waitFor(() => (codeQuality().length > 0 ? codeQuality() : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'the pinned MR\'s findings', timeoutMs: 20_000 });
      assert.ok(!current.some((d) => /your HEAD is/.test(d.message)), 'at the MR head they are current');

      await gitInOpenRepo(demo.root, 'commit', '-q', '--allow-empty', '-m', 'local');
      const head = (await git(demo.root, 'rev-parse', 'HEAD')).trim();
      const stale = await waitFor(() => codeQuality().find((d) => /your HEAD is/.test(d.message)), { event: vscode.languages.onDidChangeDiagnostics, message: 'stale marking', timeoutMs: 20_000 });
      assert.ok(stale.message.includes(`from ${demo.headSha.slice(0, 7)}; your HEAD is ${head.slice(0, 7)}`), stale.message);

      assert.strictEqual(await unpin({ key: result.key }), true);
      await waitFor(() => (codeQuality().length === 0 ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'the unpinned MR\'s findings gone' });
    } finally {
      await demo.close();
    }
  });
});
