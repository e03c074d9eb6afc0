// A hostile forge's annotations against the file system, in the real host: committed links that leave
// the repository, a link to /dev/zero, a FIFO, a folder, a huge file, odd names, `../` and junk lines.
// Each case gives the `hostile-lint` run one set of annotations (plus a control on a plain file) and
// checks the check node's message, that no diagnostic lands on a refused file, and, through the fault
// probe, that the host stayed up with no unhandled rejection and the other repository was untouched.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo, type AnnotationInput, type CheckRun } from '../fake-forge';
import { DEMO_FILES } from '../fake-forge/demo-world';
import { addWorkspaceFolder, git, makeGitRepo, removeWorkspaceFolder, tmpDir, waitFor, waitForGitRepository } from './helpers';
import { startFaultProbe, type FaultProbe } from './hardening';
import { mrGates, renderTree, setInstances, signIn, signOut, waitForEntry, type RenderedNode, mergeRequestNodes } from './mrGates';

const HOSTILE_PROJECT = 'demo/hostile';
const SECRET = 'the secret outside the repository\n';
const UNICODE_NAME = 'docs/报告 final 版.md';
const BIG_FILE_BYTES = 5 * 1024 * 1024;
const HOSTILE_FILES: Record<string, string> = {
  '.gitignore': 'big.log\npipe\n',
  'src/app.ts': 'export const one = 1;\nexport const two = 2;\nexport const three = 3;\n',
  [UNICODE_NAME]: '# 报告\n\nSecond paragraph.\n',
};

let completions = 0;

/**
 * The run's app reports these annotations and completes the run again, as a check app does: a new
 * completed_at. (MR Gates keeps a completed run's annotations by run id and completion time.)
 */
function reannotate(run: CheckRun, annotations: AnnotationInput[]): void {
  run.annotations.splice(0, run.annotations.length, ...annotations);
  run.completedAt = new Date(Date.UTC(2030, 0, 1) + ++completions * 1000);
}

function annotation(file: string, title: string, line = 1, endLine = line): AnnotationInput {
  return { path: file, start_line: line, end_line: endLine, annotation_level: 'warning', title, message: `${title} on ${file}` };
}

/** On a plain file of the hostile repository: it must be published whatever else the run reports. */
const CONTROL = annotation('src/app.ts', 'control');

interface World {
  forge: FakeForge;
  /** The repository whose check run reports the hostile paths; `base` is the folder around it. */
  hostile: { root: string; base: string; run: CheckRun };
  /** The demo repository next to it, on the same forge: it must keep its tree and diagnostics. */
  bystander: { root: string; lint: CheckRun };
}

async function headOf(root: string): Promise<string> {
  return (await git(root, 'rev-parse', 'HEAD')).trim();
}

async function openFolder(root: string): Promise<void> {
  await addWorkspaceFolder(vscode.Uri.file(root));
  await waitForGitRepository(root);
}

async function makeHostileRepository(remote: string): Promise<{ root: string; base: string }> {
  const base = tmpDir('hostile');
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(base, 'outside-dir'));
  fs.writeFileSync(path.join(base, 'outside-dir', 'inner.txt'), SECRET);
  const root = await makeGitRepo({ dir: path.join(base, 'repo'), remotes: { origin: remote }, branch: 'feature/gates', files: HOSTILE_FILES });
  fs.symlinkSync('../secret.txt', path.join(root, 'leak.txt'));
  fs.symlinkSync('../outside-dir', path.join(root, 'linked-dir'));
  fs.symlinkSync('/dev/zero', path.join(root, 'zero'));
  fs.symlinkSync('app.ts', path.join(root, 'src', 'alias.ts'));
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'links, committed as links');
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  fs.writeFileSync(path.join(root, 'big.log'), Buffer.alloc(BIG_FILE_BYTES, 'x'));
  return { root, base };
}

async function openWorld(): Promise<World> {
  const forge = await FakeForge.start({ kind: 'gitee' });
  await setInstances([{ url: forge.url, forge: 'gitee' }]);
  const bystanderRoot = await makeGitRepo({ remotes: { origin: `${forge.url}/${DEMO_PROJECT_PATH}.git` }, branch: 'feature/gates', files: DEMO_FILES });
  const demo = seedDemo(forge, { headSha: await headOf(bystanderRoot) });
  const { root, base } = await makeHostileRepository(`${forge.url}/${HOSTILE_PROJECT}.git`);
  const sha = await headOf(root);
  const project = forge.addProject({ path: HOSTILE_PROJECT, name: 'hostile', visibility: 'public', members: ['demo'] });
  forge.gitee.addPullRequest({ project, number: 1, title: 'Hostile annotations', head: { ref: 'feature/gates', sha }, base: { ref: 'main' }, author: 'demo' });
  const run = forge.gitee.addCheckRun({ project, sha, name: 'hostile-lint', status: 'completed', conclusion: 'failure', annotations: [CONTROL] });
  await openFolder(bystanderRoot);
  await openFolder(root);
  const signedIn = await signIn(forge.url, DEMO_TOKEN);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
  for (const r of [bystanderRoot, root]) await waitForEntry(r, (e) => e.status.kind === 'ready' && (e.status.gates?.length ?? 0) > 0, 'the PR loaded');
  await (await mrGates()).diagnostics.idle();
  return { forge, hostile: { root, base, run }, bystander: { root: bystanderRoot, lint: demo.gitee!.runs.lint } };
}

/** A reader stuck in open() on the FIFO (code that ignores O_NONBLOCK) gets EOF, so one failure cannot hang the rest. */
function releaseFifoReaders(fifo: string): void {
  try {
    fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  } catch {
    // ENXIO: nobody is waiting to read it.
  }
}

function treeItemTooltip(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

suite('Hardening: hostile annotation paths on the file system', () => {
  let world: World;
  let probe: FaultProbe;
  const hostileFile = (rel: string) => path.join(world.hostile.root, rel);
  const diagnosticsOn = (file: string) => vscode.languages.getDiagnostics(vscode.Uri.file(file));

  suiteSetup(async function () {
    this.timeout(90_000);
    world = await openWorld();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if (!world) return;
    releaseFifoReaders(hostileFile('pipe'));
    await signOut(world.forge.url);
    await removeWorkspaceFolder(vscode.Uri.file(world.hostile.root));
    await removeWorkspaceFolder(vscode.Uri.file(world.bystander.root));
    await setInstances([]);
    await world.forge.close();
    fs.rmSync(hostileFile('pipe'), { force: true });
  });

  setup(async () => {
    probe = await startFaultProbe({ attacked: [world.hostile.root] });
    assert.ok(probe.bystanders.includes(world.bystander.root), 'the other repository is watched');
  });

  teardown(() => {
    probe.dispose();
    releaseFifoReaders(hostileFile('pipe'));
  });

  /** Gives the hostile run these annotations (after the control), refreshes and waits for the publish. */
  async function report(...annotations: AnnotationInput[]): Promise<void> {
    reannotate(world.hostile.run, [CONTROL, ...annotations]);
    await vscode.commands.executeCommand('mrGates.refresh');
    await (await mrGates()).diagnostics.idle();
  }

  async function hostileCheck(): Promise<{ description: string; tooltip: string; annotations: RenderedNode[] }> {
    const pr = mergeRequestNodes(await renderTree(5)).find((n) => n.label === '#1 Hostile annotations');
    const check = pr?.children.find((c) => c.label === 'Check runs')?.children.find((c) => c.label === 'hostile-lint');
    assert.ok(check, 'the hostile-lint node');
    const item = await (await mrGates()).provider.getTreeItem(check.node);
    const annotations = (await renderTree(1, check.node)).filter((c) => c.contextValue === 'annotation');
    return { description: check.description ?? '', tooltip: treeItemTooltip(item), annotations };
  }

  function annotationNode(nodes: readonly RenderedNode[], title: string): RenderedNode {
    const node = nodes.find((n) => n.label.includes(`  ${title} on `));
    assert.ok(node, `the annotation node of ${title}: ${nodes.map((n) => n.label).join(' | ')}`);
    return node;
  }

  /** The control made it, and no diagnostic anywhere lies outside the open repositories or on these files. */
  async function assertContained(refused: readonly string[]): Promise<void> {
    assert.ok(diagnosticsOn(hostileFile('src/app.ts')).some((d) => d.code === 'control'), 'the control annotation is published');
    const roots = (await mrGates()).store.all().map((e) => e.root);
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (diagnostics.length === 0) continue;
      const real = fs.existsSync(uri.fsPath) ? fs.realpathSync(uri.fsPath) : uri.fsPath;
      assert.ok(roots.some((root) => real.startsWith(root + path.sep)), `no diagnostic outside the repositories: ${uri.fsPath}`);
    }
    for (const file of [...refused, path.join(world.hostile.base, 'secret.txt'), path.join(world.hostile.base, 'outside-dir', 'inner.txt'), '/dev/zero']) {
      assert.deepStrictEqual(diagnosticsOn(file), [], `no diagnostic on ${file}`);
    }
  }

  test('a committed link to ../secret.txt is refused as outside the repository, and the secret is not read', async () => {
    await report(annotation('leak.txt', 'leak'));
    await assertContained([hostileFile('leak.txt')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 outside the repository/);
    assert.match(check.tooltip, /Outside the repository[^\n]*leak\\\.txt/);
    assert.strictEqual(annotationNode(check.annotations, 'leak').command, undefined, 'no click opens the outside file');
    await probe.assertClean();
  });

  test('a link to a folder outside the repository is refused for every file reached through it', async () => {
    await report(annotation('linked-dir/inner.txt', 'through-link'));
    await assertContained([hostileFile('linked-dir/inner.txt')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 outside the repository/);
    assert.match(check.tooltip, /Outside the repository[^\n]*linked\\-dir\/inner\\\.txt/);
    assert.strictEqual(annotationNode(check.annotations, 'through-link').command, undefined);
    await probe.assertClean();
  });

  test('a link to /dev/zero is refused and never read', async () => {
    await report(annotation('zero', 'device'));
    await assertContained([hostileFile('zero')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 outside the repository/);
    assert.strictEqual(annotationNode(check.annotations, 'device').command, undefined);
    await probe.assertClean();
  });

  test('a FIFO in the working tree is refused as not a regular file, without blocking the publish', async () => {
    await report(annotation('pipe', 'fifo'));
    await assertContained([hostileFile('pipe')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 not a regular file/);
    assert.match(check.tooltip, /Not a regular file[^\n]*pipe/);
    assert.strictEqual(annotationNode(check.annotations, 'fifo').command, undefined);
    await probe.assertClean();
  });

  test('a folder named as a file is refused as not a regular file', async () => {
    await report(annotation('src', 'folder'));
    await assertContained([hostileFile('src')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 not a regular file/);
    await probe.assertClean();
  });

  test('a file over the size limit is refused as too large and gets no diagnostic', async () => {
    await report(annotation('big.log', 'huge'));
    await assertContained([hostileFile('big.log')]);
    const check = await hostileCheck();
    assert.match(check.description, /1 annotation refused: 1 too large/);
    assert.match(check.tooltip, /Too large[^\n]*big\\\.log/);
    await probe.assertClean();
  });

  test('`../` and absolute paths are refused as outside the repository', async () => {
    await report(annotation('../secret.txt', 'traversal'), annotation('src/../../secret.txt', 'sneaky'), annotation(path.join(world.hostile.base, 'secret.txt'), 'absolute'));
    await assertContained([]);
    const check = await hostileCheck();
    assert.match(check.description, /3 annotations refused: 3 outside the repository/);
    assert.doesNotMatch(check.description, /not in the working tree/);
    await probe.assertClean();
  });

  test('a unicode name with spaces and a link inside the repository are read; the tree opens the real file', async () => {
    await report(annotation(UNICODE_NAME, 'unicode', 3), annotation('src/alias.ts', 'alias', 2));
    await assertContained([]);
    const check = await hostileCheck();
    assert.doesNotMatch(check.description, /refused|not in the working tree/);
    const unicode = diagnosticsOn(hostileFile(UNICODE_NAME)).find((d) => d.code === 'unicode');
    assert.strictEqual(unicode?.range.start.line, 2);
    assert.ok(diagnosticsOn(hostileFile('src/app.ts')).some((d) => d.code === 'alias' && d.range.start.line === 1), 'the link\'s finding sits on the file it points to');
    const opened = annotationNode(check.annotations, 'alias').command?.arguments?.[0] as vscode.Uri | undefined;
    assert.strictEqual(opened?.fsPath, hostileFile('src/app.ts'));
    assert.strictEqual((annotationNode(check.annotations, 'unicode').command?.arguments?.[0] as vscode.Uri | undefined)?.fsPath, hostileFile(UNICODE_NAME));
    await probe.assertClean();
  });

  test('the tree redraws a repository when its file index changes; a path not indexed yet has no click command', async () => {
    await report(annotation(UNICODE_NAME, 'unicode'));
    const api = await mrGates();
    const redrawn: string[] = [];
    const subscription = api.provider.onDidChangeTreeData((node) => void (node && redrawn.push(node.id)));
    try {
      api.diagnostics.files.forget(world.hostile.root);
    } finally {
      subscription.dispose();
    }
    assert.ok(redrawn.some((id) => id.includes(world.hostile.root)), `the hostile repository's nodes redrawn: ${redrawn.join(', ')}`);
    assert.strictEqual(annotationNode((await hostileCheck()).annotations, 'unicode').command, undefined);
    await report(annotation(UNICODE_NAME, 'unicode', 2));
    assert.strictEqual((annotationNode((await hostileCheck()).annotations, 'unicode').command?.arguments?.[0] as vscode.Uri | undefined)?.fsPath, hostileFile(UNICODE_NAME));
    await probe.assertClean();
  });

  test('line 0, a negative line and a line past the end are clamped into the file', async () => {
    // Straight into the run: the fake forge's own checks would refuse these lines.
    reannotate(world.hostile.run, [CONTROL, annotation('src/app.ts', 'zero-line', 0), annotation('src/app.ts', 'negative-line', -7), annotation('src/app.ts', 'past-end', 99)]);
    await vscode.commands.executeCommand('mrGates.refresh');
    await (await mrGates()).diagnostics.idle();
    const onApp = diagnosticsOn(hostileFile('src/app.ts'));
    const line = (code: string) => onApp.find((d) => d.code === code)?.range.start.line;
    assert.deepStrictEqual([line('zero-line'), line('negative-line'), line('past-end')], [0, 0, 3]);
    assert.match(onApp.find((d) => d.code === 'past-end')?.message ?? '', /past the end of the file/);
    await assertContained([]);
    await probe.assertClean();
  });

  test('the other repository gets its diagnostics published while this one reports a FIFO', async () => {
    reannotate(world.hostile.run, [CONTROL, annotation('pipe', 'fifo')]);
    await vscode.commands.executeCommand('mrGates.refresh');
    const extra = annotation('src/util.ts', 'bystander/extra');
    const bystanderUtil = vscode.Uri.file(path.join(world.bystander.root, 'src/util.ts'));
    const hasExtra = () => vscode.languages.getDiagnostics(bystanderUtil).some((d) => d.code === 'bystander/extra');
    const before = { annotations: [...world.bystander.lint.annotations], completedAt: world.bystander.lint.completedAt };
    reannotate(world.bystander.lint, [...before.annotations, extra]);
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      await waitFor(() => (hasExtra() ? true : undefined), { event: vscode.languages.onDidChangeDiagnostics, message: 'the other repository\'s new diagnostic', timeoutMs: 15_000 });
    } finally {
      // Back to the run as the probe saw it: the same annotations and the same completion time.
      world.bystander.lint.annotations.splice(0, world.bystander.lint.annotations.length, ...before.annotations);
      world.bystander.lint.completedAt = before.completedAt;
    }
    await vscode.commands.executeCommand('mrGates.refresh');
    await waitFor(() => (hasExtra() ? undefined : true), { event: vscode.languages.onDidChangeDiagnostics, message: 'the other repository back as it was', timeoutMs: 15_000 });
    await (await mrGates()).diagnostics.idle();
    assert.match((await hostileCheck()).description, /1 not a regular file/);
    await assertContained([hostileFile('pipe')]);
    await probe.assertClean();
  });

  test('git gets no forge sha that is not a full commit id, and no path outside the repository', async () => {
    const api = await mrGates();
    await report();
    const written = path.join(world.hostile.base, 'written-by-git.diff');
    const app = hostileFile('src/app.ts');
    const head = await headOf(world.hostile.root);
    assert.strictEqual(await api.git.diffWithWorkingTree(world.hostile.root, `--output=${written}`, app), undefined);
    assert.strictEqual(fs.existsSync(written), false, 'git wrote no file');
    assert.strictEqual(await api.git.diffWithWorkingTree(world.hostile.root, 'HEAD~1', app), undefined);
    assert.strictEqual(await api.git.diffWithWorkingTree(world.hostile.root, head, path.join(world.hostile.base, 'secret.txt')), undefined);
    assert.strictEqual(typeof (await api.git.diffWithWorkingTree(world.hostile.root, head, app)), 'string', 'a real sha and a file inside still diff');
    await probe.assertClean();
  });

  test('a finding whose sha is an option is published without asking git', async () => {
    const api = await mrGates();
    await report();
    const written = path.join(world.hostile.base, 'written-by-publisher.diff');
    const shas: string[] = [];
    const diff = api.git.diffWithWorkingTree;
    api.git.diffWithWorkingTree = (root, sha, file) => {
      shas.push(sha);
      return diff.call(api.git, root, sha, file);
    };
    try {
      const entry = api.store.get(world.hostile.root);
      assert.ok(entry?.status.kind === 'ready' && entry.status.gates?.[0]?.gate, 'the hostile gate');
      const [first, ...rest] = entry.status.gates;
      const gate = first.gate!;
      const evil = { path: 'src/app.ts', startLine: 2, endLine: 2, level: 'warning' as const, message: 'from a forge sha', title: 'evil-sha', source: 'checkRuns', sha: `--output=${written}` };
      api.store.set({ ...entry, status: { ...entry.status, gates: [{ ...first, gate: { ...gate, findings: [...gate.findings, evil] } }, ...rest] } });
      await api.diagnostics.idle();
      assert.ok(diagnosticsOn(hostileFile('src/app.ts')).some((d) => d.code === 'evil-sha' && d.range.start.line === 1), 'published where the forge said');
      assert.deepStrictEqual(shas.filter((sha) => !/^[0-9a-f]{40}$/.test(sha)), [], 'no such sha reached git');
      assert.strictEqual(fs.existsSync(written), false, 'git wrote no file');
    } finally {
      api.git.diffWithWorkingTree = diff;
    }
    await vscode.commands.executeCommand('mrGates.refresh');
    await waitFor(() => (diagnosticsOn(hostileFile('src/app.ts')).some((d) => d.code === 'evil-sha') ? undefined : true), { event: vscode.languages.onDidChangeDiagnostics, message: 'the forge\'s own findings back' });
    await probe.assertClean();
  });
});
