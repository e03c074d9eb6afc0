// GitHub approvals against the fake GitHub: the latest deciding review per user, the approving review
// count of the branch's rulesets, approving as an APPROVE review on the head, and the author's 422.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { mapApprovers, mapRequiredApprovals } from '../../src/forges/github/map';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, githubReviews, seedDemo } from '../fake-forge';

const SHA = 'a1'.repeat(20);
const review = (login: string, state: string) => ({ id: 1, user: { login }, state, commit_id: SHA });

suite('github approvals: map', () => {
  test('each user\'s latest deciding review counts; a comment changes nothing; a dismissal removes the approval', () => {
    const approvers = mapApprovers([
      review('ann', 'APPROVED'), review('bob', 'CHANGES_REQUESTED'), review('ann', 'COMMENTED'),
      review('cid', 'APPROVED'), review('cid', 'DISMISSED'), review('bob', 'APPROVED'), review('dee', 'PENDING'),
    ]);
    assert.deepEqual(approvers.map((a) => a.username), ['ann', 'bob']);
  });

  test('the required count is the largest pull_request rule asks for; none without such a rule', () => {
    assert.equal(mapRequiredApprovals([{ type: 'pull_request', parameters: { required_approving_review_count: 1 } }, { type: 'pull_request', parameters: { required_approving_review_count: 3 } }, { type: 'deletion' }]), 3);
    assert.equal(mapRequiredApprovals([{ type: 'required_status_checks', parameters: {} }]), undefined);
    assert.equal(mapRequiredApprovals([{ type: 'pull_request', parameters: { required_approving_review_count: 'two' } }]), undefined);
    assert.throws(() => mapRequiredApprovals({}), ForgeError);
  });
});

suite('github approvals: adapter against the fake GitHub', () => {
  let forge: FakeForge;
  let pr: MergeRequestRef;
  const adapter = (token: string) => GitHubAdapter.create(forge.url, { token, backoffMs: 1 });

  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge, { headSha: SHA });
    forge.addUser({ username: 'reviewer', token: 'reviewer-token' });
    [pr] = await adapter(DEMO_TOKEN).findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('the author sees who approved and how many the ruleset asks for, and may not approve', async () => {
    const a = (await adapter(DEMO_TOKEN).loadGate(pr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.required, a?.userCanApprove, a?.userHasApproved, a?.revocable], [['contributor'], 2, false, false, undefined]);
    assert.equal(forge.requests.filter((r) => /\/rules\/branches\/main$/.test(r.path)).length, 1);
  });

  test('approve posts an APPROVE review on the head sha; the reviewer is then among the approvers', async () => {
    const other = adapter('reviewer-token');
    assert.equal((await other.loadGate(pr, { withFindings: false })).approvals?.userCanApprove, true);
    await other.approvals.approve(pr);
    const [post] = forge.requests.filter((r) => r.method === 'POST' && /\/pulls\/1\/reviews$/.test(r.path));
    assert.deepEqual(post.body, { event: 'APPROVE', commit_id: SHA });
    const a = (await other.loadGate(pr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.userHasApproved, a?.userCanApprove], [['contributor', 'reviewer'], true, false]);
    assert.equal(githubReviews(forge).reviews.at(-1)?.commitId, SHA);
  });

  test('422 "Can not approve your own pull request": mayNotApprove', async () => {
    await assert.rejects(adapter(DEMO_TOKEN).approvals.approve(pr), (e: ForgeError) => e.kind === 'unprocessable' && e.reason === 'mayNotApprove' && /own pull request/.test(e.message));
  });
});
