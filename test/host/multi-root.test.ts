// Issue 10: repositories can be told apart in a multi-root workspace. With several repositories the
// tree's top level is one node per repository (folder name, forge icon, project · branch) with its MRs
// under it; the Gitee and GitHub demo PRs, both "#1 Add the gates view", sit under different nodes.
import * as assert from 'assert';
import * as path from 'path';
import { DEMO_TOKEN } from '../fake-forge';
import { mergeRequestNodes, openDemo, renderTree, setInstances, signIn, signOut, waitForEntry } from './mrGates';

suite('a multi-root workspace', () => {
  test('one node per repository, with its MRs under it', async () => {
    const gitee = await openDemo('gitee');
    const github = await openDemo('github');
    try {
      // openDemo names only its own instance: both are needed at once here.
      await setInstances([{ url: gitee.forge.url, forge: 'gitee' }, { url: github.forge.url, forge: 'github' }]);
      for (const demo of [gitee, github]) await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the demo PR');
      const tree = await renderTree(2);
      const ours = tree.filter((n) => [gitee.root, github.root].some((root) => n.node.id === `repo:${root}`));
      assert.strictEqual(ours.length, 2, `a node per repository: ${tree.map((n) => n.label).join(', ')}`);
      const [giteeNode, githubNode] = [gitee.root, github.root].map((root) => ours.find((n) => n.node.id === `repo:${root}`)!);
      assert.strictEqual(giteeNode.label, path.basename(gitee.root), 'labelled by folder');
      assert.strictEqual(githubNode.description, 'demo/mr-gates-demo · feature/gates');
      assert.strictEqual(githubNode.icon, 'github');
      for (const node of [giteeNode, githubNode]) assert.deepStrictEqual(mergeRequestNodes([node]).map((n) => n.label), ['#1 Add the gates view']);
    } finally {
      await github.close();
      await gitee.close();
    }
  });

  test('a repository shown alone without MRs lists them under it once others are open', async () => {
    const gitee = await openDemo('gitee');
    await signOut(gitee.forge.url);
    await waitForEntry(gitee.root, (e) => e.status.kind === 'signedOut', 'signed out, alone');
    await renderTree(2);
    const github = await openDemo('github');
    try {
      await setInstances([{ url: gitee.forge.url, forge: 'gitee' }, { url: github.forge.url, forge: 'github' }]);
      assert.ok((await signIn(gitee.forge.url, DEMO_TOKEN)).ok);
      await waitForEntry(gitee.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the Gitee PR');
      const node = (await renderTree(2)).find((n) => n.node.id === `repo:${gitee.root}`);
      assert.ok(node);
      assert.deepStrictEqual(mergeRequestNodes([node]).map((n) => n.label), ['#1 Add the gates view']);
    } finally {
      await github.close();
      await gitee.close();
    }
  });
});
