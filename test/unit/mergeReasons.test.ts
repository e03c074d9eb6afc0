// Every reason an MR cannot merge, gathered from its checks and fields rather than from GitLab's
// detailed_merge_status alone (which names only the first failing check).
import { strict as assert } from 'node:assert';
import { mergeReasons, readyToMerge } from '../../src/core/mergeReasons';
import type { Check, Gate, MergeRequestRef } from '../../src/core/model';
import type { CheckState } from '../../src/core/states';

const MR: MergeRequestRef = { reference: '!1', number: 1, title: 'T', webUrl: 'https://g/p/-/merge_requests/1', projectPath: 'p', sourceBranch: 'f', targetBranch: 'main', headSha: 'a'.repeat(40) };
const check = (name: string, state: CheckState, extra: Partial<Check> = {}): Check => ({ id: name, kind: 'externalStatusCheck', forgeId: name, name, state, rawState: state, capabilities: [], ...extra });
const gate = (checks: Check[], mr: Partial<MergeRequestRef> = {}, pipeline?: Check): Gate => ({ mergeRequest: { ...MR, ...mr }, checks, pipeline, findings: [] });

suite('merge reasons', () => {
  test('every reason at once: failing and waiting required checks, draft, conflicts, threads', () => {
    const reasons = mergeReasons(gate([check('a', 'failed', { required: true }), check('b', 'pending', { required: true }), check('c', 'failed')], { draft: true, hasConflicts: true, threadsResolved: false, mergeStatus: 'status_checks_must_pass' }));
    assert.deepEqual(reasons, [{ code: 'checksFailing', count: 2, unknown: 1 }, { code: 'checksWaiting', count: 1 }, { code: 'draft' }, { code: 'conflicts' }, { code: 'threads' }], 'the status adds nothing the checks do not say');
  });

  test('an optional failure, an allowed one and an optional pending check are no reason', () => {
    const reasons = mergeReasons(gate([check('a', 'failed', { required: false }), check('e2e', 'failed', { kind: 'job', allowFailure: true }), check('b', 'pending', { required: false })]));
    assert.deepEqual(reasons, []);
  });

  test('the pipeline decides for its jobs: a failed required job counts once, as the pipeline', () => {
    const pipeline = check('#7', 'failed', { kind: 'pipeline', required: true });
    assert.deepEqual(mergeReasons(gate([check('unit', 'failed', { kind: 'job', required: true })], {}, pipeline)), [{ code: 'checksFailing', count: 1 }]);
  });

  test('what GitLab says besides is kept in its word: needs approval, rebase', () => {
    assert.deepEqual(mergeReasons(gate([], { mergeStatus: 'not_approved' })), [{ code: 'forge', status: 'not_approved' }]);
    assert.deepEqual(mergeReasons(gate([], { mergeStatus: 'ci_must_pass' })), [{ code: 'forge', status: 'ci_must_pass' }], 'said by nothing read: kept');
  });

  test('GitHub\'s "blocked" and Gitee\'s "not mergeable" say only what a reason found says better', () => {
    for (const status of ['blocked', 'not_mergeable']) {
      assert.deepEqual(mergeReasons(gate([check('a', 'failed', { required: true })], { mergeStatus: status })), [{ code: 'checksFailing', count: 1 }], status);
      assert.deepEqual(mergeReasons(gate([check('a', 'passed', { required: true })], { mergeStatus: status })), [{ code: 'forge', status }], `${status}: nothing read says why, so the forge's word is kept`);
    }
    assert.deepEqual(mergeReasons(gate([], { mergeStatus: 'behind' })), [{ code: 'forge', status: 'behind' }]);
  });

  test('ready to merge only when the forge says so and nothing read says otherwise', () => {
    assert.equal(readyToMerge(gate([check('a', 'passed', { required: true })], { mergeStatus: 'mergeable' })), true);
    assert.equal(readyToMerge(gate([check('a', 'passed')], {})), false, 'the forge said nothing');
    assert.equal(readyToMerge(gate([check('a', 'failed')], { mergeStatus: 'mergeable' })), false);
  });
});

suite('merge reasons: approvals', () => {
  test('missing approvals are a reason, and GitLab\'s not_approved adds nothing to it', () => {
    const g: Gate = { ...gate([], { mergeStatus: 'not_approved' }), approvals: { approvedBy: [{ username: 'a' }], required: 3, rules: [] } };
    assert.deepEqual(mergeReasons(g), [{ code: 'approvalsMissing', count: 2 }]);
  });
});

const withChecks = (mr: Partial<MergeRequestRef>, mergeChecks?: Gate['mergeChecks']): Gate => ({ ...gate([], mr), mergeChecks });

suite('merge reasons: every merge check GitLab lists (GraphQL)', () => {
  test('one reason per failing check the other reasons do not say, instead of the first alone', () => {
    const restOnly = withChecks({ mergeStatus: 'need_rebase', draft: true });
    assert.deepEqual(mergeReasons(restOnly), [{ code: 'draft' }, { code: 'forge', status: 'need_rebase' }]);
    const all = withChecks({ mergeStatus: 'requested_changes', draft: true }, [
      { identifier: 'requested_changes', status: 'failed' },
      { identifier: 'draft_status', status: 'failed' },
      { identifier: 'security_policy_violations', status: 'failed' },
      { identifier: 'need_rebase', status: 'failed' },
    ]);
    assert.deepEqual(mergeReasons(all), [{ code: 'draft' }, { code: 'forge', status: 'requested_changes' }, { code: 'forge', status: 'security_policy_violations' }, { code: 'forge', status: 'need_rebase' }]);
  });

  test('checks still being checked are one reason, and ci_must_pass says nothing while the pipeline runs', () => {
    const g = withChecks({ mergeStatus: 'ci_still_running' }, [
      { identifier: 'ci_must_pass', status: 'failed' },
      { identifier: 'conflict', status: 'checking' },
      { identifier: 'need_rebase', status: 'checking' },
    ]);
    assert.deepEqual(mergeReasons(g), [{ code: 'forge', status: 'ci_still_running' }, { code: 'forge', status: 'checking' }]);
  });

  test('a check the read checks already say adds nothing, checking or failed; without the list the status stands alone', () => {
    const waiting = check('QA', 'pending', { required: true });
    const g: Gate = { ...gate([waiting], { mergeStatus: 'status_checks_must_pass' }), mergeChecks: [{ identifier: 'status_checks_must_pass', status: 'failed' }, { identifier: 'ci_must_pass', status: 'checking' }] };
    assert.deepEqual(mergeReasons(g), [{ code: 'checksWaiting', count: 1 }]);
    assert.deepEqual(mergeReasons(withChecks({ mergeStatus: 'mergeable' }, [])), [], 'an empty list and a mergeable status: ready');
  });
});
