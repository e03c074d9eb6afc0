// The Awaiting Answer view's poll, its Retry and its failures, in the real host (issue 12): it reads
// again every mrGates.queue.pollInterval seconds only while the view is visible and the window focused;
// a failed status check retried from its row is sent again and its row read again; a project whose
// forge answers with HTML shows the error on its own node while the other keeps its rows. The window's
// focus is held by the test, so the workbench's own focus changes cannot race with it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeForge, QueueWorld } from '../fake-forge';
import { mrGates } from './mrGates';
import { startQueueForges, type QueueForges } from './queueForges';
import { waitFor } from './helpers';


suite('Awaiting Answer: polling and Retry', () => {
  let forges: QueueForges;
  let gitlab: FakeForge;
  let world: QueueWorld;
  setup(async () => {
    forges = await startQueueForges({ gitlab: { projects: 2, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 } });
    ({ forge: gitlab, world } = forges.gitlab);
  });
  teardown(async () => {
    (await mrGates()).focus.release();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.workspace.getConfiguration('mrGates').update('queue.pollInterval', undefined, vscode.ConfigurationTarget.Global);
    await forges.close();
  });

  test('reads at once when shown, again after mrGates.queue.pollInterval, and not while hidden or unfocused', async function () {
    this.timeout(90_000);
    const api = await mrGates();
    await vscode.workspace.getConfiguration('mrGates').update('queue.pollInterval', 15, vscode.ConfigurationTarget.Global);
    api.focus.hold(true);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => (!api.queue.view.visible ? true : undefined), { event: api.queue.view.onDidChangeVisibility, message: 'the queue hidden' });
    assert.strictEqual(api.queue.polling, false, 'a hidden view does not poll');

    // One project's list: each read of the queue asks for it once.
    const listPath = `/api/v4/projects/${encodeURIComponent(world.projects[0])}/merge_requests`;
    const isList = (r: { method: string; path: string }) => r.method === 'GET' && r.path === listPath;
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
    const inProject = (r: { project: { projectPath: string } }) => r.project.projectPath === project;
    const failed = await waitFor(() => api.queue.provider.rows().find((r) => inProject(r) && r.item.mergeRequest.number === 1 && r.item.check.state === 'failed'), {
      event: api.queue.service.onDidChange,
      message: 'the failed row',
    });
    assert.match(failed.getTreeItem().contextValue ?? '', /retryable/, 'the row offers Retry');
    const result = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('mrGates.retryFromQueue', { id: failed.id });
    assert.strictEqual(result?.ok, true, result?.message);
    const retries = gitlab.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/merge_requests/1/status_checks/${check.id}/retry`));
    assert.strictEqual(retries.length, 1, 'one retry, of that check on that MR');
    const row = api.queue.provider.rows().find((r) => inProject(r) && r.item.mergeRequest.number === 1 && r.item.check.name === check.name);
    assert.strictEqual(row?.item.check.state, 'pending', 'read again: GitLab set it pending');

    const pending = api.queue.provider.rows().find((r) => inProject(r) && r.item.mergeRequest.number === 2);
    if (!pending) throw new Error('the second MR\'s row');
    const refused = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('mrGates.retryFromQueue', { id: pending.id });
    assert.strictEqual(refused?.ok, false, 'a pending check is not retried');
    assert.strictEqual(gitlab.requests.filter((r) => r.method === 'POST' && r.path.includes('/retry')).length, 1, 'nothing more was sent');
  });

  test('a project whose forge answers with HTML shows the error on its own node; the other keeps its rows, and both read again once it mends', async () => {
    const [healthy, broken] = world.projects;
    const api = await mrGates();
    const rowsOf = (project: string) => api.queue.provider.rows().filter((r) => r.project.projectPath === project);
    await vscode.commands.executeCommand('mrGates.refreshQueue');
    await waitFor(() => (rowsOf(healthy).length === 2 && rowsOf(broken).length === 2 ? true : undefined), { event: api.queue.service.onDidChange, message: 'both projects read' });
    const fault = gitlab.inject({ method: 'GET', path: new RegExp(`/projects/${encodeURIComponent(broken)}/merge_requests$`) }, { malformed: 'html' });
    await vscode.commands.executeCommand('mrGates.refreshQueue');
    const error = await waitFor(() => api.queue.provider.getChildren().find((n) => n.id.includes(broken)), { event: api.queue.service.onDidChange, message: 'the error node' });
    const item = error.getTreeItem();
    assert.ok(String(item.description).includes(broken), 'the node names its project');
    assert.ok(String(item.label).length > 0 && !/<html/i.test(String(item.label)), `a sentence, not the forge's HTML: ${String(item.label)}`);
    assert.strictEqual(rowsOf(healthy).length, 2, 'the other project keeps its rows');
    assert.strictEqual(rowsOf(broken).length, 0);
    assert.strictEqual(api.queue.view.badge?.value, 2, 'the badge counts what was read');
    fault.remove();
    await vscode.commands.executeCommand('mrGates.refreshQueue');
    await waitFor(() => (rowsOf(broken).length === 2 ? true : undefined), { event: api.queue.service.onDidChange, message: 'the mended project read again' });
    assert.ok(!api.queue.provider.getChildren().some((n) => n.id.startsWith('queueMessage:')), 'no error left');
  });
});
