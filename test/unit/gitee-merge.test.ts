// The Gitee adapter's merge and create over real HTTP against the fake Gitee: Gitee's list says whether
// a PR can merge; its merge takes no sha, so the plan re-reads the PR and refuses a moved head; the new
// PR is listed at once, and one already open is explained.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const REPO = `/api/v5/repos/${DEMO_PROJECT_PATH}`;

async function refusal(promise: Promise<unknown>): Promise<ForgeError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ForgeError, String(e));
    return e;
  }
  assert.fail('the call succeeded');
}

suite('gitee merge and create', () => {
  let forge: FakeForge;
  let adapter: GiteeAdapter;
  let mr: MergeRequestRef;
  const pr = () => forge.gitee.pullRequest(DEMO_PROJECT_PATH, 1)!;

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    seedDemo(forge);
    adapter = GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('create from a fork: POST to the upstream with head owner:branch; the fork finds the PR upstream', async () => {
    const fork = 'contributor/mr-gates-demo';
    const asContributor = GiteeAdapter.create(forge.url, { token: 'mrgates-demo-contributor-token', backoffMs: 1 });
    forge.gitee.setBranch(fork, 'fix/typo', 'c'.repeat(40));
    const created = await asContributor.creating.create(DEMO_PROJECT_PATH, { sourceProjectPath: fork, sourceBranch: 'fix/typo', targetBranch: 'main', title: 'Fix a typo', draft: false });
    const [post] = forge.requestsTo('POST', `/api/v5/repos/${DEMO_PROJECT_PATH}/pulls`);
    assert.deepEqual(post.body, { title: 'Fix a typo', head: 'contributor:fix/typo', base: 'main', draft: false });
    assert.deepEqual([created.projectPath, created.headSha], [DEMO_PROJECT_PATH, 'c'.repeat(40)]);
    assert.deepEqual((await asContributor.findMergeRequests(fork, 'fix/typo')).map((m) => m.reference), [created.reference]);
  });

  test('Gitee\'s list says the PR can merge; the merge re-reads it, then sends the method and prune_source_branch', async () => {
    assert.equal(mr.mergeable, 'now');
    const plan = await adapter.merging.plan(mr);
    assert.deepEqual(plan, { method: 'merge', squash: false, deleteSourceBranch: false, sha: DEMO_HEAD_SHA, whenChecksPass: false });
    assert.deepEqual(await adapter.merging.merge(mr, plan), { kind: 'merged' });
    const [put] = forge.requestsTo('PUT', `${REPO}/pulls/1/merge`);
    assert.deepEqual(put.body, { merge_method: 'merge', prune_source_branch: false });
    assert.equal(pr().state, 'merged');
  });

  test('a head that moved since the gate was read is refused before anything is sent (Gitee\'s merge takes no sha)', async () => {
    forge.gitee.pushToPullRequest(pr(), 'f'.repeat(40));
    const error = await refusal(adapter.merging.plan(mr));
    assert.equal(error.reason, 'mergeHeadMoved');
    assert.deepEqual(forge.requestsTo('PUT', /\/merge$/), []);
  });

  test('a PR Gitee will not merge: the plan says so; a merge sent anyway is the 405, not mergeable', async () => {
    pr().mergeableState = 'blocked';
    assert.equal((await refusal(adapter.merging.plan(mr))).reason, 'notMergeable');
    const error = await refusal(adapter.merging.merge(mr, { method: 'merge', squash: false, deleteSourceBranch: false, sha: DEMO_HEAD_SHA, whenChecksPass: false }));
    assert.deepEqual([error.status, error.reason], [405, 'notMergeable']);
  });

  test('create opens the PR and it is listed; a second one is refused as existing', async () => {
    forge.gitee.setBranch(DEMO_PROJECT_PATH, 'feature/next', 'd'.repeat(40));
    const created = await adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/next', targetBranch: 'main', title: 'Next', draft: false });
    const [post] = forge.requestsTo('POST', `${REPO}/pulls`);
    assert.deepEqual(post.body, { title: 'Next', head: 'feature/next', base: 'main', draft: false });
    assert.deepEqual([created.reference, created.headSha], ['#2', 'd'.repeat(40)]);
    assert.deepEqual((await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/next')).map((m) => m.reference), ['#2']);
    const again = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/next', targetBranch: 'main', title: 'Next', draft: false }));
    assert.deepEqual([again.status, again.reason], [400, 'mergeRequestExists']);
  });
});
