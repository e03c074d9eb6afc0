// Checks the forge does not let the user answer, in the real host (issue 12): a GitLab Reporter (GitLab
// hides the status check's URL below Developer) and a GitHub user without push access to a public
// repository see the rows marked, with no Set Status on them; mrGates.queue.onlyAnswerable hides them,
// and the badge counts only what is shown.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { FakeForge } from '../fake-forge';
import { seedQueueWorld, type QueueWorld } from '../fake-forge/queue-seed';
import { mrGates, setInstances, signIn, signOut } from './mrGates';
import { waitFor } from './helpers';

const ONLOOKER = 'onlooker-token';

suite('Awaiting Answer: checks the user may not answer', () => {
  let gitlab: FakeForge;
  let github: FakeForge;
  let gl: QueueWorld;
  let gh: QueueWorld;
  setup(async () => {
    gitlab = await FakeForge.start({ kind: 'gitlab' });
    github = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    gl = seedQueueWorld(gitlab, { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 });
    gh = seedQueueWorld(github, { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 });
    // On GitLab a Reporter of the project; on GitHub a reader of a public repository who is no member.
    gitlab.addUser({ username: 'onlooker', token: ONLOOKER });
    gitlab.gitlab.setAccessLevel(gl.projects[0], 'onlooker', 'reporter');
    github.addUser({ username: 'onlooker', token: ONLOOKER });
    const repo = github.state.projectByPath(gh.projects[0]);
    if (!repo) throw new Error('seeded');
    repo.visibility = 'public';
    await setInstances([{ url: gitlab.url, forge: 'gitlab' }, { url: github.url, forge: 'github' }]);
    assert.ok((await signIn(gitlab.url, ONLOOKER)).ok);
    assert.ok((await signIn(github.url, ONLOOKER)).ok);
    const watched = [`${gitlab.url}/${gl.projects[0]}`, `${github.url}/${gh.projects[0]}`];
    await vscode.workspace.getConfiguration('mrGates').update('watchedProjects', watched, vscode.ConfigurationTarget.Global);
  });
  teardown(async () => {
    const config = vscode.workspace.getConfiguration('mrGates');
    await config.update('queue.onlyAnswerable', undefined, vscode.ConfigurationTarget.Global);
    await config.update('watchedProjects', undefined, vscode.ConfigurationTarget.Global);
    await signOut(gitlab.url);
    await signOut(github.url);
    await setInstances([]);
    await gitlab.close();
    await github.close();
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
