// Gitee approvals against the fake Gitee: the PR's reviewers (assignees) and who of them approved
// (accept), how many are needed (assignees_number), and 审查通过 (POST .../review) by a reviewer.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { mapGiteeApprovals } from '../../src/forges/gitee/map';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, giteeReviews, seedDemo } from '../fake-forge';

const SHA = 'b2'.repeat(20);

suite('gitee approvals: map', () => {
  test('reviewers who accepted have approved; the user may approve only as a reviewer who has not yet', () => {
    const pr = { assignees_number: 2, assignees: [{ login: 'ann', name: 'Ann', accept: true }, { login: 'bob', name: 'Bob', accept: false }] };
    assert.deepEqual(mapGiteeApprovals(pr, 'bob'), { approvedBy: [{ username: 'ann', name: 'Ann' }], required: 2, userHasApproved: false, userCanApprove: true });
    assert.deepEqual([mapGiteeApprovals(pr, 'ann').userCanApprove, mapGiteeApprovals(pr, 'ann').userHasApproved], [false, true]);
    assert.equal(mapGiteeApprovals(pr, 'cid').userCanApprove, false, 'not a reviewer');
    assert.equal(mapGiteeApprovals({ assignees_number: 'x' }, undefined).required, undefined);
    assert.throws(() => mapGiteeApprovals({ assignees: [{ name: 'no login' }] }, 'a'), ForgeError);
  });
});

suite('gitee approvals: adapter against the fake Gitee', () => {
  let forge: FakeForge;
  let pr: MergeRequestRef;
  const adapter = (token: string) => GiteeAdapter.create(forge.url, { token, backoffMs: 1 });

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    seedDemo(forge, { headSha: SHA });
    [pr] = await adapter(DEMO_TOKEN).findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('the gate carries the reviewers\' approvals; a reviewer approves with POST .../review, and it is read back', async () => {
    const gitee = adapter(DEMO_TOKEN);
    let a = (await gitee.loadGate(pr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.required, a?.userCanApprove, a?.userHasApproved], [['contributor'], 2, true, false]);
    await gitee.approvals.approve(pr);
    assert.equal(forge.requests.filter((r) => r.method === 'POST' && /\/pulls\/1\/review$/.test(r.path)).length, 1);
    a = (await gitee.loadGate(pr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.userHasApproved, a?.userCanApprove], [['contributor', 'demo'], true, false]);
  });

  test('someone who is no reviewer is refused (403): mayNotApprove', async () => {
    giteeReviews(forge).setReviewers(forge.gitee.pullRequests[0], ['contributor'], 1);
    await assert.rejects(adapter(DEMO_TOKEN).approvals.approve(pr), (e: ForgeError) => e.kind === 'forbidden' && e.reason === 'mayNotApprove');
  });
});
