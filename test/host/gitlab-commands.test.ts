// Every GitLab command in the real host, asserted against what the fake GitLab recorded (method, path,
// body, the sha used) and what the tree shows afterwards; each documented error gets its explanation.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { statusPickItems } from '../../src/commands/setStatus';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_PROJECT_PATH, DEMO_TOKEN } from '../fake-forge';
import { checkRef, currentGate, mrGates, openGitLabDemo, renderTree, waitForEntry } from './mrGates';

type Result = { ok: boolean; errorKind?: string; message?: string; opened?: string; checks?: unknown };
const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<Result>(`mrGates.${command}`, ...args);
const PROJECT = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`;

suite('GitLab commands', () => {
  let demo: Awaited<ReturnType<typeof openGitLabDemo>>;
  setup(async () => {
    demo = await openGitLabDemo();
    demo.forge.clearRequests();
  });
  teardown(() => demo.close());

  const stateOf = async (name: string) => [...(await currentGate(demo.root)).checks].find((c) => c.name === name)?.state;

  test('setStatus answers a status check with the MR head sha, and the tree shows it', async () => {
    const result = await run('setStatus', await checkRef(demo.root, 'QA sign-off'), { state: 'passed' });
    assert.deepStrictEqual(result, { ok: true, detail: 'QA sign-off is now passed.' });
    const [post] = demo.forge.requestsTo('POST', `${PROJECT}/merge_requests/1/status_check_responses`);
    assert.strictEqual((post.body as { sha: string }).sha, demo.headSha);
    assert.strictEqual((post.body as { status: string }).status, 'passed');
    assert.strictEqual(await stateOf('QA sign-off'), 'passed');
  });

  test('Set Check Status offers MR Gates\' own states with their icons and what each does; a commit status\'s message uses the same words', async () => {
    const adapter = GitLabAdapter.create(demo.forge.url, { token: DEMO_TOKEN });
    const gate = await currentGate(demo.root);
    const sonar = gate.checks.find((c) => c.name === 'sonar');
    assert.ok(sonar);
    const items = statusPickItems(adapter.statuses, sonar);
    assert.deepStrictEqual(items.map((i) => i.description), ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'], 'the forge\'s words, as a hint');
    const success = items.find((i) => i.choice === 'success');
    assert.strictEqual(success?.label, '$(pass) passed', 'MR Gates\' word and icon for GitLab\'s success');
    assert.match(success?.detail ?? '', /no longer holds the merge request back/);
    assert.strictEqual(items.find((i) => i.choice === 'failed')?.picked, true, 'the current state is marked');
    const result = await run('setStatus', await checkRef(demo.root, 'sonar'), { state: 'success' });
    assert.deepStrictEqual(result, { ok: true, detail: 'sonar is now passed.' }, 'the word of the tree, not the forge\'s "success"');
  });

  test('the log records each user action: what was asked, the forge\'s answer and how long it took', async () => {
    const api = await mrGates();
    const lines: string[] = [];
    const listening = api.log.onLine((level, line) => lines.push(`${level} ${line}`));
    try {
      await run('setStatus', await checkRef(demo.root, 'QA sign-off'), { state: 'passed' });
      await run('retry', await checkRef(demo.root, 'Security review'));
    } finally {
      listening.dispose();
    }
    const actions = lines.filter((l) => l.includes('user action:'));
    assert.match(actions[0] ?? '', /^info user action: Setting QA sign-off to passed… → done: QA sign-off is now passed\. \(\d+ ms\)$/);
    assert.match(actions[1] ?? '', /^warn user action: Retrying Security review… → unprocessable 422: .* \(\d+ ms\)$/, 'a refusal with its status');
  });

  test('setStatus after the head moved: 409 is explained, the MR is re-read, and a second try uses the new head', async () => {
    const newSha = 'e'.repeat(40);
    const ref = await checkRef(demo.root, 'QA sign-off');
    demo.forge.gitlab.pushToMergeRequest(demo.forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, newSha);
    const result = await run('setStatus', ref, { state: 'passed' });
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.errorKind, 'conflict');
    assert.match(result.message ?? '', /head moved/);
    assert.strictEqual((await currentGate(demo.root)).mergeRequest.headSha, newSha, 'the MR was refreshed');
    assert.strictEqual((await run('setStatus', ref, { state: 'passed' })).ok, true);
    const posts = demo.forge.requestsTo('POST', /status_check_responses$/);
    assert.deepStrictEqual(posts.map((p) => (p.body as { sha: string }).sha), [demo.headSha, newSha]);
  });

  test('setStatus on a commit status posts the same name with description and URL', async () => {
    const result = await run('setStatus', await checkRef(demo.root, 'sonar'), { state: 'success', description: 'Quality gate passed', targetUrl: 'https://sonar.example.com/3' });
    assert.strictEqual(result.ok, true);
    const [post] = demo.forge.requestsTo('POST', `${PROJECT}/statuses/${demo.headSha}`);
    assert.deepStrictEqual(post.body, { state: 'success', name: 'sonar', ref: 'feature/gates', description: 'Quality gate passed', target_url: 'https://sonar.example.com/3' });
    assert.strictEqual(await stateOf('sonar'), 'passed');
  });

  test('an invalid commit-status transition (400) is explained', async () => {
    assert.strictEqual((await run('setStatus', await checkRef(demo.root, 'sonar'), { state: 'running' })).ok, true);
    const result = await run('setStatus', await checkRef(demo.root, 'sonar'), { state: 'running' });
    assert.strictEqual(result.errorKind, 'badRequest');
    assert.match(result.message ?? '', /cannot be set to the state it already has/);
  });

  test('retry re-sends a failed status check (202); on a passed one the 422 is explained', async () => {
    assert.strictEqual((await run('retry', await checkRef(demo.root, 'License compliance'))).ok, true);
    assert.strictEqual(demo.forge.requestsTo('POST', /\/status_checks\/\d+\/retry$/).length, 1);
    assert.strictEqual(await stateOf('License compliance'), 'pending');
    const refused = await run('retry', await checkRef(demo.root, 'Security review'));
    assert.strictEqual(refused.errorKind, 'unprocessable');
    assert.match(refused.message ?? '', /only when it has failed/);
  });

  test('retry on a failed job calls the job retry; on a manual job the 403 is explained', async () => {
    const unit = await checkRef(demo.root, 'unit');
    assert.strictEqual((await run('retry', unit)).ok, true);
    // A job is retried in the project its pipeline runs in, named by id (head_pipeline.project_id).
    const pipelineProject = `/api/v4/projects/${demo.forge.state.projectByPath(DEMO_PROJECT_PATH)!.id}`;
    assert.strictEqual(demo.forge.requestsTo('POST', `${pipelineProject}/jobs/${unit.checkId.split(':')[1]}/retry`).length, 1);
    const manual = await run('retry', await checkRef(demo.root, 'deploy-review'));
    assert.strictEqual(manual.errorKind, 'forbidden');
    assert.match(manual.message ?? '', /cannot be retried/);
  });

  test('retryFailed retries every failed check with the right call and reports the count', async () => {
    const result = (await vscode.commands.executeCommand('mrGates.retryFailed', { root: demo.root, mergeRequest: '!1' })) as { ok: boolean; succeeded: string[]; failed: unknown[] };
    // The REST calls that retry (the MR read again afterwards may POST its GraphQL merge-checks query).
    const posts = demo.forge.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v4/')).map((r) => r.path.replace(/^\/api\/v4\/projects\/[^/]+/, '').replace(/\d+/g, 'N'));
    assert.deepStrictEqual(result.failed, []);
    assert.deepStrictEqual([...result.succeeded].sort(), ['License compliance', 'e2e', 'unit'].sort());
    assert.deepStrictEqual(posts.sort(), ['/jobs/N/retry', '/jobs/N/retry', '/merge_requests/N/status_checks/N/retry']);
  });

  test('runAction plays a manual job with variables, and lists the offers', async () => {
    const ref = await checkRef(demo.root, 'deploy-review');
    const result = await run('runAction', ref, { action: 'play', variables: { ENVIRONMENT: 'review' } });
    assert.strictEqual(result.ok, true);
    const [play] = demo.forge.requestsTo('POST', /\/jobs\/\d+\/play$/);
    assert.deepStrictEqual(play.body, { job_variables_attributes: [{ key: 'ENVIRONMENT', value: 'review' }] });
    assert.strictEqual((await run('runAction', ref, { action: 'nope' })).ok, false);
  });

  test('the inline Play of a manual job plays it straight away; with no variables it sends none', async () => {
    const result = await run('playJob', await checkRef(demo.root, 'deploy-review'), { variables: {} });
    assert.strictEqual(result.ok, true, result.message);
    const [play] = demo.forge.requestsTo('POST', /\/jobs\/\d+\/play$/);
    assert.strictEqual(play.body, undefined, 'no variables box answer: no job_variables_attributes');
  });

  test('openInBrowser opens the MR and a job at their pages', async () => {
    const tree = await renderTree(4);
    const mr = tree.find((n) => n.label.startsWith('!1 '))!;
    assert.match((await vscode.commands.executeCommand<string>('mrGates.openInBrowser', mr.node)) ?? '', /\/demo\/mr-gates-demo\/-\/merge_requests\/1$/);
    const pipeline = mr.children.find((c) => c.label.startsWith('Pipeline'))!;
    const job = pipeline.children.find((c) => c.label === 'test')!.children.find((c) => c.label === 'unit')!;
    assert.match((await vscode.commands.executeCommand<string>('mrGates.openInBrowser', job.node)) ?? '', /\/-\/jobs\/\d+$/);
  });

  test('manageStatusChecks lists, creates (secret never returned), edits and deletes', async () => {
    const list = await run('manageStatusChecks', { root: demo.root, operation: 'list' });
    assert.strictEqual((list.checks as unknown[]).length, 3);
    const created = await run('manageStatusChecks', { root: demo.root, operation: 'create', input: { name: 'Perf', externalUrl: 'https://perf.example.com', sharedSecret: 'hush', protectedBranches: ['main'] } });
    const saved = created.checks as { id: number; hmac: boolean; protectedBranches: { name: string }[] };
    assert.deepStrictEqual([saved.hmac, saved.protectedBranches.map((b) => b.name)], [true, ['main']]);
    const [post] = demo.forge.requestsTo('POST', `${PROJECT}/external_status_checks`);
    assert.deepStrictEqual(post.body, { name: 'Perf', external_url: 'https://perf.example.com', shared_secret: 'hush', protected_branch_ids: [1] });
    assert.ok(!JSON.stringify(saved).includes('hush'));
    assert.strictEqual((await run('manageStatusChecks', { root: demo.root, operation: 'update', id: saved.id, input: { name: 'Performance' } })).ok, true);
    assert.strictEqual((await run('manageStatusChecks', { root: demo.root, operation: 'delete', id: saved.id })).ok, true);
    assert.strictEqual(demo.forge.requestsTo('DELETE', `${PROJECT}/external_status_checks/${saved.id}`).length, 1);
  });

  test('manageStatusChecks on a tier without the feature explains the 401', async () => {
    demo.forge.gitlab.configureProject(DEMO_PROJECT_PATH, { externalStatusChecksLicensed: false });
    const result = await run('manageStatusChecks', { root: demo.root, operation: 'list' });
    assert.strictEqual(result.errorKind, 'unauthorized');
    assert.match(result.message ?? '', /tier has no external status checks, or your token lacks the Maintainer role/);
  });

  test('a branch without an MR says so, with a link to create one', async () => {
    const { git } = await import('./helpers');
    await git(demo.root, 'checkout', '-q', '-b', 'feature/no-mr');
    await waitForEntry(demo.root, (e) => e.branch === 'feature/no-mr' && e.status.kind === 'ready', 'the new branch read');
    const node = (await renderTree(2)).find((n) => n.node.id === `repo:${demo.root}`);
    const message = node?.children.find((c) => c.label === 'No open merge request for feature/no-mr');
    assert.ok(message, 'the no-MR message');
    assert.strictEqual(message.command, undefined, 'a click selects it; its inline Open in Browser opens the page');
    assert.match(message.contextValue ?? '', /(^| )openable( |$)/);
    const target = vscode.Uri.parse((message.node as unknown as { webUrl: string }).webUrl);
    assert.strictEqual(target.path, '/demo/mr-gates-demo/-/merge_requests/new');
    assert.strictEqual(target.query, 'merge_request[source_branch]=feature/no-mr');
  });
});
