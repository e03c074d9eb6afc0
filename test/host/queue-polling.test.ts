// The Awaiting Answer view's poll and its Retry, in the real host (issue 12): it reads again every
// mrGates.queue.pollInterval seconds only while the view is visible and the window focused; a failed
// status check retried from its row is sent again and its row read again. The window's focus is held
// by the test, so the workbench's own focus changes cannot race with it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { FakeForge } from '../fake-forge';
import { QUEUE_TOKEN, seedQueueWorld, type QueueWorld } from '../fake-forge/queue-seed';
import { mrGates, setInstances, signIn, signOut } from './mrGates';
import { waitFor } from './helpers';

const isList = (r: { method: string; path: string }) => r.method === 'GET' && /\/merge_requests$/.test(r.path);

suite('Awaiting Answer: polling and Retry', () => {
  let gitlab: FakeForge;
  let world: QueueWorld;
  setup(async () => {
    gitlab = await FakeForge.start({ kind: 'gitlab' });
    world = seedQueueWorld(gitlab, { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 });
    await setInstances([{ url: gitlab.url, forge: 'gitlab' }]);
    assert.ok((await signIn(gitlab.url, QUEUE_TOKEN)).ok);
    await vscode.workspace.getConfiguration('mrGates').update('watchedProjects', world.projects.map((p) => `${gitlab.url}/${p}`), vscode.ConfigurationTarget.Global);
  });
  teardown(async () => {
    (await mrGates()).focus.release();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.workspace.getConfiguration('mrGates').update('queue.pollInterval', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('mrGates').update('watchedProjects', undefined, vscode.ConfigurationTarget.Global);
    await signOut(gitlab.url);
    await setInstances([]);
    await gitlab.close();
  });

  test('reads at once when shown, again after mrGates.queue.pollInterval, and not while hidden or unfocused', async function () {
    this.timeout(90_000);
    const api = await mrGates();
    await vscode.workspace.getConfiguration('mrGates').update('queue.pollInterval', 15, vscode.ConfigurationTarget.Global);
    api.focus.hold(true);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => (!api.queue.view.visible ? true : undefined), { event: api.queue.view.onDidChangeVisibility, message: 'the queue hidden' });
    assert.strictEqual(api.queue.polling, false, 'a hidden view does not poll');

    const before = gitlab.requests.at(-1)?.seq ?? 0;
    await vscode.commands.executeCommand('mrGates.queue.focus');
    await waitFor(() => (api.queue.view.visible ? true : undefined), { event: api.queue.view.onDidChangeVisibility, message: 'the queue shown' });
    assert.strictEqual(api.queue.polling, true, 'visible and focused: it polls');
    const shown = await gitlab.waitForRequest((r) => r.seq > before && isList(r), { includePast: true, timeoutMs: 10_000 });
    // The next read is the poll's own, at the 15 s interval: nothing else asks for one here.
    await gitlab.waitForRequest((r) => r.seq > shown.seq && isList(r), { includePast: true, timeoutMs: 45_000 });

    api.focus.hold(false);
    assert.strictEqual(api.queue.polling, false, 'an unfocused window does not poll');
    api.focus.hold(true);
    assert.strictEqual(api.queue.polling, true);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => (!api.queue.view.visible ? true : undefined), { event: api.queue.view.onDidChangeVisibility, message: 'the queue hidden again' });
    assert.strictEqual(api.queue.polling, false, 'hidden again: it stops');
  });

  test('Retry on a failed status check sends it again, and its row is read again as pending', async () => {
    const [project] = world.projects;
    const mr = gitlab.gitlab.mergeRequest(project, 1);
    const [check] = world.statusChecks.get(project) ?? [];
    if (!mr || !check) throw new Error('seeded');
    gitlab.gitlab.addStatusCheckResponse({ mergeRequest: mr, check, status: 'failed' });
    const api = await mrGates();
    await vscode.commands.executeCommand('mrGates.refreshQueue');
    const failed = await waitFor(() => api.queue.provider.rows().find((r) => r.item.mergeRequest.number === 1 && r.item.check.state === 'failed'), {
      event: api.queue.service.onDidChange,
      message: 'the failed row',
    });
    assert.match(failed.getTreeItem().contextValue ?? '', /retryable/, 'the row offers Retry');
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('mrGates.retryFromQueue', { id: failed.id });
    assert.strictEqual(result?.ok, true, result?.message);
    const retries = gitlab.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/merge_requests/1/status_checks/${check.id}/retry`));
    assert.strictEqual(retries.length, 1, 'one retry, of that check on that MR');
    const row = api.queue.provider.rows().find((r) => r.item.mergeRequest.number === 1 && r.item.check.name === check.name);
    assert.strictEqual(row?.item.check.state, 'pending', 'read again: GitLab set it pending');

    const pending = api.queue.provider.rows().find((r) => r.item.mergeRequest.number === 2);
    if (!pending) throw new Error('the second MR\'s row');
    const refused = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('mrGates.retryFromQueue', { id: pending.id });
    assert.strictEqual(refused?.ok, false, 'a pending check is not retried');
    assert.strictEqual(gitlab.requests.filter((r) => r.method === 'POST' && r.path.includes('/retry')).length, 1, 'nothing more was sent');
  });
});
