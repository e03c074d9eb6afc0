// Issue 9, what the user waits for: a first read of a PR whose many check runs all carry annotations
// shows the checks as soon as they are listed, with "reading annotations…" on the PR, and the findings
// (and their diagnostics) when they have come.
import * as assert from 'assert';
import { DEMO_PROJECT_PATH, DEMO_TOKEN } from '../fake-forge';
import { mergeRequestNodes, openDemo, renderTree, signIn, signOut, waitForEntry } from './mrGates';

suite('a first read of many annotated runs', () => {
  test('shows the checks before their annotations have come, then the findings', async () => {
    const demo = await openDemo('gitee');
    let release = (): void => undefined;
    try {
      for (let i = 0; i < 12; i++) {
        demo.forge.gitee.addCheckRun({
          project: DEMO_PROJECT_PATH, sha: demo.headSha, name: `scan ${i}`, status: 'completed', conclusion: 'failure',
          annotations: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: `finding ${i}` }],
        });
      }
      // A sign-in again starts from nothing: a new adapter, nothing kept, nothing shown.
      await signOut(demo.forge.url);
      await waitForEntry(demo.root, (e) => e.status.kind === 'signedOut', 'signed out');
      const held = new Promise<void>((resolve) => (release = resolve));
      demo.forge.inject({ path: /\/annotations$/ }, { until: held });
      const signedIn = await signIn(demo.forge.url, DEMO_TOKEN);
      assert.ok(signedIn.ok);

      const partial = await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.findingsPending === true, 'the checks shown while the annotations are read');
      assert.ok(partial.status.kind === 'ready' && partial.status.gates?.[0]?.gate?.checks.some((c) => c.name === 'scan 11'));
      const ours = (nodes: Awaited<ReturnType<typeof renderTree>>) => mergeRequestNodes(nodes).find((n) => (n.node as { root?: string }).root === demo.root);
      const pr = ours(await renderTree(4));
      assert.ok(pr, 'the PR is at the top of the tree');
      assert.match(pr.description ?? '', /reading annotations…/);
      assert.ok(JSON.stringify(pr.children.map((c) => [c.label, c.children.map((g) => g.label)])).includes('scan 11'), 'the run is in the tree');

      release();
      const full = await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate?.findings.some((f) => f.message === 'finding 11'), 'the findings');
      assert.ok(full.status.kind === 'ready' && !full.status.gates?.[0]?.gate?.findingsPending);
      const after = ours(await renderTree(2));
      assert.ok(after);
      assert.doesNotMatch(after.description ?? '', /reading annotations/);
    } finally {
      release();
      demo.forge.clearFaults();
      await demo.close();
    }
  });
});
