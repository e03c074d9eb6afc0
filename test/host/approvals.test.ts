// Approvals in the real host, for each forge: the group under the MR shows who approved and how many are
// left, Approve posts what the forge needs (GitLab: the head sha; GitHub and Gitee: an approving
// review) and the tree follows, a documented refusal is explained, and on GitLab an approval is revoked.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEMO_PROJECT_PATH, giteeReviews } from '../fake-forge';
import { currentGate, mergeRequestNodes, mrGates, openDemo, renderTree, signIn, waitForEntry, type RenderedNode } from './mrGates';

type Result = { ok: boolean; errorKind?: string; message?: string; detail?: string };
const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(`mrGates.${command}`, ...args);
const GITLAB_MR = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/merge_requests/1`;

async function approvalsGroup(): Promise<{ mr: RenderedNode; group: RenderedNode }> {
  const [mr] = mergeRequestNodes(await renderTree(4));
  assert.ok(mr, 'the MR node is shown');
  const group = mr.children.find((c) => /^approvals( |$)/.test(c.contextValue ?? ''));
  assert.ok(group, `an Approvals group under the MR: ${mr.children.map((c) => c.label).join(', ')}`);
  return { mr, group };
}

/** Waits until the store's gate of the first MR has approvals that satisfy `predicate`. */
async function approvalsUntil(root: string, predicate: (given: number, left: number | undefined) => boolean, message: string): Promise<void> {
  await waitForEntry(
    root,
    (e) => {
      const approvals = e.status.kind === 'ready' ? e.status.gates?.[0]?.gate?.approvals : undefined;
      return !!approvals && predicate(approvals.approvedBy.length, approvals.left);
    },
    message,
  );
}

suite('Approvals: GitLab', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('gitlab');
    await approvalsUntil(demo.root, (given) => given === 1, 'the demo approvals were read');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('the Approvals group shows who approved, how many of how many, and what is left; checks are counted without it', async () => {
    const { mr, group } = await approvalsGroup();
    assert.strictEqual(group.label, 'Approvals');
    assert.strictEqual(group.description, '1 of 2 approvals · 1 more needed');
    assert.strictEqual(group.icon, 'clock', 'pending while an approval is missing');
    assert.deepStrictEqual(group.children.map((c) => [c.label, c.description]), [['A Contributor', '@contributor'], ['All eligible users', '1 of 2 approvals']]);
    assert.match(group.contextValue ?? '', /(^| )mayApprove( |$)/);
    assert.doesNotMatch(group.contextValue ?? '', /(^| )mayRevoke( |$)/, 'nothing of the user\'s to revoke yet');
    assert.match(mr.contextValue ?? '', /(^| )mayApprove( |$)/, 'Approve is offered on the MR node too');
    assert.match(mr.description ?? '', /2\/6/, 'the rollup of the checks is unchanged by approvals');
    const api = await mrGates();
    assert.strictEqual(api.contextKeys.get('mrGates.mayApprove'), true, 'the palette offers Approve');
    assert.strictEqual(api.contextKeys.get('mrGates.mayRevoke'), false);
  });

  test('Approve from the tree posts the MR head sha; the group turns approved; Revoke Approval reverses it', async () => {
    const { group } = await approvalsGroup();
    const result = await run('approve', group.node);
    assert.strictEqual(result?.ok, true, result?.message);
    const [post] = demo.forge.requestsTo('POST', `${GITLAB_MR}/approve`);
    assert.deepStrictEqual(post?.body, { sha: demo.headSha });
    await approvalsUntil(demo.root, (given, left) => given === 2 && left === 0, 'the approval was read back');
    const after = (await approvalsGroup()).group;
    assert.strictEqual(after.description, '2 of 2 approvals · approved');
    assert.strictEqual(after.icon, 'pass');
    assert.ok(after.children.some((c) => c.description === '@demo'), 'the user is listed among the approvers');
    assert.match(after.contextValue ?? '', /(^| )mayRevoke( |$)/);
    assert.strictEqual((await mrGates()).contextKeys.get('mrGates.mayRevoke'), true);

    const revoked = await run('unapprove', after.node);
    assert.strictEqual(revoked?.ok, true, revoked?.message);
    assert.strictEqual(demo.forge.requestsTo('POST', `${GITLAB_MR}/unapprove`).length, 1);
    await approvalsUntil(demo.root, (given, left) => given === 1 && left === 1, 'the revoked approval was read back');
    assert.strictEqual((await approvalsGroup()).group.description, '1 of 2 approvals · 1 more needed');
  });

  test('a refused approval is explained: the author may not approve (401), and a moved head (409)', async () => {
    demo.forge.gitlab.approvals.configure(DEMO_PROJECT_PATH, { authorsMayApprove: false });
    const refused = await run('approve', { root: demo.root, mergeRequest: '!1' });
    assert.strictEqual(refused?.ok, false);
    assert.strictEqual(refused?.errorKind, 'unauthorized');
    assert.match(refused?.message ?? '', /does not let you approve this merge request/);
    await approvalsUntil(demo.root, () => true, 'the MR was re-read');
    assert.doesNotMatch((await approvalsGroup()).group.contextValue ?? '', /(^| )mayApprove( |$)/, 'Approve is no longer offered');

    demo.forge.gitlab.approvals.configure(DEMO_PROJECT_PATH, { authorsMayApprove: true });
    const mr = demo.forge.gitlab.mergeRequests[0];
    demo.forge.gitlab.pushToMergeRequest(mr, 'e'.repeat(40));
    const moved = await run('approve', { root: demo.root, mergeRequest: '!1' });
    assert.strictEqual(moved?.errorKind, 'conflict');
    assert.match(moved?.message ?? '', /head moved since it was read, so the approval was refused/);
    assert.strictEqual(demo.forge.gitlab.approvals.approvedBy(mr).length, 1, 'nothing was approved');
    assert.strictEqual((await currentGate(demo.root)).mergeRequest.headSha, 'e'.repeat(40), 'the MR was re-read at its new head');
  });
});

suite('Approvals: GitHub', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('github');
    await approvalsUntil(demo.root, (given) => given === 1, 'the demo reviews were read');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('the author sees 1 of the 2 approving reviews the ruleset asks for, is not offered Approve, and GitHub\'s 422 is explained', async () => {
    const { mr, group } = await approvalsGroup();
    assert.strictEqual(group.description, '1 of 2 approvals · 1 more needed');
    assert.deepStrictEqual(group.children.map((c) => [c.label, c.description]), [['contributor', '@contributor']]);
    assert.doesNotMatch(`${mr.contextValue} ${group.contextValue}`, /(^| )(mayApprove|mayRevoke)( |$)/, 'an author may not approve, and a review is not revoked');
    const refused = await run('approve', { root: demo.root, mergeRequest: '#1' });
    assert.strictEqual(refused?.errorKind, 'unprocessable');
    assert.match(refused?.message ?? '', /does not let you approve this merge request.*own pull request/);
  });

  test('another user approves from the tree: an APPROVE review on the head sha, and the group turns approved', async () => {
    demo.forge.addUser({ username: 'reviewer', name: 'A Reviewer', token: 'reviewer-token' });
    assert.strictEqual((await signIn(demo.forge.url, 'reviewer-token', 'github')).ok, true);
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.approvals?.userCanApprove === true, 'the reviewer may approve');
    const { group } = await approvalsGroup();
    assert.match(group.contextValue ?? '', /(^| )mayApprove( |$)/);
    const result = await run('approve', group.node);
    assert.strictEqual(result?.ok, true, result?.message);
    const posts = demo.forge.requests.filter((r) => r.method === 'POST' && /\/pulls\/1\/reviews$/.test(r.path));
    assert.deepStrictEqual(posts.map((p) => p.body), [{ event: 'APPROVE', commit_id: demo.headSha }]);
    await approvalsUntil(demo.root, (given) => given === 2, 'the review was read back');
    const after = (await approvalsGroup()).group;
    assert.strictEqual(after.description, '2 of 2 approvals · approved');
    assert.strictEqual(after.icon, 'pass');
  });
});

suite('Approvals: Gitee', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('gitee');
    await approvalsUntil(demo.root, (given) => given === 1, 'the demo reviewers were read');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('a reviewer sees 1 of 2 approvals, approves (审查通过) from the MR node, and the group turns approved', async () => {
    const { mr, group } = await approvalsGroup();
    assert.strictEqual(group.description, '1 of 2 approvals · 1 more needed');
    assert.deepStrictEqual(group.children.map((c) => [c.label, c.description]), [['A Contributor', '@contributor']]);
    assert.match(mr.contextValue ?? '', /(^| )mayApprove( |$)/);
    const result = await run('approve', mr.node);
    assert.strictEqual(result?.ok, true, result?.message);
    assert.strictEqual(demo.forge.requests.filter((r) => r.method === 'POST' && /\/pulls\/1\/review$/.test(r.path)).length, 1);
    await approvalsUntil(demo.root, (given) => given === 2, 'the approval was read back');
    assert.strictEqual((await approvalsGroup()).group.description, '2 of 2 approvals · approved');
  });

  test('someone who is not a reviewer is not offered Approve, and Gitee\'s refusal is explained', async () => {
    giteeReviews(demo.forge).setReviewers(demo.forge.gitee.pullRequests[0], ['contributor'], 1);
    await vscode.commands.executeCommand('mrGates.refresh');
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.approvals?.userCanApprove === false, 'the user is no reviewer');
    assert.doesNotMatch((await approvalsGroup()).group.contextValue ?? '', /(^| )mayApprove( |$)/);
    const refused = await run('approve', { root: demo.root, mergeRequest: '#1' });
    assert.strictEqual(refused?.errorKind, 'forbidden');
    assert.match(refused?.message ?? '', /does not let you approve this merge request/);
  });
});
