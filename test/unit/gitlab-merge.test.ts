// The GitLab adapter's merge and create over real HTTP against the fake GitLab: the plan it reads from
// the project, what it sends (the checked sha, squash, delete-branch, auto-merge), and what each
// documented refusal comes back as.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const PROJECT = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`;

async function refusal(promise: Promise<unknown>): Promise<ForgeError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ForgeError, String(e));
    return e;
  }
  assert.fail('the call succeeded');
}

suite('gitlab merge: PUT .../merge at the checked head', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  const demoMr = () => forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!;
  const findMr = async (): Promise<MergeRequestRef> => (await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates'))[0];

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    demoMr().detailedMergeStatus = 'mergeable';
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('an MR GitLab calls mergeable is `now`; a running pipeline is `whenChecksPass`; anything else is not offered', async () => {
    assert.equal((await findMr()).mergeable, 'now');
    demoMr().detailedMergeStatus = 'ci_still_running';
    assert.equal((await findMr()).mergeable, 'whenChecksPass');
    demoMr().detailedMergeStatus = 'not_approved';
    assert.equal((await findMr()).mergeable, undefined);
  });

  test('the plan is the project\'s defaults, read fresh, with the head that was checked', async () => {
    forge.gitlab.settingsOf(DEMO_PROJECT_PATH).merge = { mergeMethod: 'ff', squashOption: 'default_on', removeSourceBranchAfterMerge: false };
    const mr = await findMr();
    const plan = await adapter.merging.plan(mr);
    assert.deepEqual(plan, { method: 'fastForward', squash: true, deleteSourceBranch: false, sha: DEMO_HEAD_SHA, whenChecksPass: false });
    forge.gitlab.settingsOf(DEMO_PROJECT_PATH).merge.squashOption = 'never';
    assert.equal((await adapter.merging.plan(mr)).squash, false, 'not a cached project');
  });

  test('merges with the sha, squash and delete-branch of the plan; the MR leaves the open list', async () => {
    const mr = await findMr();
    const plan = await adapter.merging.plan(mr);
    forge.clearRequests();
    assert.deepEqual(await adapter.merging.merge(mr, plan), { kind: 'merged' });
    const [put] = forge.requestsTo('PUT', `${PROJECT}/merge_requests/1/merge`);
    assert.deepEqual(put.body, { sha: DEMO_HEAD_SHA, squash: false, should_remove_source_branch: true });
    assert.equal(demoMr().state, 'merged');
    assert.deepEqual(await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates'), []);
  });

  test('409: the head moved since it was checked; nothing is merged', async () => {
    const mr = await findMr();
    const plan = await adapter.merging.plan(mr);
    forge.gitlab.pushToMergeRequest(demoMr(), 'e'.repeat(40));
    const error = await refusal(adapter.merging.merge(mr, plan));
    assert.equal(error.status, 409);
    assert.equal(error.reason, 'mergeHeadMoved');
    assert.match(error.detail ?? '', /SHA does not match HEAD of source branch: e{40}/);
    assert.equal(demoMr().state, 'opened');
  });

  test('405: not mergeable now (GitLab changed its mind since the read)', async () => {
    const mr = await findMr();
    const plan = await adapter.merging.plan(mr);
    demoMr().detailedMergeStatus = 'discussions_not_resolved';
    const error = await refusal(adapter.merging.merge(mr, plan));
    assert.deepEqual([error.status, error.reason], [405, 'notMergeable']);
  });

  test('422: the merge itself failed', async () => {
    const mr = await findMr();
    demoMr().mergeFails = 'Merge conflicts appeared';
    const error = await refusal(adapter.merging.merge(mr, await adapter.merging.plan(mr)));
    assert.deepEqual([error.status, error.reason], [422, 'cannotBeMerged']);
    assert.match(error.detail ?? '', /Branch cannot be merged/);
  });

  test('401: a developer may not merge into a protected branch', async () => {
    forge.addUser({ username: 'dev', token: 'dev-token' });
    forge.gitlab.setAccessLevel(DEMO_PROJECT_PATH, 'dev', 'developer');
    const asDev = GitLabAdapter.create(forge.url, { token: 'dev-token', backoffMs: 1 });
    const mr = (await asDev.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates'))[0];
    const error = await refusal(asDev.merging.merge(mr, await asDev.merging.plan(mr)));
    assert.deepEqual([error.status, error.reason], [401, 'mergeNotAllowed']);
  });

  test('with the pipeline still running it sets auto-merge (both the new and the old parameter), and the MR stays open', async () => {
    demoMr().detailedMergeStatus = 'ci_still_running';
    const head = [...forge.gitlab.pipelines.values()][0];
    head.statusOverride = 'running';
    const mr = await findMr();
    const plan = await adapter.merging.plan(mr);
    assert.equal(plan.whenChecksPass, true);
    forge.clearRequests();
    assert.deepEqual(await adapter.merging.merge(mr, plan), { kind: 'autoMergeSet' });
    const [put] = forge.requestsTo('PUT', `${PROJECT}/merge_requests/1/merge`);
    assert.deepEqual(put.body, { sha: DEMO_HEAD_SHA, squash: false, should_remove_source_branch: true, auto_merge: true, merge_when_pipeline_succeeds: true });
    assert.deepEqual([demoMr().state, demoMr().autoMerge], ['opened', true]);
  });
});

suite('gitlab create: POST .../merge_requests', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('opens the MR with the branches and title; a draft gets GitLab\'s Draft: prefix; it is then listed', async () => {
    forge.gitlab.setBranchHead(DEMO_PROJECT_PATH, 'feature/new', 'b'.repeat(40));
    const mr = await adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/new', targetBranch: 'main', title: 'Add more', draft: true });
    const [post] = forge.requestsTo('POST', `${PROJECT}/merge_requests`);
    assert.deepEqual(post.body, { source_branch: 'feature/new', target_branch: 'main', title: 'Draft: Add more' });
    assert.deepEqual([mr.reference, mr.title, mr.draft, mr.headSha, mr.targetBranch], ['!2', 'Draft: Add more', true, 'b'.repeat(40), 'main']);
    const listed = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/new');
    assert.deepEqual(listed.map((m) => m.reference), ['!2']);
  });

  test('from a fork: posted to the fork with the upstream as target_project_id; the MR lives upstream and the fork finds it', async () => {
    const fork = 'contributor/mr-gates-demo';
    forge.gitlab.setAccessLevel(fork, 'demo', 'developer');
    forge.gitlab.setBranchHead(fork, 'fix/typo', 'c'.repeat(40));
    const mr = await adapter.creating.create(DEMO_PROJECT_PATH, { sourceProjectPath: fork, sourceBranch: 'fix/typo', targetBranch: 'main', title: 'Fix a typo', draft: false });
    const [post] = forge.requestsTo('POST', `/api/v4/projects/${encodeURIComponent(fork)}/merge_requests`);
    assert.deepEqual(post.body, { source_branch: 'fix/typo', target_branch: 'main', title: 'Fix a typo', target_project_id: forge.state.projectByPath(DEMO_PROJECT_PATH)!.id });
    assert.deepEqual([mr.projectPath, mr.headSha, mr.sourceProjectRef !== undefined], [DEMO_PROJECT_PATH, 'c'.repeat(40), true]);
    assert.deepEqual((await adapter.findMergeRequests(fork, 'fix/typo')).map((m) => `${m.projectPath}${m.reference}`), [`${DEMO_PROJECT_PATH}${mr.reference}`]);
    const again = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceProjectPath: fork, sourceBranch: 'fix/typo', targetBranch: 'main', title: 'Again', draft: false }));
    assert.deepEqual([again.status, again.reason], [409, 'mergeRequestExists']);
  });

  test('409: an open MR for the branch exists; the error names it', async () => {
    const error = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'feature/gates', targetBranch: 'main', title: 'Again', draft: false }));
    assert.deepEqual([error.status, error.reason], [409, 'mergeRequestExists']);
    assert.match(error.detail ?? '', /already exists for this source branch: !1/);
  });

  test('422: the same branch as source and target', async () => {
    const error = await refusal(adapter.creating.create(DEMO_PROJECT_PATH, { sourceBranch: 'main', targetBranch: 'main', title: 'Self', draft: false }));
    assert.deepEqual([error.status, error.reason], [422, 'mergeRequestRefused']);
  });
});
