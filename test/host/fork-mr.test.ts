// A GitLab MR from a fork in the real host (issue 7, done-when): its pipeline lives in the fork, and the
// tree still shows its jobs, its commit statuses and all 25 of its status checks.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';
import { FORK_BRANCH, FORK_PATH, seedForkMergeRequest } from '../fake-forge/fork-seed';
import { openRepo, renderTree, setInstances, signIn, signOut, waitForEntry, type RenderedNode } from './mrGates';

function child(node: RenderedNode, label: string | RegExp): RenderedNode {
  const found = node.children.find((c) => (typeof label === 'string' ? c.label === label : label.test(c.label)));
  assert.ok(found, `no child ${label} under ${node.label}: [${node.children.map((c) => c.label).join(', ')}]`);
  return found;
}

for (const pipelineIn of ['fork', 'upstream'] as const) {
  suite(`GitLab fork MR in the tree (pipeline in the ${pipelineIn})`, () => {
    let forge: FakeForge;
    let repo: { root: string; close(): Promise<void> };
    suiteSetup(async () => {
      forge = await FakeForge.start({ kind: 'gitlab' });
      seedDemo(forge);
      seedForkMergeRequest(forge, { pipelineIn });
      forge.gitlab.setAccessLevel(FORK_PATH, 'demo', 'developer');
      await setInstances([{ url: forge.url, forge: 'gitlab' }]);
      repo = await openRepo({ remote: `${forge.url}/${FORK_PATH}.git`, branch: FORK_BRANCH });
      const signedIn = await signIn(forge.url, DEMO_TOKEN);
      assert.ok(signedIn.ok, signedIn.reason);
      await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && (e.status.gates?.[0]?.gate !== undefined || e.status.gates?.[0]?.error !== undefined), 'the fork MR loaded');
    });
    suiteTeardown(async () => {
      await signOut(forge.url);
      await repo.close();
      await setInstances([]);
      await forge.close();
    });

    test('the fork MR shows its jobs, its commit statuses and all 25 status checks', async () => {
      const tree = await renderTree(4);
      const mr = tree.find((n) => n.label === '!7 A fix from a fork');
      assert.ok(mr, `no fork MR in [${tree.map((n) => n.label).join(', ')}]`);
      assert.ok(!mr.children.some((c) => /error|Could not read/i.test(c.label)), `no error: ${mr.children.map((c) => c.label).join(', ')}`);
      const checks = child(mr, 'External status checks');
      assert.equal(checks.children.filter((c) => c.label.startsWith('Review ')).length, 25, 'the fork MR\'s own 25 (the demo project adds 3)');
      assert.equal(checks.children.length, 28);
      assert.equal(checks.children.at(-1)?.label, 'Review 25');
      const pipeline = child(mr, /^Pipeline #\d+$/);
      assert.deepStrictEqual(pipeline.children.map((c) => c.label), ['build', 'test', 'deploy']);
      assert.deepStrictEqual(child(pipeline, 'deploy').children.map((c) => c.label).sort(), ['docs', 'release']);
      assert.match(child(child(mr, 'Commit statuses'), 'fork/scan').description ?? '', /^passed/);
    });

    test('a retry of the failed job goes to the project its pipeline runs in', async () => {
      const gate = (await waitForEntry(repo.root, (e) => e.status.kind === 'ready', 'ready')).status;
      const job = gate.kind === 'ready' ? gate.gates?.[0].gate?.checks.find((c) => c.name === 'test') : undefined;
      assert.ok(job);
      forge.clearRequests();
      const outcome = (await vscode.commands.executeCommand('mrGates.retry', { root: repo.root, mergeRequest: '!7', checkId: job.id })) as { ok: boolean; message?: string };
      assert.ok(outcome.ok, outcome.message);
      const projectId = pipelineIn === 'fork' ? forge.state.projectByPath(FORK_PATH)!.id : forge.state.projectByPath('demo/mr-gates-demo')!.id;
      assert.deepStrictEqual(forge.requestsTo('POST', /\/retry$/).map((r) => r.path), [`/api/v4/projects/${projectId}/jobs/${job.forgeId}/retry`]);
    });
  });
}
