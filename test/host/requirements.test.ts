// Required, optional and expected checks of a GitLab MR in the real host, by the project's merge rules:
// the tree marks each, an optional failure warns instead of blocking (the MR and the status bar are not
// red for it), and a required pipeline that has not started shows as an expected row. GitHub's rulesets,
// classic protection and mergeable_state, and Gitee's protected branches, in the same tree.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { addRequiredChecksRuleset, DEMO_PROJECT_PATH, passGitHubDemoGates } from '../fake-forge';
import { protectBranch } from '../fake-forge/github-branches';
import { protectGiteeBranch } from '../fake-forge/gitee-branches';
import { waitFor } from './helpers';
import { mergeRequestNodes, mrGates, openDemo, openGitLabDemo, renderTree, waitForEntry, type RenderedNode } from './mrGates';

function find(nodes: readonly RenderedNode[], label: string | RegExp): RenderedNode | undefined {
  for (const node of nodes) {
    if (typeof label === 'string' ? node.label === label : label.test(node.label)) return node;
    const inside = find(node.children, label);
    if (inside) return inside;
  }
  return undefined;
}

async function tooltipOf(node: RenderedNode | undefined): Promise<string> {
  assert.ok(node, 'no such node');
  const tooltip = (await (await mrGates()).provider.getTreeItem(node.node)).tooltip;
  return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
}

/** Refresh, then the tree once it shows what `until` waits for. */
async function refresh(until: (tree: RenderedNode[]) => boolean, what: string): Promise<RenderedNode[]> {
  await vscode.commands.executeCommand('mrGates.refresh');
  return waitFor(async () => {
    const tree = await renderTree(6);
    return until(tree) ? tree : undefined;
  }, { message: what });
}

suite('required, optional and expected checks (GitLab)', () => {
  let demo: Awaited<ReturnType<typeof openGitLabDemo>>;
  setup(async () => {
    demo = await openGitLabDemo();
  });
  teardown(() => demo.close());

  test('required checks are marked, and their tooltip says the merge waits for them', async () => {
    const tree = await renderTree(6);
    assert.strictEqual(find(tree, 'unit')?.description, 'failed · required · 1 min 36 sec');
    assert.match(await tooltipOf(find(tree, 'unit')), /Required: the merge waits for it to pass\./);
    assert.match(await tooltipOf(find(tree, 'e2e')), /Allowed to fail: a failure warns and does not block the merge\./);
    assert.strictEqual(find(tree, /^Pipeline #\d+$/)?.description, 'running · required');
  });

  test('with the rules off, a failure is optional: it warns, and neither the MR nor the status bar turns red', async () => {
    demo.forge.gitlab.configureProject(DEMO_PROJECT_PATH, { pipelineMustSucceed: false, statusChecksMustPass: false });
    const tree = await refresh((t) => find(t, 'unit')?.description === 'failed · optional · 1 min 36 sec', 'unit read as optional');
    assert.strictEqual(find(tree, 'unit')?.icon, 'warning');
    assert.strictEqual(find(tree, 'License compliance')?.description, 'failed · optional');
    assert.match(await tooltipOf(find(tree, 'sonar')), /Optional: the merge does not wait for it\./);
    const [mr] = mergeRequestNodes(tree);
    assert.notStrictEqual(mr.icon, 'error', 'no blocking failure left');
    const api = await mrGates();
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(demo.root, 'src/util.ts')));
    await waitFor(() => (api.statusBar.text?.includes('!1') ? true : undefined), { event: vscode.window.onDidChangeActiveTextEditor, message: 'the status bar shows the MR' });
    assert.strictEqual(api.statusBar.alarming, false, 'no error background for optional failures');
    demo.forge.gitlab.configureProject(DEMO_PROJECT_PATH, { pipelineMustSucceed: true });
    await refresh((t) => find(t, 'unit')?.description === 'failed · required · 1 min 36 sec', 'unit required again');
    assert.strictEqual(api.statusBar.alarming, true, 'a required failure is red');
  });

  test('the MR node names every reason it cannot merge, each a row; with all passed it reads "Ready to merge"', async () => {
    const mr = demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!;
    mr.hasConflicts = true;
    mr.threadsUnresolved = true;
    let tree = await refresh((t) => /has conflicts/.test(mergeRequestNodes(t)[0]?.description ?? ''), 'the conflicts read');
    let node = mergeRequestNodes(tree)[0];
    assert.strictEqual(node.description, '✗ 2/6 · Blocked: 2 required checks failing, 2 required checks not passed yet, 1 approval missing, has conflicts, unresolved threads');
    const reasons = node.children.filter((c) => /(^| )reason( |$)/.test(c.contextValue ?? ''));
    assert.deepStrictEqual(reasons.map((r) => r.label), ['2 required checks failing', '2 required checks not passed yet', '1 approval missing', 'has conflicts', 'unresolved threads']);
    assert.match(reasons[3].contextValue ?? '', /(^| )openable( |$)/, 'conflicts: resolve them in the browser');
    assert.strictEqual((reasons[3].node as unknown as { webUrl?: string }).webUrl, `${demo.forge.url}/${DEMO_PROJECT_PATH}/-/merge_requests/1/conflicts`);
    assert.doesNotMatch(reasons[0].contextValue ?? '', /openable/, 'the failing checks are below, with their own actions');
    // Everything passes and GitLab says mergeable.
    mr.hasConflicts = false;
    mr.threadsUnresolved = false;
    mr.detailedMergeStatus = 'mergeable';
    demo.forge.gitlab.approvals.approve(mr, 'demo');
    demo.forge.gitlab.configureProject(DEMO_PROJECT_PATH, { pipelineMustSucceed: false, statusChecksMustPass: false });
    tree = await refresh((t) => /Ready to merge/.test(mergeRequestNodes(t)[0]?.description ?? ''), 'ready to merge');
    node = mergeRequestNodes(tree)[0];
    assert.strictEqual(node.children.filter((c) => /(^| )reason( |$)/.test(c.contextValue ?? '')).length, 0);
  });

  /** The demo MR with one required check failing (License compliance), and GitLab's need_rebase and requested_changes besides. */
  const threeReasons = (): void => {
    const gl = demo.forge.gitlab;
    const mr = gl.mergeRequest(DEMO_PROJECT_PATH, 1)!;
    gl.configureProject(DEMO_PROJECT_PATH, { pipelineMustSucceed: false });
    gl.approvals.approve(mr, 'demo');
    gl.addStatusCheckResponse({ mergeRequest: mr, check: gl.checksOf(gl.project(DEMO_PROJECT_PATH)).find((c) => c.name === 'QA sign-off')!, status: 'passed' });
    // Fast-forward merges, and main moved on: the MR needs a rebase. A reviewer asked for changes.
    gl.settingsOf(DEMO_PROJECT_PATH).merge.mergeMethod = 'ff';
    gl.setBranchHead(DEMO_PROJECT_PATH, 'main', 'c'.repeat(40));
    gl.approvals.requestChanges(mr, 'contributor');
  };
  const reasonRows = (node: RenderedNode) => node.children.filter((c) => /(^| )reason( |$)/.test(c.contextValue ?? '')).map((r) => r.label);
  const standing = (t: RenderedNode[]) => (mergeRequestNodes(t)[0]?.description ?? '').split(' · ').pop();

  test('GitLab\'s merge checks (GraphQL) name what REST\'s first failing check hides: three reasons, each a row', async () => {
    threeReasons();
    const tree = await refresh((t) => /needs a rebase/.test(standing(t) ?? ''), 'the merge checks read');
    const node = mergeRequestNodes(tree)[0];
    assert.strictEqual(standing(tree), 'Blocked: 1 required check failing, changes requested, needs a rebase', 'REST alone says status_checks_must_pass: one reason');
    assert.deepStrictEqual(reasonRows(node), ['1 required check failing', 'changes requested', 'needs a rebase']);
    assert.match(node.children.find((c) => c.label === 'needs a rebase')?.contextValue ?? '', /(^| )openable( |$)/, 'the rebase is done on the forge\'s page');
    const asked = demo.forge.requestsTo('POST', '/api/graphql').length;
    await refresh((t) => standing(t) === 'Blocked: 1 required check failing, changes requested, needs a rebase', 'read again');
    assert.strictEqual(demo.forge.requestsTo('POST', '/api/graphql').length, asked, 'nothing changed: the merge checks were not asked again');
  });

  test('a GitLab without mergeabilityChecks (older than 16.5) still shows the REST reasons, and is not asked again', async () => {
    demo.forge.gitlab.graphql = 'older';
    threeReasons();
    const tree = await refresh((t) => standing(t) === 'Blocked: 1 required check failing', 'the REST reasons of the new state');
    assert.deepStrictEqual(reasonRows(mergeRequestNodes(tree)[0]), ['1 required check failing']);
    const asked = demo.forge.requestsTo('POST', '/api/graphql').length;
    assert.ok(asked >= 1, 'GraphQL was asked, and answered that the field does not exist');
    demo.forge.gitlab.approvals.requestChanges(demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, 'contributor', false);
    demo.forge.gitlab.addStatusCheckResponse({ mergeRequest: demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, check: demo.forge.gitlab.checksOf(demo.forge.gitlab.project(DEMO_PROJECT_PATH)).find((c) => c.name === 'License compliance')!, status: 'pending' });
    await refresh((t) => standing(t) === 'Blocked: 1 required check not passed yet', 'the next state read');
    assert.strictEqual(demo.forge.requestsTo('POST', '/api/graphql').length, asked, 'the instance is remembered as unable to answer');
  });

  test('a required pipeline that has not started on the new head is an expected row', async () => {
    const sha = 'e'.repeat(40);
    demo.forge.gitlab.pushToMergeRequest(demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, sha);
    await vscode.commands.executeCommand('mrGates.refresh');
    await waitForEntry(demo.root, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.mergeRequest.headSha === sha, 'the MR read at its new head');
    const tree = await renderTree(6);
    const pipeline = find(tree, 'Pipeline');
    assert.strictEqual(pipeline?.description, 'expected · required');
    assert.strictEqual(pipeline?.icon, 'clock');
    assert.match(await tooltipOf(pipeline), /Expected: not reported on the head commit yet, and the merge waits for it\./);
  });
});

suite('required and expected checks (GitHub rulesets)', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('github');
  });
  teardown(() => demo.close());

  test('the contexts main\'s ruleset requires are marked; one never reported is an expected row', async () => {
    let tree = await renderTree(6);
    assert.match(find(tree, 'test')?.description ?? '', /^failed · required/);
    assert.match(find(tree, 'license/cla')?.description ?? '', /^pending · required/);
    assert.doesNotMatch(find(tree, 'coverage')?.description ?? '', /required/, 'no ruleset names it');
    assert.match(await tooltipOf(find(tree, 'coverage')), /Optional: the merge does not wait for it\./, 'rules and protection were both read');
    addRequiredChecksRuleset(demo.forge.state, demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!, 'main', [{ context: 'security/scan' }]);
    await vscode.commands.executeCommand('mrGates.refresh');
    tree = await waitFor(async () => {
      const t = await renderTree(6);
      return find(t, 'security/scan') ? t : undefined;
    }, { message: 'the expected row' });
    assert.strictEqual(find(tree, 'security/scan')?.description, 'expected · required');
    assert.strictEqual(find(tree, 'security/scan')?.icon, 'clock');
  });
});

suite('what a GitHub merge waits for: the classic protection, and the PR\'s own word', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('github');
  });
  teardown(() => demo.close());

  test('the MR node names every reason; a context the classic protection requires is marked; passing them all offers Merge', async () => {
    let tree = await renderTree(6);
    let [mr] = mergeRequestNodes(tree);
    assert.strictEqual(mr.description?.replace(/^.*?· /, ''), 'Blocked: 1 required check failing, 1 required check not passed yet, 1 approval missing');
    assert.doesNotMatch(mr.contextValue ?? '', /(^| )mergeable( |$)/, 'GitHub says blocked: no Merge');
    const project = demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!;
    protectBranch(demo.forge.state, project, 'main', ['ci/legacy']);
    demo.forge.github.addCommitStatus({ project, sha: demo.headSha, state: 'failure', context: 'ci/legacy' });
    tree = await refresh((t) => /^failed · required/.test(find(t, 'ci/legacy')?.description ?? ''), 'ci/legacy required by the classic protection');
    assert.match(mergeRequestNodes(tree)[0].description ?? '', /2 required checks failing/);
    demo.forge.github.addCommitStatus({ project, sha: demo.headSha, state: 'success', context: 'ci/legacy' });
    passGitHubDemoGates(demo.forge, project, demo.forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!);
    tree = await refresh((t) => /Ready to merge/.test(mergeRequestNodes(t)[0]?.description ?? ''), 'ready to merge');
    [mr] = mergeRequestNodes(tree);
    assert.match(mr.contextValue ?? '', /(^| )mergeable( |$)/, 'GitHub says clean: the tree offers Merge');
  });

  test('a branch behind its target, or in conflict with it, is a reason of its own; conflicts open GitHub\'s conflicts page', async () => {
    const project = demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!;
    passGitHubDemoGates(demo.forge, project, demo.forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!);
    demo.forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!.mergeableState = 'behind';
    const tree = await refresh((t) => /behind/.test(mergeRequestNodes(t)[0]?.description ?? ''), 'the behind reason');
    assert.match(mergeRequestNodes(tree)[0].description ?? '', /Blocked: behind the target branch: update it$/);
    demo.forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!.mergeableState = 'dirty';
    const dirty = await refresh((t) => /has conflicts/.test(mergeRequestNodes(t)[0]?.description ?? ''), 'the conflicts reason');
    const row = mergeRequestNodes(dirty)[0].children.find((c) => c.label === 'has conflicts');
    assert.strictEqual((row?.node as unknown as { webUrl?: string } | undefined)?.webUrl, `${demo.forge.url}/${DEMO_PROJECT_PATH}/pull/1/conflicts`, 'resolved on GitHub\'s conflicts page');
  });
});

suite('what a Gitee merge waits for', () => {
  let demo: Awaited<ReturnType<typeof openDemo>>;
  setup(async () => {
    demo = await openDemo('gitee');
  });
  teardown(() => demo.close());

  test('into a protected branch a failure blocks without being called required; into a plain one it is optional', async () => {
    let tree = await renderTree(6);
    assert.match(mergeRequestNodes(tree)[0].description ?? '', /Blocked: 1 check failing/);
    assert.doesNotMatch(find(tree, 'lint')?.description ?? '', /required|optional/, 'which checks the rule requires, Gitee does not say');
    protectGiteeBranch(demo.forge.state, demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!, 'main', false);
    await vscode.commands.executeCommand('mrGates.refresh');
    tree = await waitFor(async () => {
      const t = await renderTree(6);
      return /optional/.test(find(t, 'lint')?.description ?? '') ? t : undefined;
    }, { message: 'lint read as optional' });
    assert.doesNotMatch(mergeRequestNodes(tree)[0].description ?? '', /check failing/);
  });
});
