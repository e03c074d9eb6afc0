// GitLab approvals over real HTTP against the fake GitLab: the map functions on GitLab's own shapes
// (Free and Premium), the read beside the gate, approve at the head sha, unapprove, and each
// documented refusal with its reason.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { approvalsLeft, approvalsState } from '../../src/core/approvals';
import { ForgeError } from '../../src/forges/errors';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { mapApprovalRules, mapApprovals } from '../../src/forges/gitlab/map';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const base = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/merge_requests/1`;

suite('gitlab approvals: map', () => {
  test('Free: approved_by items are { user, approved_at }; no count is required', () => {
    const a = mapApprovals({ approved: true, user_has_approved: false, user_can_approve: true, approved_by: [{ user: { id: 2, username: 'ann', name: 'Ann' }, approved_at: '2025-01-01T10:00:00Z' }] });
    assert.deepEqual(a, { approvedBy: [{ username: 'ann', name: 'Ann' }], required: undefined, left: undefined, userCanApprove: true, userHasApproved: false });
    assert.equal(approvalsState({ ...a, rules: [] }), 'passed');
  });

  test('Premium: approvals_required and approvals_left; a wrong type is ignored, not trusted', () => {
    const a = mapApprovals({ approvals_required: 2, approvals_left: 1, approved_by: [{ user: { username: 'ann' } }], user_can_approve: 'yes' });
    assert.equal(a.required, 2);
    assert.equal(a.left, 1);
    assert.equal(a.userCanApprove, undefined);
    assert.equal(approvalsLeft({ ...a, rules: [] }), 1);
    assert.equal(approvalsState({ ...a, rules: [] }), 'pending');
    assert.equal(mapApprovals({ approvals_required: 2, approvals_left: -3 }).left, undefined);
  });

  test('approval_state rules: name, required, who approved under each', () => {
    const rules = mapApprovalRules({ approval_rules_overwritten: false, rules: [{ id: 1, name: 'Backend', approvals_required: 2, approved_by: [{ username: 'ann', name: 'Ann' }], approved: false }, { id: 2, name: 'QA', approvals_required: 0 }] });
    assert.deepEqual(rules, [
      { name: 'Backend', required: 2, approvedBy: [{ username: 'ann', name: 'Ann' }], approved: false },
      { name: 'QA', required: 0, approvedBy: [], approved: undefined },
    ]);
    assert.throws(() => mapApprovalRules({ rules: 'none' }), ForgeError);
  });

  test('with required known but no left, what is missing follows from who approved', () => {
    assert.equal(approvalsLeft({ approvedBy: [{ username: 'a' }], required: 3, rules: [] }), 2);
    assert.equal(approvalsState({ approvedBy: [], rules: [] }), 'neutral');
    assert.equal(approvalsState({ approvedBy: [], rules: [], refused: { errorKind: 'forbidden', message: 'no' } }), 'unknown');
  });
});

suite('gitlab approvals: adapter against the fake GitLab', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  let mr: MergeRequestRef;

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('the gate carries the approvals and the rules, read beside the MR; they are not checks', async () => {
    const gate = await adapter.loadGate(mr, { withFindings: false });
    const a = gate.approvals;
    assert.ok(a);
    assert.deepEqual(a.approvedBy.map((p) => p.username), ['contributor']);
    assert.deepEqual([a.required, a.left, a.userCanApprove, a.userHasApproved, a.revocable], [2, 1, true, false, true]);
    assert.deepEqual(a.rules.map((r) => [r.name, r.required, r.approvedBy.map((p) => p.username)]), [['All eligible users', 2, ['contributor']]]);
    assert.equal(forge.requestsTo('GET', `${base}/approvals`).length, 1);
    assert.equal(forge.requestsTo('GET', `${base}/approval_state`).length, 1);
    assert.ok(!gate.checks.some((c) => /approv/i.test(c.name)));
  });

  test('Free: approval_state is not there (404): no rules, and no count required', async () => {
    forge.gitlab.approvals.configure(DEMO_PROJECT_PATH, { premium: false, rules: [] });
    const a = (await adapter.loadGate(mr, { withFindings: false })).approvals;
    assert.deepEqual([a?.required, a?.left, a?.rules.length, a?.approvedBy.length], [undefined, undefined, 0, 1]);
    await adapter.loadGate(mr, { withFindings: false });
    assert.equal(forge.requestsTo('GET', `${base}/approval_state`).length, 1, 'a refusal has no validator to poll with: the project is not asked again on the next poll');
  });

  test('a refused approvals read is noted and the rest of the gate is still shown', async () => {
    forge.inject({ method: 'GET', path: `${base}/approvals` }, { status: 403, body: { message: '403 Forbidden' } });
    const gate = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(gate.approvals?.refused?.errorKind, 'forbidden');
    assert.ok(gate.checks.length > 0);
  });

  test('approve posts the head sha; approved_by grows and approvals_left shrinks; unapprove reverses it', async () => {
    await adapter.approvals.approve(mr);
    const [post] = forge.requestsTo('POST', `${base}/approve`);
    assert.deepEqual(post.body, { sha: mr.headSha });
    let a = (await adapter.loadGate(mr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.left, a?.userHasApproved, a?.userCanApprove], [['contributor', 'demo'], 0, true, false]);
    await adapter.approvals.unapprove(mr);
    a = (await adapter.loadGate(mr, { withFindings: false })).approvals;
    assert.deepEqual([a?.approvedBy.map((p) => p.username), a?.left, a?.userHasApproved], [['contributor'], 1, false]);
  });

  test('409 when the head moved: approvalHeadMoved, and nothing was approved', async () => {
    forge.gitlab.pushToMergeRequest(forge.gitlab.mergeRequests[0], 'e'.repeat(40));
    await assert.rejects(adapter.approvals.approve(mr), (e: ForgeError) => e.kind === 'conflict' && e.reason === 'approvalHeadMoved');
    assert.equal(forge.gitlab.approvals.approvedBy(forge.gitlab.mergeRequests[0]).length, 1);
  });

  test('401 when the approval service refuses (the author, where authors may not approve): mayNotApprove', async () => {
    forge.gitlab.approvals.configure(DEMO_PROJECT_PATH, { authorsMayApprove: false });
    assert.equal((await adapter.loadGate(mr, { withFindings: false })).approvals?.userCanApprove, false);
    await assert.rejects(adapter.approvals.approve(mr), (e: ForgeError) => e.kind === 'unauthorized' && e.reason === 'mayNotApprove');
  });

  test('403 below the Developer role: mayNotApprove', async () => {
    forge.addUser({ username: 'reader', token: 'reader-token' });
    forge.gitlab.setAccessLevel(DEMO_PROJECT_PATH, 'reader', 'reporter');
    const reader = GitLabAdapter.create(forge.url, { token: 'reader-token', backoffMs: 1 });
    await assert.rejects(reader.approvals.approve(mr), (e: ForgeError) => e.kind === 'forbidden' && e.reason === 'mayNotApprove');
  });

  test('approving twice: GitLab answers 304 and nothing changes; revoking what is not there: notApproved', async () => {
    await adapter.approvals.approve(mr);
    await adapter.approvals.approve(mr);
    assert.equal(forge.requestsTo('POST', `${base}/approve`).length, 2);
    assert.equal(forge.gitlab.approvals.approvedBy(forge.gitlab.mergeRequests[0]).length, 2);
    await adapter.approvals.unapprove(mr);
    await assert.rejects(adapter.approvals.unapprove(mr), (e: ForgeError) => e.reason === 'notApproved');
  });
});
