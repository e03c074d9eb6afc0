// The Awaiting Answer view in the real host (issue 12): with no repository of those projects checked
// out, it lists the checks awaiting an answer on open MRs of watched projects across two forges, counts
// them on its badge, and answers them on each MR's head; a head that moved is explained.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeForge, QueueWorld } from '../fake-forge';
import { mrGates } from './mrGates';
import { startQueueForges, type QueueForges } from './queueForges';
import { waitFor } from './helpers';

type Result = { ok: boolean; errorKind?: string; message?: string; detail?: string };
const answer = (id: string, state: string) => vscode.commands.executeCommand<Result>('mrGates.answerFromQueue', { id }, { state });

async function rowsAfterRefresh(until: (labels: string[]) => boolean, what: string): Promise<string[]> {
  const api = await mrGates();
  await vscode.commands.executeCommand('mrGates.refreshQueue');
  return waitFor(() => {
    const labels = api.queue.provider.rows().map((r) => r.getTreeItem().label as string);
    return until(labels) ? labels : undefined;
  }, { event: api.queue.service.onDidChange, message: what });
}

suite('Awaiting Answer: the queue beyond the current branch', () => {
  let gitlab: FakeForge;
  let gl: QueueWorld;
  let gh: QueueWorld;
  let forges: QueueForges;
  setup(async () => {
    forges = await startQueueForges({
      gitlab: { projects: 2, mergeRequestsPerProject: 5, checksPerMergeRequest: 1 },
      github: { projects: 1, mergeRequestsPerProject: 2, checksPerMergeRequest: 1 },
    });
    if (!forges.github) throw new Error('a GitHub was asked for');
    ({ forge: gitlab, world: gl } = forges.gitlab);
    gh = forges.github.world;
  });
  teardown(() => forges.close());

  test('lists every check awaiting an answer across two projects and two forges, and the badge counts them', async () => {
    const labels = await rowsAfterRefresh((l) => l.length === 12, '12 rows');
    assert.strictEqual(labels.filter((l) => l.startsWith('!')).length, 10, 'ten GitLab MRs, one status check each');
    assert.strictEqual(labels.filter((l) => l.startsWith('#')).length, 2, 'two GitHub PRs, one pending status each');
    assert.ok(labels.includes(`!1 Change 1 of ${gl.projects[1]} · ${gl.checkNames[0]} · pending`), labels.join('\n'));
    const api = await mrGates();
    assert.strictEqual(api.queue.view.badge?.value, 12);
    const groups = api.queue.provider.getChildren().map((n) => n.getTreeItem().label);
    assert.deepStrictEqual(groups.sort(), [gh.checkNames[0], gl.checkNames[0]].sort(), 'grouped by check name');
    await vscode.commands.executeCommand('mrGates.groupQueueByMergeRequest');
    assert.strictEqual(api.queue.provider.getChildren().length, 12, 'one group per MR');
    await vscode.commands.executeCommand('mrGates.groupQueueByCheck');
  });

  test('ten status checks on ten MRs are answered from the queue, each on its head; each answered row leaves, and the badge with it', async () => {
    await rowsAfterRefresh((l) => l.length === 12, '12 rows');
    const api = await mrGates();
    const gitlabRows = api.queue.provider.rows().filter((r) => r.item.mergeRequest.reference.startsWith('!'));
    assert.strictEqual(gitlabRows.length, 10);
    for (const [i, row] of gitlabRows.entries()) {
      const result = await answer(row.id, 'passed');
      assert.strictEqual(result.ok, true, result.message);
      assert.strictEqual(api.queue.provider.rows().length, 12 - i - 1, 'the answered row left');
      assert.strictEqual(api.queue.view.badge?.value ?? 0, 12 - i - 1);
    }
    const posts = gitlab.requests.filter((r) => r.method === 'POST' && /\/status_check_responses$/.test(r.path));
    assert.strictEqual(posts.length, 10);
    for (const post of posts) {
      const iid = Number(/merge_requests\/(\d+)\//.exec(post.path)?.[1]);
      const project = decodeURIComponent(/projects\/([^/]+)\//.exec(post.path)?.[1] ?? '');
      const mr = gl.mergeRequests.find((m) => m.project === project && m.number === iid);
      assert.strictEqual((post.body as { sha?: string }).sha, mr?.headSha, `${project}!${iid} was answered on its head`);
    }
  });

  test('a head pushed after the queue was read: the answer is refused, explained, and the row is read again on the new head', async () => {
    await rowsAfterRefresh((l) => l.length === 12, '12 rows');
    const api = await mrGates();
    const row = api.queue.provider.rows().find((r) => r.item.mergeRequest.reference === '!1' && r.project.projectPath === gl.projects[0])!;
    const newSha = 'e'.repeat(40);
    gitlab.gitlab.pushToMergeRequest(gitlab.gitlab.mergeRequest(gl.projects[0], 1)!, newSha);
    const result = await answer(row.id, 'passed');
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.errorKind, 'conflict');
    assert.match(result.message ?? '', /head|moved|new commit/i);
    const moved = api.queue.provider.rows().find((r) => r.item.mergeRequest.reference === '!1' && r.project.projectPath === gl.projects[0]);
    assert.strictEqual(moved?.item.mergeRequest.headSha, newSha, 'the row now names the new head');
  });
});
