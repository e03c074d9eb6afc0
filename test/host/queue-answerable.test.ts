// Checks the forge does not let the user answer, in the real host (issue 12): a GitLab Reporter (GitLab
// hides the status check's URL below Developer) and a GitHub user without push access to a public
// repository see the rows marked, with no Set Status on them; mrGates.queue.onlyAnswerable hides them,
// and the badge counts only what is shown.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeForge } from '../fake-forge';
import { mrGates } from './mrGates';
import { startQueueForges, type QueueForges } from './queueForges';
import { waitFor } from './helpers';

const ONLOOKER = 'onlooker-token';

suite('Awaiting Answer: checks the user may not answer', () => {
  let forges: QueueForges;
  let gitlab: FakeForge;
  let github: FakeForge;
  setup(async () => {
    forges = await startQueueForges({
      gitlab: { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 },
      github: { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 },
      token: ONLOOKER,
      // On GitLab a Reporter of the project; on GitHub a reader of a public repository who is no member.
      prepare: ({ gitlab: gl, github: gh }) => {
        gl.forge.addUser({ username: 'onlooker', token: ONLOOKER });
        gl.forge.gitlab.setAccessLevel(gl.world.projects[0], 'onlooker', 'reporter');
        const repo = gh?.forge.state.projectByPath(gh.world.projects[0]);
        if (!gh || !repo) throw new Error('seeded');
        gh.forge.addUser({ username: 'onlooker', token: ONLOOKER });
        repo.visibility = 'public';
      },
    });
    if (!forges.github) throw new Error('a GitHub was asked for');
    gitlab = forges.gitlab.forge;
    github = forges.github.forge;
  });
  teardown(async () => {
    await vscode.workspace.getConfiguration('mrGates').update('queue.onlyAnswerable', undefined, vscode.ConfigurationTarget.Global);
    await forges.close();
  });

  test('are marked, offer no Set Status, and are hidden with mrGates.queue.onlyAnswerable', async () => {
    const api = await mrGates();
    await vscode.commands.executeCommand('mrGates.refreshQueue');
    const rows = await waitFor(() => {
      const found = api.queue.provider.rows();
      return found.length === 4 ? found : undefined;
    }, { event: api.queue.service.onDidChange, message: 'four rows' });
    for (const row of rows) {
      const item = row.getTreeItem();
      assert.match(String(item.description), /you may not answer/, String(item.label));
      assert.doesNotMatch(item.contextValue ?? '', /(^| )answerable( |$)/, 'no Set Status on the row');
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
      assert.match(tooltip, row.project.forge === 'gitlab' ? /Developers and above/ : /push access/);
    }
    assert.strictEqual(api.queue.view.badge?.value, 4);
    const refused = await vscode.commands.executeCommand<{ ok: boolean }>('mrGates.answerFromQueue', { id: rows[0].id }, { state: 'passed' });
    assert.strictEqual(refused?.ok, false, 'Set Status refuses a check the forge does not let the user answer');
    assert.ok(!gitlab.requests.some((r) => r.method === 'POST') && !github.requests.some((r) => r.method === 'POST'), 'nothing was posted');

    await vscode.workspace.getConfiguration('mrGates').update('queue.onlyAnswerable', true, vscode.ConfigurationTarget.Global);
    await waitFor(() => (api.queue.provider.rows().length === 0 ? true : undefined), { event: api.queue.service.onDidChange, message: 'the rows hidden' });
    assert.strictEqual(api.queue.view.badge, undefined, 'nothing to count');
  });
});
