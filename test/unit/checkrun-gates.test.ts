// The Gitee and GitHub adapters over real HTTP against the fake forge: PR lookup, check runs,
// annotations over pages, and what the commands send.
import { strict as assert } from 'node:assert';
import { findingsOf, type Check, type Gate, type MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { addRequiredChecksRuleset, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, passGitHubDemoGates, seedDemo } from '../fake-forge';
import { protectBranch } from '../fake-forge/github-branches';
import { protectGiteeBranch } from '../fake-forge/gitee-branches';

const SHA = 'f'.repeat(40);
const find = (gate: Gate, name: string): Check => {
  const check = gate.checks.find((c) => c.name === name);
  assert.ok(check, `no check ${name}`);
  return check;
};

suite('gitee gates', () => {
  let forge: FakeForge;
  let adapter: GiteeAdapter;
  let pr: MergeRequestRef;
  let gate: Gate;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    seedDemo(forge, { headSha: SHA });
    adapter = GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(pr, { withFindings: true });
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('a protected target may require any check (unknown); into an unprotected one none is required', async () => {
    assert.ok(gate.checks.length > 0);
    assert.deepEqual(new Set(gate.checks.map((c) => c.required)), new Set([undefined]));
    protectGiteeBranch(forge.state, forge.state.projectByPath(DEMO_PROJECT_PATH)!, 'main', false);
    const plain = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual(new Set(plain.checks.map((c) => c.required)), new Set([false]));
    assert.equal(forge.requestsTo('GET', /\/repos\/demo\/mr-gates-demo\/branches\/main$/).length, 1);
  });

  test('the list item says whether Gitee can merge it, in the words the reasons use', async () => {
    assert.deepEqual([pr.mergeable, pr.mergeStatus], ['now', 'mergeable']);
    const seeded = forge.gitee.pullRequest(DEMO_PROJECT_PATH, 1)!;
    seeded.mergeableState = 'dirty';
    const [refused] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    assert.deepEqual([refused.mergeable, refused.mergeStatus], [undefined, 'not_mergeable']);
    seeded.draft = true;
    const [draft] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    assert.deepEqual([draft.mergeable, draft.mergeStatus, draft.draft], [undefined, 'draft_status', true]);
  });

  test('finds the PR by branch, with Bearer auth and state=open', async () => {
    assert.deepEqual([pr.reference, pr.headSha, pr.projectPath], ['#1', SHA, DEMO_PROJECT_PATH]);
    await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    const list = forge.requestsTo('GET', /\/pulls$/)[0];
    assert.deepEqual([list.query.head, list.query.state, list.headers.authorization], ['feature/gates', 'open', `Bearer ${DEMO_TOKEN}`]);
    assert.ok(!('access_token' in list.query));
  });

  test('a fork PR with the same branch name is not taken for ours', async () => {
    forge.gitee.addPullRequest({ project: DEMO_PROJECT_PATH, title: 'from the fork', head: { ref: 'feature/gates', sha: 'a'.repeat(40), repo: 'contributor/mr-gates-demo' }, base: { ref: 'main' }, author: 'contributor' });
    const found = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    assert.deepEqual(found.map((p) => p.title), [pr.title]);
  });

  test('check runs: states, title as description, actions, annotations', () => {
    assert.deepEqual(['lint', 'build', 'security-scan'].map((n) => find(gate, n).state), ['failed', 'passed', 'running']);
    const lint = find(gate, 'lint');
    assert.match(lint.description ?? '', /^8 problems/);
    assert.deepEqual(lint.actions?.map((a) => a.id), ['autofix']);
    assert.equal(findingsOf(gate, lint.id).length, 8);
    assert.ok(lint.output?.text);
    assert.equal(gate.findings.length, 8);
    assert.ok(gate.findings.every((f) => f.source === 'checkRuns' && f.origin === 'lint' && f.sha === SHA));
  });

  test('annotations in the hundreds are read over pages of 100, in parallel across runs', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ path: 'src/app.ts', start_line: 1 + (i % 3), end_line: 1 + (i % 3), annotation_level: 'warning' as const, message: `m${i}` }));
    forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'big', status: 'completed', conclusion: 'failure', annotations: many });
    const big = await adapter.loadGate(pr, { withFindings: true });
    assert.equal(findingsOf(big, find(big, 'big').id).length, 250);
    const pages = forge.requests.filter((r) => /check-runs\/\d+\/annotations$/.test(r.path) && r.query.per_page === '100');
    assert.equal(pages.length, 3, 'three pages of the new run; the completed runs read in setup are not read again');
  });

  test('a completed run\'s annotations are read once; a run still in progress is read again', async () => {
    const annotationReads = () => forge.requests.filter((r) => /check-runs\/\d+\/annotations$/.test(r.path)).map((r) => r.path);
    const again = await adapter.loadGate(pr, { withFindings: true });
    assert.deepEqual(annotationReads(), [], 'nothing re-read for completed runs');
    assert.deepEqual(findingsOf(again, find(again, 'lint').id), findingsOf(gate, find(gate, 'lint').id), 'the same findings, from memory');
    const [first] = findingsOf(gate, find(gate, 'lint').id);
    assert.ok(first && findingsOf(again, find(again, 'lint').id).includes(first), 'the very same objects, so the store compares them by identity');
    const open = forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'open', status: 'in_progress', annotations: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'so far' }] });
    await adapter.loadGate(pr, { withFindings: true });
    await adapter.loadGate(pr, { withFindings: true });
    assert.equal(annotationReads().filter((p) => p.includes(`/check-runs/${open.id}/`)).length, 2, 'an open run may still add annotations');
  });

  test('retry has no API on Gitee: no run is offered as retryable; a direct call answers with the PR page, and sends nothing', async () => {
    assert.equal(find(gate, 'lint').state, 'failed');
    assert.ok(!find(gate, 'lint').capabilities.includes('retryable'), 'a failed Gitee run offers no Retry');
    const outcome = await adapter.retries.retry(pr, find(gate, 'lint'));
    assert.deepEqual(outcome, { kind: 'openInBrowser', url: pr.webUrl, reason: 'noRerunApi' });
    assert.equal(forge.requests.filter((r) => r.method !== 'GET').length, 0);
  });

  test('an action button keeps the check service\'s words; the page offer is MR Gates\' own, by kind', () => {
    const offers = adapter.actions.offersFor(find(gate, 'lint'));
    assert.deepEqual(offers.map((o) => [o.id, o.kind, o.via]), [['button:autofix', 'forgeButton', 'browser'], ['open', 'openCheckPage', 'browser']]);
    const [button] = offers;
    assert.ok(button.kind === 'forgeButton');
    assert.deepEqual([button.label, button.description, button.reason], ['Fix automatically', 'Push a commit that applies the safe fixes', 'noButtonApi']);
  });

  test('an action button opens the check page with the reason', async () => {
    const outcome = await adapter.actions.run(pr, find(gate, 'lint'), 'button:autofix');
    assert.deepEqual(outcome, { kind: 'openInBrowser', url: 'https://lint.example.com/mr-gates-demo/runs/17', reason: 'noButtonApi' });
  });

  test('setting a running check PATCHes status, conclusion and output; a set conclusion is final', async () => {
    const scan = find(gate, 'security-scan');
    assert.ok(adapter.statuses.choices(scan).includes('success'));
    assert.equal(adapter.statuses.isFinal?.(scan, 'success'), true);
    await adapter.statuses.set(pr, scan, { state: 'success', description: 'No vulnerable packages', summary: '12 of 12 scanned' });
    const [patch] = forge.requestsTo('PATCH', /check-runs\/\d+$/);
    const body = patch.body as Record<string, unknown>;
    assert.deepEqual([body.status, body.conclusion, body.output], ['completed', 'success', { title: 'No vulnerable packages', summary: '12 of 12 scanned' }]);
    const after = await adapter.loadGate(pr, { withFindings: false });
    assert.equal(find(after, 'security-scan').state, 'passed');
    assert.deepEqual(adapter.statuses.choices(find(after, 'security-scan')), []);
    await assert.rejects(adapter.statuses.set(pr, find(after, 'security-scan'), { state: 'failure' }), (e: ForgeError) => e.kind === 'unprocessable');
  });

  test('a refused PATCH carries its reason: a final conclusion (422), administrators only (403)', async () => {
    const scan = find(gate, 'security-scan');
    await adapter.statuses.set(pr, scan, { state: 'success' });
    await assert.rejects(adapter.statuses.set(pr, scan, { state: 'failure' }), (e: ForgeError) => e.reason === 'finalConclusion');
    forge.inject({ method: 'PATCH', path: /\/check-runs\/\d+$/ }, { status: 403, body: { message: '403 Forbidden' } });
    await assert.rejects(adapter.statuses.set(pr, scan, { state: 'in_progress' }), (e: ForgeError) => e.kind === 'forbidden' && e.reason === 'adminsOnly');
  });
});

suite('github gates', () => {
  let forge: FakeForge;
  let adapter: GitHubAdapter;
  let pr: MergeRequestRef;
  let gate: Gate;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge, { headSha: SHA });
    adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(pr, { withFindings: true });
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('finds the PR with head=OWNER:BRANCH', async () => {
    await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    assert.equal(forge.requestsTo('GET', /\/pulls$/)[0].query.head, 'demo:feature/gates');
    assert.equal(pr.reference, '#1');
  });

  test('check runs with filter=latest, combined statuses, and annotations', async () => {
    await adapter.loadGate(pr, { withFindings: true });
    assert.equal(forge.requestsTo('GET', /check-runs$/)[0].query.filter, 'latest');
    assert.deepEqual(['test', 'coverage', 'deploy-preview'].map((n) => find(gate, n).state), ['failed', 'neutral', 'pending']);
    assert.deepEqual(['ci/legacy', 'license/cla'].map((n) => [find(gate, n).kind, find(gate, n).state]), [['commitStatus', 'passed'], ['commitStatus', 'pending']]);
    assert.equal(findingsOf(gate, find(gate, 'test').id).length, 2);
  });

  test('only the latest run of a name from several suites is shown', async () => {
    forge.github.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'test', status: 'completed', conclusion: 'success', app: { slug: 'github-actions' }, completedAt: new Date(Date.now() + 60_000) });
    const later = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual(later.checks.filter((c) => c.name === 'test').map((c) => c.state), ['passed']);
  });

  test('retry of an Actions run re-runs its failed jobs', async () => {
    await adapter.retries.retry(pr, find(gate, 'test'));
    assert.equal(forge.requestsTo('POST', /\/actions\/runs\/\d+\/rerun-failed-jobs$/).length, 1);
  });

  test('a forbidden re-run is a forbidden error', async () => {
    forge.github.configureRepo(DEMO_PROJECT_PATH, { rerunForbidden: true });
    await assert.rejects(adapter.retries.retry(pr, find(gate, 'test')), (e: ForgeError) => e.kind === 'forbidden');
  });

  test('a refused re-run carries its reason, whichever of 403, 404 and 422 GitHub answers', async () => {
    for (const status of [403, 404, 422]) {
      forge.inject({ method: 'POST', path: /rerun-failed-jobs$/, times: 1 }, { status, body: { message: 'refused' } });
      await assert.rejects(adapter.retries.retry(pr, find(gate, 'test')), (e: ForgeError) => e.reason === 'rerunRefused', String(status));
    }
  });

  test('a commit status is posted for the same context; a bad state is a 422', async () => {
    await adapter.statuses.set(pr, find(gate, 'license/cla'), { state: 'success', description: 'signed' });
    const [post] = forge.requestsTo('POST', `/api/v3/repos/demo/mr-gates-demo/statuses/${SHA}`);
    assert.deepEqual(post.body, { state: 'success', context: 'license/cla', description: 'signed' });
    await assert.rejects(adapter.statuses.set(pr, find(gate, 'license/cla'), { state: 'bogus' }), (e: ForgeError) => e.kind === 'unprocessable');
  });
});

suite('github gates: what the merge waits for', () => {
  let forge: FakeForge;
  let adapter: GitHubAdapter;
  let pr: MergeRequestRef;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge, { headSha: SHA });
    adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
  });
  teardown(() => forge.close());

  test('the contexts the target branch\'s rulesets require are marked required; with the classic protection read too, the others are optional', async () => {
    const gate = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual(['test', 'license/cla', 'coverage', 'ci/legacy'].map((n) => find(gate, n).required), [true, true, false, false]);
    const [rules] = forge.requestsTo('GET', /\/rules\/branches\/main$/);
    assert.equal(rules.query.per_page, '100');
    assert.equal(forge.requestsTo('GET', /\/repos\/demo\/mr-gates-demo\/branches\/main$/).length, 1);
  });

  test('the classic branch protection\'s contexts are required as the rulesets\' are', async () => {
    protectBranch(forge.state, forge.state.projectByPath(DEMO_PROJECT_PATH)!, 'main', ['ci/legacy', 'docs']);
    const gate = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual(['test', 'license/cla', 'coverage', 'ci/legacy', 'docs'].map((n) => find(gate, n).required), [true, true, false, true, true]);
    assert.deepEqual([find(gate, 'docs').expected, find(gate, 'docs').state], [true, 'pending']);
  });

  test('a branch the token may not read leaves the checks no rule names unknown', async () => {
    forge.inject({ method: 'GET', path: /mr-gates-demo\/branches\/main$/ }, { status: 403, body: { message: 'Resource not accessible by personal access token' } });
    const gate = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual(['test', 'coverage'].map((n) => find(gate, n).required), [true, undefined]);
  });

  test('the PR itself says whether it can merge: blocked by its required checks, mergeable once they pass, conflicts when dirty', async () => {
    const blocked = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual([blocked.mergeRequest.mergeable, blocked.mergeRequest.mergeStatus, blocked.mergeRequest.hasConflicts], [undefined, 'blocked', false]);
    const seeded = forge.github.pullRequest(DEMO_PROJECT_PATH, 1)!;
    passGitHubDemoGates(forge, forge.state.projectByPath(DEMO_PROJECT_PATH)!, seeded);
    const clean = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual([clean.mergeRequest.mergeable, clean.mergeRequest.mergeStatus], ['now', 'mergeable']);
    // An optional check failing leaves it mergeable (GitHub's unstable).
    forge.github.addCommitStatus({ project: DEMO_PROJECT_PATH, sha: SHA, state: 'failure', context: 'ci/legacy' });
    const unstable = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual([unstable.mergeRequest.mergeable, unstable.mergeRequest.mergeStatus], ['now', 'mergeable']);
    seeded.mergeableState = 'dirty';
    const dirty = await adapter.loadGate(pr, { withFindings: false });
    assert.deepEqual([dirty.mergeRequest.mergeable, dirty.mergeRequest.mergeStatus, dirty.mergeRequest.hasConflicts], [undefined, 'conflict', true]);
  });

  for (const malformed of ['html', 'wrongType', 'truncated'] as const) {
    test(`a single PR answered ${malformed} leaves the merge standing unknown, and the gate is read anyway`, async () => {
      forge.inject({ method: 'GET', path: /\/pulls\/1$/ }, { malformed });
      const gate = await adapter.loadGate(pr, { withFindings: false });
      assert.deepEqual([gate.mergeRequest.mergeable, gate.mergeRequest.mergeStatus], [undefined, undefined]);
      assert.equal(find(gate, 'test').required, true);
    });
  }

  test('a required context that has not reported is an expected, pending row', async () => {
    const project = forge.state.projectByPath(DEMO_PROJECT_PATH)!;
    addRequiredChecksRuleset(forge.state, project, 'main', [{ context: 'security/scan' }]);
    const gate = await adapter.loadGate(pr, { withFindings: false });
    const expected = find(gate, 'security/scan');
    assert.deepEqual([expected.expected, expected.state, expected.required, expected.sha], [true, 'pending', true, SHA]);
  });

  test('rules the token may not read leave every check unknown, and the gate is read anyway', async () => {
    forge.inject({ method: 'GET', path: /\/rules\/branches\// }, { status: 404, body: { message: 'Not Found' } });
    const gate = await adapter.loadGate(pr, { withFindings: false });
    assert.equal(find(gate, 'test').required, undefined);
    assert.equal(gate.checks.some((c) => c.expected), false);
  });
});
