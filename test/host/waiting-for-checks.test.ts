// A head that has no checks yet (issue 9): pending, never passed, and the MR node says what it waits for.
import * as assert from 'assert';
import { DEMO_TOKEN } from '../fake-forge';
import { git } from './helpers';
import { openRepo, renderTree, setInstances, signIn, signOut, startForge, waitForEntry, mergeRequestNodes } from './mrGates';

suite('a head with no checks yet', () => {
  test('the PR is pending and its node says "waiting for checks on <sha>"', async () => {
    const forge = await startForge('gitee', { project: 'demo/quiet', token: DEMO_TOKEN, username: 'demo' });
    await setInstances([{ url: forge.url, forge: 'gitee' }]);
    const repo = await openRepo({ remote: `${forge.url}/demo/quiet.git`, branch: 'feature/new' });
    try {
      const sha = (await git(repo.root, 'rev-parse', 'HEAD')).trim();
      forge.gitee.addPullRequest({ project: 'demo/quiet', number: 4, title: 'Just pushed', head: { ref: 'feature/new', sha }, base: { ref: 'main' }, author: 'demo' });
      assert.ok((await signIn(forge.url, DEMO_TOKEN)).ok);
      await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the PR loaded');
      const node = mergeRequestNodes(await renderTree(3)).find((n) => n.label === '#4 Just pushed');
      assert.ok(node, 'the PR node');
      assert.strictEqual(node.description, `… 0/0 · waiting for checks on ${sha.slice(0, 7)}`);
      assert.strictEqual(node.icon, 'clock', 'pending, never passed');
    } finally {
      await signOut(forge.url);
      await repo.close();
      await setInstances([]);
      await forge.close();
    }
  });
});
