// Merge and Create Merge Request on GitLab in the real host, asserted against what the fake GitLab
// recorded (the sha merged, the body sent) and what the tree shows afterwards; each documented refusal
// comes back explained in plain words.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { mergePlanWords } from '../../src/commands/merge';
import { mergeReasons } from '../../src/core/mergeReasons';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, passGitHubDemoGates, seedDemo } from '../fake-forge';
import { git, gitInOpenRepo, tmpDir, waitFor } from './helpers';
import { mergeRequestNodes, mrGates, openDemo, openRepo, renderTree, setInstances, signIn, signOut, waitForEntry } from './mrGates';

type Result = { ok: boolean; errorKind?: string; message?: string; detail?: string; outcome?: string; notPushed?: boolean; mergeRequest?: { reference: string; title: string } };
const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(`mrGates.${command}`, ...args);
const PROJECT = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`;
const NO_MODAL = { confirm: false, afterMerge: 'none' };

suite('Merge and Create Merge Request (GitLab)', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  const demoMr = () => demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!;
  const ready = (predicate: (gates: readonly { mergeRequest: { reference: string; mergeable?: string; headSha: string }; gate?: { mergeRequest: { mergeable?: string } } }[]) => boolean, message: string) =>
    waitForEntry(demo.root, (e) => e.status.kind === 'ready' && predicate(e.status.gates ?? []), message);
  /** Makes the demo MR mergeable on the fake and waits until the tree has read it so. */
  const makeMergeable = async (status = 'mergeable', mergeable = 'now') => {
    demoMr().detailedMergeStatus = status;
    await run('refresh');
    await ready((gates) => gates[0]?.gate?.mergeRequest.mergeable === mergeable, `the MR reads as mergeable ${mergeable}`);
  };
  /** Gives the checked-out branch an upstream, as a push would, so the forge is said to have it. */
  const publishBranch = async () => {
    await gitInOpenRepo(demo.root, 'update-ref', 'refs/remotes/origin/feature/gates', 'HEAD');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.remote', 'origin');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.merge', 'refs/heads/feature/gates');
    const api = await mrGates();
    await waitForEntry(demo.root, () => api.git.get(demo.root)?.upstreamRemote === 'origin', 'the branch has an upstream');
  };

  setup(async () => {
    demo = await openDemo('gitlab');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('an MR GitLab does not call mergeable has no Merge, and the command says why without asking the forge', async () => {
    const [mrNode] = mergeRequestNodes(await renderTree(2));
    assert.doesNotMatch(mrNode.contextValue ?? '', /(^| )mergeable( |$)/);
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, false);
    assert.match(result.message ?? '', /does not say !1 can be merged now/);
    assert.deepStrictEqual(demo.forge.requestsTo('PUT', /\/merge$/), []);
  });

  test('Merge merges exactly the head whose gate was shown, with the project\'s defaults; the MR leaves the tree for the Create node', async () => {
    await makeMergeable();
    const [mrNode] = mergeRequestNodes(await renderTree(2));
    assert.match(mrNode.contextValue ?? '', /(^| )mergeable( |$)/, 'Merge is offered on the MR node');
    const result = await run('merge', mrNode.node, NO_MODAL);
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.outcome, 'merged');
    assert.strictEqual(result.detail, '!1 was merged into main.');
    const [put] = demo.forge.requestsTo('PUT', `${PROJECT}/merge_requests/1/merge`);
    assert.deepStrictEqual(put.body, { sha: demo.headSha, squash: false, should_remove_source_branch: true });
    assert.strictEqual(demoMr().state, 'merged');
    await ready((gates) => gates.length === 0, 'the merged MR left the open ones');
    const tree = await renderTree(2);
    const message = [...tree, ...tree.flatMap((n) => n.children)].find((n) => /(^| )noMergeRequest( |$)/.test(n.contextValue ?? ''));
    assert.ok(message, 'the "no open merge request" node is back');
    assert.strictEqual((message.node as { root?: string }).root, demo.root, 'its inline Create knows the repository');
  });

  test('after a merge, Check Out and Pull puts the repository on the target branch at its new tip, through the git extension', async () => {
    // A real remote for the target branch, which the merge has moved ahead of the local one.
    const bare = tmpDir('merge-target');
    await git(bare, 'init', '--bare', '--quiet');
    await git(demo.root, 'remote', 'add', 'target', bare);
    await git(demo.root, 'push', '--quiet', 'target', 'HEAD:refs/heads/main');
    await git(demo.root, 'fetch', '--quiet', 'target');
    await git(demo.root, 'branch', '--quiet', '--track', 'main', 'target/main');
    const tip = (await git(demo.root, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'Merge feature/gates')).trim();
    await gitInOpenRepo(demo.root, 'push', '--quiet', 'target', `${tip}:refs/heads/main`);
    await makeMergeable();
    const result = await run('merge', { root: demo.root }, { confirm: false, afterMerge: 'checkout' });
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual((await git(demo.root, 'rev-parse', '--abbrev-ref', 'HEAD')).trim(), 'main');
    assert.strictEqual((await git(demo.root, 'rev-parse', 'HEAD')).trim(), tip, 'pulled to the merged tip');
  });

  test('409 head moved: nothing is merged, the words say why, and the new head is read', async () => {
    await makeMergeable();
    const newSha = 'e'.repeat(40);
    demo.forge.gitlab.pushToMergeRequest(demoMr(), newSha);
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.errorKind, 'conflict');
    assert.match(result.message ?? '', /Nothing was merged: the merge request's head moved since its gate was read \(SHA does not match HEAD of source branch: e{40}\)/);
    const [put] = demo.forge.requestsTo('PUT', `${PROJECT}/merge_requests/1/merge`);
    assert.strictEqual((put.body as { sha: string }).sha, demo.headSha, 'the checked head was sent, not the new one');
    assert.strictEqual(demoMr().state, 'opened');
    await ready((gates) => gates[0]?.mergeRequest.headSha === newSha, 'the MR was re-read at its new head');
  });

  test('405 not mergeable: GitLab changed its mind after the read, and the words say what holds it', async () => {
    await makeMergeable();
    demoMr().detailedMergeStatus = 'discussions_not_resolved';
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, false);
    assert.match(result.message ?? '', /will not merge it now \(405 Method Not Allowed\)/);
    await ready((gates) => gates[0]?.gate?.mergeRequest.mergeable === undefined, 'Merge is no longer offered');
  });

  test('with the pipeline still running it sets Merge When Pipeline Succeeds, and the MR stays open', async () => {
    [...demo.forge.gitlab.pipelines.values()][0].statusOverride = 'running';
    await makeMergeable('ci_still_running', 'whenChecksPass');
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.outcome, 'autoMergeSet');
    const [put] = demo.forge.requestsTo('PUT', `${PROJECT}/merge_requests/1/merge`);
    assert.deepStrictEqual(put.body, { sha: demo.headSha, squash: false, should_remove_source_branch: true, auto_merge: true, merge_when_pipeline_succeeds: true });
    assert.deepStrictEqual([demoMr().state, demoMr().autoMerge], ['opened', true]);
  });

  test('Create on a branch that is not pushed says so, and sends nothing', async () => {
    demoMr().state = 'closed';
    await run('refresh');
    await ready((gates) => gates.length === 0, 'no open MR');
    const result = await run('createMergeRequest', { root: demo.root, title: 'Again', targetBranch: 'main', draft: false });
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.notPushed, true);
    assert.match(result.message ?? '', /feature\/gates is not on the remote yet/);
    assert.deepStrictEqual(demo.forge.requestsTo('POST', `${PROJECT}/merge_requests`), []);
  });

  test('Create opens the MR, and it appears in the tree at once', async () => {
    demoMr().state = 'closed';
    await run('refresh');
    await ready((gates) => gates.length === 0, 'no open MR');
    demo.forge.gitlab.setBranchHead(DEMO_PROJECT_PATH, 'feature/gates', demo.headSha);
    await publishBranch();
    const result = await run('createMergeRequest', { root: demo.root, title: 'Second try', targetBranch: 'main', draft: true });
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.detail, 'Opened !2 "Draft: Second try": feature/gates → main.');
    const [post] = demo.forge.requestsTo('POST', `${PROJECT}/merge_requests`);
    assert.deepStrictEqual(post.body, { source_branch: 'feature/gates', target_branch: 'main', title: 'Draft: Second try' });
    const nodes = mergeRequestNodes(await renderTree(2));
    assert.deepStrictEqual(nodes.map((n) => n.label), ['!2 Draft: Second try'], 'shown without waiting for a poll');
  });

  test('Create when another open MR appeared meanwhile: 409 is explained, and that MR is shown', async () => {
    demoMr().state = 'closed';
    await run('refresh');
    await ready((gates) => gates.length === 0, 'no open MR');
    await publishBranch();
    demoMr().state = 'opened';
    const result = await run('createMergeRequest', { root: demo.root, title: 'Duplicate', targetBranch: 'main', draft: false });
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.errorKind, 'conflict');
    assert.match(result.message ?? '', /A merge request for this branch is open already \(Another open merge request already exists for this source branch: !1\)/);
    const nodes = mergeRequestNodes(await renderTree(2));
    assert.deepStrictEqual(nodes.map((n) => n.label), ['!1 Add the gates view']);
  });
});

suite('Merge and Create Merge Request (GitHub)', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  const REPO = `/api/v3/repos/${DEMO_PROJECT_PATH}`;
  const pr = () => demo.forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!;
  const noOpenPr = async () => {
    pr().state = 'closed';
    await run('refresh');
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.length === 0, 'no open PR');
  };
  const publishBranch = async () => {
    await gitInOpenRepo(demo.root, 'update-ref', 'refs/remotes/origin/feature/gates', 'HEAD');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.remote', 'origin');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.merge', 'refs/heads/feature/gates');
    const api = await mrGates();
    await waitForEntry(demo.root, () => api.git.get(demo.root)?.upstreamRemote === 'origin', 'the branch has an upstream');
  };

  setup(async () => {
    demo = await openDemo('github');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('with its required checks passed and approvals given, the tree offers Merge; it merges the checked head with the method the repository allows', async () => {
    passGitHubDemoGates(demo.forge, demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!, pr());
    await run('refresh');
    const mrNode = await waitFor(async () => mergeRequestNodes(await renderTree(2)).find((n) => /(^| )mergeable( |$)/.test(n.contextValue ?? '')), { message: 'the tree offers Merge' });
    const result = await run('merge', mrNode.node, NO_MODAL);
    assert.strictEqual(result.ok, true, result.message);
    assert.strictEqual(result.detail, '#1 was merged into main.');
    const [put] = demo.forge.requestsTo('PUT', `${REPO}/pulls/1/merge`);
    assert.deepStrictEqual(put.body, { sha: demo.headSha, merge_method: 'merge' });
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.length === 0, 'the merged PR left the tree');
  });

  test('the demo PR (a required check failed, an approval missing) has no Merge; the palette\'s Merge asks GitHub and says why, sending nothing', async () => {
    const [mrNode] = mergeRequestNodes(await renderTree(2));
    assert.doesNotMatch(mrNode.contextValue ?? '', /(^| )mergeable( |$)/);
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, false);
    assert.match(result.message ?? '', /will not merge it now \(mergeable_state: blocked\)/);
    assert.deepStrictEqual(demo.forge.requestsTo('PUT', /\/merge$/), []);
  });

  test('Create opens the PR and it appears in the tree; a second one is GitHub\'s 422, explained', async () => {
    await noOpenPr();
    await publishBranch();
    const result = await run('createMergeRequest', { root: demo.root, title: 'Again', targetBranch: 'main', draft: false });
    assert.strictEqual(result.ok, true, result.message);
    const [post] = demo.forge.requestsTo('POST', `${REPO}/pulls`);
    assert.deepStrictEqual(post.body, { title: 'Again', head: 'feature/gates', base: 'main', draft: false });
    assert.deepStrictEqual(mergeRequestNodes(await renderTree(2)).map((n) => n.label), ['#2 Again']);
    const again = await run('createMergeRequest', { root: demo.root, title: 'Again', targetBranch: 'main', draft: false });
    assert.strictEqual(again.ok, false);
    assert.match(again.message ?? '', /A merge request for this branch is open already \(.*A pull request already exists for demo:feature\/gates/);
  });
});

suite('Merge and Create Merge Request (Gitee)', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  const REPO = `/api/v5/repos/${DEMO_PROJECT_PATH}`;
  const pr = () => demo.forge.gitee.pullRequest(DEMO_PROJECT_PATH, 1)!;

  setup(async () => {
    demo = await openDemo('gitee');
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  test('Gitee says the PR can merge, so the tree offers Merge; it merges the checked head', async () => {
    const [mrNode] = mergeRequestNodes(await renderTree(2));
    assert.match(mrNode.contextValue ?? '', /(^| )mergeable( |$)/);
    const result = await run('merge', mrNode.node, NO_MODAL);
    assert.strictEqual(result.ok, true, result.message);
    const [put] = demo.forge.requestsTo('PUT', `${REPO}/pulls/1/merge`);
    assert.deepStrictEqual(put.body, { merge_method: 'merge', prune_source_branch: false });
    assert.strictEqual(pr().state, 'merged');
  });

  test('the confirmation says what MR Gates still reads against the merge Gitee allows (a failing check, a missing approval)', async () => {
    const entry = await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the gate is read');
    const gate = entry.status.kind === 'ready' ? entry.status.gates![0].gate! : assert.fail('no gate');
    const plan = { method: 'merge' as const, squash: false, deleteSourceBranch: false, sha: gate.mergeRequest.headSha, whenChecksPass: false };
    const lines = mergePlanWords(gate.mergeRequest, plan, mergeReasons(gate)).split('\n');
    assert.ok(lines.includes('MR Gates still reads: 1 check failing, 1 approval missing. The forge may refuse, or merge only for someone allowed to bypass its rules.'), lines.join('\n'));
    assert.ok(!mergePlanWords(gate.mergeRequest, plan, []).includes('still reads'), 'nothing read against it: no such line');
  });

  test('a head pushed after the gate was read: nothing is merged, and the new head is read', async () => {
    const newSha = 'f'.repeat(40);
    demo.forge.gitee.pushToPullRequest(pr(), newSha);
    const result = await run('merge', { root: demo.root }, NO_MODAL);
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.errorKind, 'conflict');
    assert.match(result.message ?? '', /Nothing was merged: the merge request's head moved/);
    assert.deepStrictEqual(demo.forge.requestsTo('PUT', /\/merge$/), []);
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.mergeRequest.headSha === newSha, 'the new head was read');
  });

  test('Create when one is open already: Gitee\'s refusal is explained and nothing new is listed', async () => {
    await gitInOpenRepo(demo.root, 'update-ref', 'refs/remotes/origin/feature/gates', 'HEAD');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.remote', 'origin');
    await gitInOpenRepo(demo.root, 'config', 'branch.feature/gates.merge', 'refs/heads/feature/gates');
    const api = await mrGates();
    await waitForEntry(demo.root, () => api.git.get(demo.root)?.upstreamRemote === 'origin', 'the branch has an upstream');
    const result = await run('createMergeRequest', { root: demo.root, title: 'Dup', targetBranch: 'main', draft: false });
    assert.strictEqual(result.ok, false);
    assert.match(result.message ?? '', /A merge request for this branch is open already \(.*已存在/);
    assert.deepStrictEqual(mergeRequestNodes(await renderTree(2)).map((n) => n.label), ['#1 Add the gates view']);
  });
});

suite('Create Merge Request from a fork (GitLab)', () => {
  const FORK = 'contributor/mr-gates-demo';
  let forge: FakeForge;
  let repo: { root: string; close(): Promise<void> };
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    forge.gitlab.setAccessLevel(FORK, 'demo', 'developer');
    await setInstances([{ url: forge.url, forge: 'gitlab' }]);
    repo = await openRepo({ remote: `${forge.url}/${FORK}.git`, branch: 'fix/typo' });
    const head = (await git(repo.root, 'rev-parse', 'HEAD')).trim();
    forge.gitlab.setBranchHead(FORK, 'fix/typo', head);
    await gitInOpenRepo(repo.root, 'update-ref', 'refs/remotes/origin/fix/typo', 'HEAD');
    await gitInOpenRepo(repo.root, 'config', 'branch.fix/typo.remote', 'origin');
    await gitInOpenRepo(repo.root, 'config', 'branch.fix/typo.merge', 'refs/heads/fix/typo');
    assert.ok((await signIn(forge.url, DEMO_TOKEN)).ok);
    const api = await mrGates();
    await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && e.status.gates?.length === 0 && api.git.get(repo.root)?.upstreamRemote === 'origin', 'the fork branch has no MR, and an upstream');
    forge.clearRequests();
  });
  teardown(async () => {
    await signOut(forge.url);
    await repo.close();
    await setInstances([]);
    await forge.close();
  });

  test('opens it in the project the fork was made from (posted to the fork, upstream as the target), and the tree shows it', async () => {
    const result = await run('createMergeRequest', { root: repo.root, title: 'Fix a typo', targetBranch: 'main', draft: false });
    assert.strictEqual(result.ok, true, result.message);
    const [post] = forge.requestsTo('POST', `/api/v4/projects/${encodeURIComponent(FORK)}/merge_requests`);
    assert.deepStrictEqual(post.body, { source_branch: 'fix/typo', target_branch: 'main', title: 'Fix a typo', target_project_id: forge.state.projectByPath(DEMO_PROJECT_PATH)!.id });
    assert.deepStrictEqual(forge.gitlab.mergeRequests.filter((m) => m.title === 'Fix a typo').map((m) => m.projectId), [forge.state.projectByPath(DEMO_PROJECT_PATH)!.id]);
    await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.mergeRequest.projectPath === DEMO_PROJECT_PATH, 'the upstream MR in the tree');
    assert.deepStrictEqual(mergeRequestNodes(await renderTree(2)).map((n) => n.label), ['!2 Fix a typo']);
  });

  test('the fork itself, when asked: posted to the fork without a target project', async () => {
    const result = await run('createMergeRequest', { root: repo.root, title: 'In the fork', targetBranch: 'main', draft: false, targetProject: FORK });
    assert.strictEqual(result.ok, true, result.message);
    const [post] = forge.requestsTo('POST', `/api/v4/projects/${encodeURIComponent(FORK)}/merge_requests`);
    assert.deepStrictEqual(post.body, { source_branch: 'fix/typo', target_branch: 'main', title: 'In the fork' });
  });
});
