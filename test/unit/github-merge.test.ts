// The GitHub adapter's merge and create over real HTTP against the fake GitHub (Enterprise Server, API
// under /api/v3): the plan asks the single PR whether it can merge and the repository which methods it
// allows; the merge sends the checked sha; each documented refusal comes back with its reason.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, passGitHubDemoGates, seedDemo } from '../fake-forge';
import { githubMergeSettings } from '../fake-forge/github-merge';

const REPO = `/api/v3/repos/${DEMO_PROJECT_PATH}`;

async function refusal(promise: Promise<unknown>): Promise<ForgeError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ForgeError, String(e));
    return e;
  }
  assert.fail('the call succeeded');
}

suite('github merge and create', () => {
  let forge: FakeForge;
  let adapter: GitHubAdapter;
  let mr: MergeRequestRef;
  const pr = () => forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!;
  const settings = () => githubMergeSettings(forge.state, forge.github.project(DEMO_PROJECT_PATH));

  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    const seed = seedDemo(forge);
    // The merge tests start from a PR GitHub would merge: its required checks and approvals given.
    passGitHubDemoGates(forge, seed.project, seed.github!.pullRequest);
    adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('the list does not say whether a PR can merge, so the plan asks the single PR; the first allowed method is the default', async () => {
    assert.equal(mr.mergeable, undefined);
    assert.equal(adapter.merging.asksFirst, true);
    settings().allowMergeCommit = false;
    settings().deleteBranchOnMerge = true;
    const plan = await adapter.merging.plan(mr);
    assert.deepEqual(plan, { method: 'squash', methods: ['squash', 'rebase'], squash: true, deleteSourceBranch: true, sha: DEMO_HEAD_SHA, whenChecksPass: false });
    assert.deepEqual(forge.requests.map((r) => `${r.method} ${r.path}`).sort(), [`GET ${REPO}`, `GET ${REPO}/pulls/1`]);
  });

  test('merges with the checked sha and the planned method; the PR leaves the open list', async () => {
    const plan = await adapter.merging.plan(mr);
    assert.deepEqual(await adapter.merging.merge(mr, plan), { kind: 'merged' });
    const [put] = forge.requestsTo('PUT', `${REPO}/pulls/1/merge`);
    assert.deepEqual(put.body, { sha: DEMO_HEAD_SHA, merge_method: 'merge' });
    assert.deepEqual([pr().state, pr().mergedWith], ['merged', 'merge']);
    assert.deepEqual(await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates'), []);
  });

  test('a PR GitHub will not merge (a required check failed since) is refused by the plan, before anything is sent', async () => {
    forge.github.addCommitStatus({ project: DEMO_PROJECT_PATH, sha: DEMO_HEAD_SHA, state: 'failure', context: 'license/cla' });
    const error = await refusal(adapter.merging.plan(mr));
    assert.equal(error.reason, 'notMergeable');
    assert.match(error.detail ?? '', /mergeable_state: blocked/);
    assert.deepEqual(forge.requestsTo('PUT', /\/merge$/), []);
  });

  test('a head that moved since the gate was read is refused by the plan; one that moves after it is GitHub\'s 409', async () => {
    forge.github.pushToPullRequest(pr(), 'c'.repeat(40));
    assert.equal((await refusal(adapter.merging.plan(mr))).reason, 'mergeHeadMoved');
    const plan = { method: 'merge' as const, squash: false, deleteSourceBranch: false, sha: DEMO_HEAD_SHA, whenChecksPass: false };
    const error = await refusal(adapter.merging.merge(mr, plan));
    assert.deepEqual([error.status, error.reason], [409, 'mergeHeadMoved']);
    assert.match(error.detail ?? '', /Head branch was modified/);
    assert.equal(pr().state, 'open');
  });

  test('405: a method the repository does not allow', async () => {
    settings().allowRebaseMerge = false;
    const error = await refusal(adapter.merging.merge(mr, { method: 'rebase', squash: false, deleteSourceBranch: false, sha: DEMO_HEAD_SHA, whenChecksPass: false }));
    assert.deepEqual([error.status, error.reason], [405, 'notMergeable']);
    assert.match(error.detail ?? '', /Rebase merges are not allowed/);
  });

  test('create opens the PR (draft as GitHub takes it) and it is listed; 422 "already exists" is mergeRequestExists', async () => {
    forge.github.setBranch(DEMO_PROJECT_PATH, 'feature/next', 'd'.repeat(40));
    const created = await adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/next', targetBranch: 'main', title: 'Next', draft: true });
    const [post] = forge.requestsTo('POST', `${REPO}/pulls`);
    assert.deepEqual(post.body, { title: 'Next', head: 'feature/next', base: 'main', draft: true });
    assert.deepEqual([created.reference, created.draft, created.headSha], ['#2', true, 'd'.repeat(40)]);
    assert.deepEqual((await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/next')).map((m) => m.reference), ['#2']);
    const again = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/next', targetBranch: 'main', title: 'Next', draft: false }));
    assert.deepEqual([again.status, again.reason], [422, 'mergeRequestExists']);
    assert.match(again.detail ?? '', /A pull request already exists for demo:feature\/next/);
  });

  test('create from a fork: POST to the upstream with head owner:branch; the fork finds the PR upstream', async () => {
    const fork = 'contributor/mr-gates-demo';
    const asContributor = GitHubAdapter.create(forge.url, { token: 'mrgates-demo-contributor-token', backoffMs: 1 });
    forge.github.setBranch(fork, 'fix/typo', 'c'.repeat(40));
    const created = await asContributor.creating.create(DEMO_PROJECT_PATH, { sourceProjectPath: fork, sourceBranch: 'fix/typo', targetBranch: 'main', title: 'Fix a typo', draft: false });
    const [post] = forge.requestsTo('POST', `${REPO}/pulls`);
    assert.deepEqual(post.body, { title: 'Fix a typo', head: 'contributor:fix/typo', base: 'main', draft: false });
    assert.deepEqual([created.projectPath, created.headSha], [DEMO_PROJECT_PATH, 'c'.repeat(40)]);
    assert.deepEqual((await asContributor.findMergeRequests(fork, 'fix/typo')).map((m) => m.reference), [created.reference]);
  });

  test('create from a branch GitHub does not have is refused', async () => {
    const error = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'nowhere', targetBranch: 'main', title: 'X', draft: false }));
    assert.deepEqual([error.status, error.reason], [422, 'mergeRequestRefused']);
  });
});
