// A hostile forge against the extension in the real host (issue 7): shas that would reach git as
// options, tokens echoed in error bodies, command: links in forge text and URLs, waits past Node's
// timer limit, pagination links that leave the API or loop, raw HTML in check output, and Gitee's
// admins-only check runs. Each case attacks one repository and proves, through the fault probe, that
// the host stayed up with no unhandled rejection and that the other repository kept its tree and
// diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ForgeKind } from '../../src/core/model';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';
import { DEMO_FILES } from '../fake-forge/demo-world';
import { addWorkspaceFolder, git, makeGitRepo, removeWorkspaceFolder, tmpDir, waitFor, waitForGitRepository } from './helpers';
import { startFaultProbe, type FaultProbe } from './hardening';
import { mrGates, renderTree, setInstances, signIn, signOut, waitForEntry, type RenderedNode } from './mrGates';

const ATTACKED_PROJECT = 'demo/attacked';

interface World {
  readonly forge: FakeForge;
  readonly kind: ForgeKind;
  readonly attacked: string;
  readonly attackedSha: string;
  readonly bystander: string;
  close(): Promise<void>;
}

async function headOf(root: string): Promise<string> {
  return (await git(root, 'rev-parse', 'HEAD')).trim();
}

/** One forge, two repositories on it: the demo project (the bystander) and the one under attack. */
async function openWorld(kind: ForgeKind): Promise<World> {
  const forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
  await setInstances([{ url: forge.url, forge: kind }]);
  const bystander = await makeGitRepo({ remotes: { origin: `${forge.url}/${DEMO_PROJECT_PATH}.git` }, branch: 'feature/gates', files: DEMO_FILES });
  seedDemo(forge, { headSha: await headOf(bystander) });
  const attacked = await makeGitRepo({ remotes: { origin: `${forge.url}/${ATTACKED_PROJECT}.git` }, branch: 'feature/gates', files: DEMO_FILES });
  const attackedSha = await headOf(attacked);
  const project = forge.addProject({ path: ATTACKED_PROJECT, name: 'attacked', visibility: 'public', members: ['demo'] });
  if (kind === 'gitlab') {
    const mr = forge.gitlab.addMergeRequest({ project, iid: 3, title: 'Under attack', sourceBranch: 'feature/gates', targetBranch: 'main', author: 'demo', headSha: attackedSha });
    for (const name of ['Security review', 'QA sign-off']) forge.gitlab.addExternalStatusCheck({ project, name, externalUrl: 'https://checks.example.com' });
    forge.gitlab.addStatusCheckResponse({ mergeRequest: mr, check: [...forge.gitlab.statusChecks.values()].find((c) => c.projectId === project.id)!, status: 'failed' });
    forge.gitlab.addCommitStatus({ project, sha: attackedSha, name: 'scanner', status: 'success', targetUrl: 'https://scan.example.com/1' });
  } else {
    const world = kind === 'gitee' ? forge.gitee : forge.github;
    world.addPullRequest({ project, number: 3, title: 'Under attack', head: { ref: 'feature/gates', sha: attackedSha }, base: { ref: 'main' }, author: 'demo' });
    world.addCheckRun({
      project, sha: attackedSha, name: 'lint', status: 'completed', conclusion: 'failure',
      output: { title: 'lint failed', summary: 'see the annotations' },
      annotations: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'x', message: 'a finding' }],
    });
    if (kind === 'gitee') forge.gitee.addCheckRun({ project, sha: attackedSha, name: 'scan', status: 'in_progress' });
    else forge.github.addCommitStatus({ project, sha: attackedSha, state: 'pending', context: 'scanner' });
  }
  for (const root of [bystander, attacked]) {
    await addWorkspaceFolder(vscode.Uri.file(root));
    await waitForGitRepository(root);
  }
  const signedIn = await signIn(forge.url, DEMO_TOKEN);
  assert.ok(signedIn.ok, signedIn.reason);
  for (const root of [bystander, attacked]) await waitForEntry(root, (e) => e.status.kind === 'ready' && !!e.status.gates?.[0]?.gate, 'the MR loaded');
  await (await mrGates()).diagnostics.idle();
  return {
    forge, kind, attacked, attackedSha, bystander,
    close: async () => {
      await signOut(forge.url);
      for (const root of [attacked, bystander]) await removeWorkspaceFolder(vscode.Uri.file(root));
      await setInstances([]);
      await forge.close();
    },
  };
}

/** Re-reads everything and waits until the tree satisfies `done`. */
async function refreshUntil(done: (tree: RenderedNode[]) => boolean, what: string): Promise<RenderedNode[]> {
  await vscode.commands.executeCommand('mrGates.refresh');
  const api = await mrGates();
  return waitFor(
    async () => {
      const tree = await renderTree(6);
      return done(tree) ? tree : undefined;
    },
    { event: api.store.onDidChange, message: what, timeoutMs: 20_000 },
  );
}

function flatten(nodes: readonly RenderedNode[]): RenderedNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function attackedNodes(world: World, tree: readonly RenderedNode[]): RenderedNode[] {
  return flatten(tree.filter((n) => n.node.id.includes(world.attacked)));
}

async function tooltipOf(node: RenderedNode): Promise<string> {
  const item = await (await mrGates()).provider.getTreeItem(node.node);
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

for (const kind of ['gitlab', 'github', 'gitee'] as const) {
  suite(`hardening in the real host: a hostile ${kind}`, function () {
    this.timeout(60_000);
    let world: World;
    let probe: FaultProbe | undefined;
    suiteSetup(async () => {
      world = await openWorld(kind);
    });
    suiteTeardown(() => world.close());
    setup(async () => {
      probe = await startFaultProbe({ attacked: [world.attacked] });
    });
    teardown(async () => {
      probe?.dispose();
      world.forge.clearFaults();
      await vscode.commands.executeCommand('mrGates.refresh');
    });

    test('a token echoed in an error body is redacted in the tree and in the command result', async () => {
      const listPath = kind === 'gitlab' ? `/api/v4/projects/${encodeURIComponent(ATTACKED_PROJECT)}/merge_requests` : new RegExp(`/repos/${ATTACKED_PROJECT}/pulls$`);
      world.forge.inject({ method: 'GET', path: listPath }, { status: 403, body: { message: `token ${DEMO_TOKEN} may not read ${ATTACKED_PROJECT}` } });
      const tree = await refreshUntil((t) => attackedNodes(world, t).some((n) => /lacks permission/.test(n.label)), 'the 403 on the attacked repository');
      const nodes = attackedNodes(world, tree);
      for (const node of nodes) {
        assert.ok(!`${node.label} ${node.description ?? ''} ${await tooltipOf(node)}`.includes(DEMO_TOKEN), `the token shows on ${node.label}`);
      }
      assert.ok(nodes.some((n) => /\*\*\*/.test(n.label)), 'the redaction marker shows where the token was');
      await probe!.assertClean();
    });

    test('a command: link in a forge error cannot reach a notification or a command result live', async () => {
      const check = kind === 'gitee' ? 'scan' : 'scanner';
      const entry = (await mrGates()).store.get(world.attacked)!;
      const gate = entry.status.kind === 'ready' ? entry.status.gates![0].gate! : undefined;
      const target = gate!.checks.find((c) => c.name === check)!;
      const postPath = kind === 'gitlab' ? /\/statuses\/[0-9a-f]+$/ : kind === 'github' ? /\/statuses\/[0-9a-f]+$/ : /\/check-runs\/\d+$/;
      world.forge.inject({ path: postPath }, { status: 422, body: { message: `[Fix it here](command:workbench.action.terminal.new) or [settings](command:workbench.action.openSettings) ${DEMO_TOKEN}` } });
      const state = kind === 'gitee' ? 'in_progress' : kind === 'gitlab' ? 'failed' : 'failure';
      const result = (await vscode.commands.executeCommand('mrGates.setStatus', { root: world.attacked, checkId: target.id }, { state })) as { ok: boolean; message: string };
      assert.strictEqual(result.ok, false);
      assert.ok(!/\]\s*\(/.test(result.message), `a live Markdown link: ${result.message}`);
      assert.ok(!/command:/i.test(result.message), `a command: scheme: ${result.message}`);
      assert.ok(!result.message.includes(DEMO_TOKEN), 'the token');
      await probe!.assertClean();
    });

    test('a wait of 30 days (Retry-After: 2592000) is capped at one hour, with the error on its own node', async () => {
      const listPath = kind === 'gitlab' ? `/api/v4/projects/${encodeURIComponent(ATTACKED_PROJECT)}/merge_requests` : new RegExp(`/repos/${ATTACKED_PROJECT}/pulls$`);
      world.forge.inject({ method: 'GET', path: listPath }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '2592000', 'RateLimit-Reset': '99999999999' } });
      await refreshUntil((t) => attackedNodes(world, t).some((n) => /rate-limiting/.test(n.label)), 'the 429 on the attacked repository');
      const entry = (await mrGates()).store.get(world.attacked)!;
      assert.strictEqual(entry.status.kind, 'error');
      const wait = entry.status.kind === 'error' ? entry.status.retryAfterMs : undefined;
      assert.ok(wait !== undefined && wait > 0 && wait <= 3_600_000, `the wait is capped: ${wait}`);
      await probe!.assertClean();
    });

    if (kind === 'gitlab') {
      test('a pagination link that leaves the API is not followed, and the node says the list was cut', async () => {
        const elsewhere = await FakeForge.start({ kind: 'gitlab' });
        try {
          world.forge.inject({ method: 'GET', path: /\/merge_requests\/3\/status_checks$/ }, { headers: { link: `<${elsewhere.apiBase}/projects/1/merge_requests/3/status_checks?page=2>; rel="next"`, 'x-next-page': '' } });
          const tree = await refreshUntil((t) => attackedNodes(world, t).some((n) => /^Shows the first 2 external status checks$/.test(n.label)), 'the cut note');
          assert.strictEqual(elsewhere.requests.length, 0, 'nothing was sent to the other origin');
          assert.ok(attackedNodes(world, tree).some((n) => n.label === 'QA sign-off'));
        } finally {
          await elsewhere.close();
        }
        await probe!.assertClean();
      });

      test('a loop of pages is detected: each status check is listed once', async () => {
        const self = `${world.forge.apiBase}/projects/${encodeURIComponent(ATTACKED_PROJECT)}/merge_requests/3/status_checks?per_page=100`;
        world.forge.inject({ method: 'GET', path: /\/merge_requests\/3\/status_checks$/ }, { headers: { link: `<${self}>; rel="next"`, 'x-next-page': '1' } });
        world.forge.clearRequests();
        const tree = await refreshUntil((t) => attackedNodes(world, t).some((n) => /^Shows the first 2 external status checks$/.test(n.label)), 'the cut note');
        assert.strictEqual(attackedNodes(world, tree).filter((n) => n.label === 'Security review').length, 1);
        assert.ok(world.forge.requestsTo('GET', /\/merge_requests\/3\/status_checks$/).length <= 2, 'the loop was not followed');
        await probe!.assertClean();
      });

      test('a target URL with a command: scheme is never opened', async () => {
        world.forge.inject({ method: 'GET', path: new RegExp(`/projects/${encodeURIComponent(ATTACKED_PROJECT)}/repository/commits/[0-9a-f]+/statuses$`) }, {
          body: [{ id: 9, sha: world.attackedSha, ref: 'feature/gates', status: 'success', name: 'scanner', target_url: 'command:workbench.action.terminal.new', description: null, allow_failure: false }],
        });
        await vscode.commands.executeCommand('mrGates.refresh');
        await waitForEntry(world.attacked, (e) => e.status.kind === 'ready' && e.status.gates?.[0]?.gate?.checks.some((c) => c.name === 'scanner' && c.url?.startsWith('command:')) === true, 'the hostile URL read');
        const nodes = attackedNodes(world, await renderTree(6));
        const node = nodes.find((n) => n.label === 'scanner');
        assert.ok(node, 'the scanner node');
        const opened = await vscode.commands.executeCommand('mrGates.openInBrowser', node.node);
        assert.strictEqual(opened, undefined, 'nothing was opened');
        await probe!.assertClean();
      });
    }

    if (kind === 'github') {
      test('a check run whose head_sha is a git option never reaches git: the file it names is not written', async () => {
        const target = path.join(tmpDir('pwned'), 'overwritten.txt');
        const hostile = `--output=${target}`;
        const run = { id: 4242, name: 'lint', status: 'completed', conclusion: 'failure', head_sha: hostile, html_url: 'https://x.example/4242', output: { title: 't', summary: 's', annotations_count: 1 } };
        world.forge.inject({ method: 'GET', path: new RegExp(`/repos/${ATTACKED_PROJECT}/commits/[0-9a-f]+/check-runs$`) }, { body: { total_count: 1, check_runs: [run] } });
        world.forge.inject({ method: 'GET', path: /\/check-runs\/4242\/annotations$/ }, { body: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' }] });
        await refreshUntil((t) => attackedNodes(world, t).some((n) => /could not read/i.test(n.label)), 'the bad sha on the attacked PR');
        await (await mrGates()).diagnostics.idle();
        assert.ok(!fs.existsSync(target), 'git wrote the file a forge named');
        await probe!.assertClean();
      });

      test('check output with raw HTML and command: links opens as a read-only document without them', async () => {
        const entry = (await mrGates()).store.get(world.attacked)!;
        const gate = entry.status.kind === 'ready' ? entry.status.gates![0].gate! : undefined;
        const lint = gate!.checks.find((c) => c.name === 'lint')!;
        const hostileOutput = { ...lint, output: { summary: '<script>alert(1)</script>[run](command:workbench.action.terminal.new)<img src=x onerror=alert(1)>', images: [] } };
        const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
        const uri = (await vscode.commands.executeCommand('mrGates.showCheckOutput', { root: world.attacked, mergeRequest: gate!.mergeRequest, check: hostileOutput })) as vscode.Uri;
        assert.strictEqual(uri.scheme, 'mr-gates-output');
        const document = await vscode.workspace.openTextDocument(uri);
        const text = document.getText();
        assert.ok(!/<script|<img/i.test(text), text);
        assert.ok(!/\]\s*\(\s*command:/i.test(text), text);
        assert.match(text, /&lt;script&gt;/);
        assert.strictEqual(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'no Untitled document');
        await probe!.assertClean();
      });
    }

    if (kind === 'gitee') {
      test('a 403 on check runs says Gitee shows them to repository admins only, on that PR', async () => {
        world.forge.inject({ method: 'GET', path: new RegExp(`/repos/${ATTACKED_PROJECT}/commits/[0-9a-f]+/check-runs$`) }, { status: 403, body: { message: '403 Forbidden' } });
        const tree = await refreshUntil((t) => attackedNodes(world, t).some((n) => n.label === 'Check runs are shown to repository administrators only'), 'the admin-only note');
        assert.ok(attackedNodes(world, tree).some((n) => n.label.startsWith('#3 Under attack')), 'the PR itself is still shown');
        await probe!.assertClean();
      });
    }
  });
}
