// Push-aware re-reads in the real host (issue 9): when HEAD moves on the branch, MR Gates re-reads
// soon (3, 6, 12, 24 s) until the PR's head is the new commit and its checks have appeared and settled,
// then stops, instead of waiting for the next 30 s poll.
import * as assert from 'assert';
import { DEMO_TOKEN } from '../fake-forge';
import { git, gitInOpenRepo, waitFor } from './helpers';
import { mrGates, openRepo, setInstances, signIn, signOut, startForge, waitForEntry } from './mrGates';

suite('push-aware re-reads', function () {
  this.timeout(90_000);

  test('a new HEAD is re-read until the PR has it and its checks have settled, then the re-reads stop', async () => {
    const project = 'demo/pushing';
    const forge = await startForge('gitee', { project, token: DEMO_TOKEN, username: 'demo' });
    await setInstances([{ url: forge.url, forge: 'gitee' }]);
    const repo = await openRepo({ remote: `${forge.url}/${project}.git`, branch: 'feature/push' });
    const api = await mrGates();
    try {
      const first = (await git(repo.root, 'rev-parse', 'HEAD')).trim();
      const pr = forge.gitee.addPullRequest({ project, number: 5, title: 'Being pushed', head: { ref: 'feature/push', sha: first }, base: { ref: 'main' }, author: 'demo' });
      forge.gitee.addCheckRun({ project, sha: first, name: 'ci', conclusion: 'success' });
      assert.ok((await signIn(forge.url, DEMO_TOKEN)).ok);
      const headOf = (sha: string) => (e: Parameters<Parameters<typeof waitForEntry>[1]>[0]) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.mergeRequest.headSha === sha;
      await waitForEntry(repo.root, headOf(first), 'the PR at its first head');

      await gitInOpenRepo(repo.root, 'commit', '-q', '--allow-empty', '-m', 'a new commit');
      const second = (await git(repo.root, 'rev-parse', 'HEAD')).trim();
      await waitFor(() => (api.controller.isRereading(repo.root) ? true : undefined), { event: api.store.onDidChange, message: 'the re-reads after the new HEAD', timeoutMs: 20_000 });

      // The push reaches the forge: the PR moves to the new head, whose check has only just been queued.
      forge.gitee.pushToPullRequest(pr, second);
      const run = forge.gitee.addCheckRun({ project, sha: second, name: 'ci', status: 'queued' });
      const pending = await waitForEntry(repo.root, headOf(second), 'the PR at the pushed head, within the re-reads');
      const ci = pending.status.kind === 'ready' ? pending.status.gates?.[0]?.gate?.checks.find((c) => c.name === 'ci') : undefined;
      assert.strictEqual(ci?.state, 'pending');
      assert.ok(api.controller.isRereading(repo.root), 'still re-reading: the check has not settled');

      run.status = 'completed';
      run.conclusion = 'success';
      run.completedAt = new Date();
      await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.checks.find((c) => c.name === 'ci')?.state === 'passed', 'the check settled, within the re-reads');
      await waitFor(() => (api.controller.isRereading(repo.root) ? undefined : true), { event: api.store.onDidChange, pollMs: 100, message: 'the re-reads to stop once settled', timeoutMs: 10_000 });
    } finally {
      await signOut(forge.url);
      await repo.close();
      await setInstances([]);
      await forge.close();
    }
  });
});
