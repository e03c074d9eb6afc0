// The Gates tree for real repositories: one node per repository, multi-root, message nodes, checkout.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FakeForge } from '../fake-forge';
import { git, waitFor } from './helpers';
import { mrGates, openRepo, renderTree, setInstances, signIn, signOut, startForge, waitForEntry, type RenderedNode } from './mrGates';

const TOKEN = 'tree-test-token-0001';

/** A repository's node by its project path (its description starts with it) or its label. */
function nodeFor(nodes: RenderedNode[], label: string): RenderedNode {
  const node = nodes.find((n) => n.label === label || (n.description ?? '').split(' · ')[0] === label);
  assert.ok(node, `no node "${label}" in [${nodes.map((n) => n.label).join(', ')}]`);
  return node;
}

suite('gates tree', () => {
  let gitlab: FakeForge;
  let gitee: FakeForge;
  let github: FakeForge;
  const repos: { root: string; close(): Promise<void> }[] = [];

  suiteSetup(async () => {
    gitlab = await startForge('gitlab', { prefix: '/gitlab', project: 'group/sub/service', token: TOKEN, username: 'group' });
    gitee = await startForge('gitee', { project: 'li/widget', token: TOKEN });
    github = await startForge('github', { githubEnterprise: true, project: 'octo/tool', token: TOKEN });
    await setInstances([
      { url: gitlab.url, forge: 'gitlab' },
      { url: gitee.url, forge: 'gitee' },
      { url: github.url, forge: 'github' },
    ]);
    for (const forge of [gitlab, gitee, github]) assert.strictEqual((await signIn(forge.url, TOKEN)).ok, true);
  });

  suiteTeardown(async () => {
    for (const repo of repos.splice(0)) await repo.close();
    for (const forge of [gitlab, gitee, github]) {
      await signOut(forge.url);
      await forge.close();
    }
    await setInstances([]);
  });

  async function open(remote: string, branch = 'main'): Promise<string> {
    const repo = await openRepo({ remote, branch });
    repos.push(repo);
    return repo.root;
  }

  test('a repository on a path-prefixed GitLab shows forge, project path and branch', async () => {
    const root = await open(`${gitlab.url}/group/sub/service.git`, 'feature/tree');
    await waitForEntry(root, (e) => e.status.kind === 'ready', 'GitLab repository ready');
    const node = nodeFor(await renderTree(), 'group/sub/service');
    assert.strictEqual(node.description, 'group/sub/service · feature/tree');
    assert.match(node.contextValue ?? '', /^repository ready openable$/);
    assert.deepStrictEqual(node.children.map((c) => c.label), ['No open merge request for feature/tree', 'service']);
    assert.strictEqual(gitlab.requestsTo('GET', '/api/v4/projects/group%2Fsub%2Fservice').at(-1)?.rawUrl.startsWith('/gitlab/'), true);
  });

  test('open in browser opens the project page of a node', async () => {
    const node = nodeFor(await renderTree(), 'group/sub/service');
    const opened = await vscode.commands.executeCommand('mrGates.openInBrowser', node.children.find((c) => c.label === 'service')!.node);
    assert.strictEqual(opened, `${gitlab.url}/group/sub/service`);
  });

  test('a multi-root workspace shows one node per repository, across forges', async () => {
    const giteeRoot = await open(`${gitee.url}/li/widget.git`, 'dev');
    const githubRoot = await open(`${github.url}/octo/tool.git`, 'topic');
    await waitForEntry(giteeRoot, (e) => e.status.kind === 'ready', 'Gitee repository ready');
    await waitForEntry(githubRoot, (e) => e.status.kind === 'ready', 'GitHub repository ready');
    const tree = await renderTree();
    // Each repository by its folder name, with its project and branch, and its forge's icon.
    assert.strictEqual(nodeFor(tree, 'li/widget').description, 'li/widget · dev');
    assert.strictEqual(nodeFor(tree, 'octo/tool').description, 'octo/tool · topic');
    assert.strictEqual(nodeFor(tree, 'octo/tool').icon, 'github');
    assert.strictEqual(nodeFor(tree, 'group/sub/service').description, 'group/sub/service · feature/tree');
    assert.deepStrictEqual(tree.map((n) => n.label), [...tree].map((n) => path.basename((n.node as unknown as { entry: { root: string } }).entry.root)), 'labelled by folder');
    assert.strictEqual(github.requestsTo('GET', '/api/v3/repos/octo/tool').length >= 1, true);
    assert.strictEqual(gitee.requestsTo('GET', '/api/v5/repos/li/widget').at(-1)?.headers.authorization, `Bearer ${TOKEN}`);
  });

  test('a repository on an unknown host gets a message node that says why, with an action', async () => {
    const root = await open('git@git.unknown.example.invalid:team/thing.git');
    // The git extension reads remotes a moment after opening the repository: wait for them.
    await waitForEntry(root, (e) => e.status.kind === 'noRemote' && e.status.remoteNames.includes('origin'), 'no-remote state');
    const node = (await renderTree()).find((n) => n.children[0]?.label === 'No remote on a known forge');
    assert.ok(node, 'a repository node with the no-remote message');
    assert.strictEqual(node.children[0].description, 'origin');
    assert.strictEqual(node.children[0].command, undefined, 'a click on a message selects it and runs nothing');
    assert.match(node.children[0].contextValue ?? '', /(^| )configureInstances( |$)/, 'its action is the inline Configure Instances… button');
  });

  test('checking out another branch updates the node, through git events alone', async () => {
    const root = repos[0].root;
    await git(root, 'checkout', '-q', '-b', 'feature/next');
    const entry = await waitForEntry(root, (e) => e.branch === 'feature/next' && e.status.kind !== 'loading', 'branch change after checkout');
    assert.strictEqual(entry.status.kind, 'ready');
    const node = nodeFor(await renderTree(), 'group/sub/service');
    assert.strictEqual(node.description, 'group/sub/service · feature/next');
  });

  test('a failing forge shows the error on its own node while the others keep their state', async () => {
    gitee.inject({ path: '/api/v5/repos/li/widget' }, { malformed: 'html', status: 502 });
    try {
      await vscode.commands.executeCommand('mrGates.refresh');
      const tree = await renderTree();
      const broken = nodeFor(tree, 'li/widget');
      assert.match(broken.children[0].label, /server error/);
      assert.match(broken.children[0].label, /HTML/);
      assert.match(broken.contextValue ?? '', /^repository error/);
      assert.ok(nodeFor(tree, 'octo/tool').children.some((c) => c.label === 'tool'));
      assert.ok(nodeFor(tree, 'group/sub/service').children.some((c) => c.label === 'service'));
    } finally {
      gitee.clearFaults();
    }
    await vscode.commands.executeCommand('mrGates.refresh');
    assert.ok(nodeFor(await renderTree(), 'li/widget').children.some((c) => c.label === 'widget'));
  });

  test('refresh re-reads every repository', async () => {
    for (const forge of [gitlab, gitee, github]) forge.clearRequests();
    await vscode.commands.executeCommand('mrGates.refresh');
    assert.strictEqual(gitlab.requestsTo('GET', '/api/v4/projects/group%2Fsub%2Fservice').length, 1);
    assert.strictEqual(gitee.requestsTo('GET', '/api/v5/repos/li/widget').length, 1);
    assert.strictEqual(github.requestsTo('GET', '/api/v3/repos/octo/tool').length, 1);
  });

  test('closing a repository removes its node', async () => {
    const api = await mrGates();
    const repo = repos.pop()!;
    await repo.close();
    await waitFor(() => (api.store.get(repo.root) ? undefined : true), { event: api.store.onDidChange, message: 'node removed' });
    const ids = (await renderTree(1)).map((n) => n.node.id);
    assert.ok(!ids.includes(`repo:${repo.root}`), `${repo.root} still has a node`);
    for (const open of repos) assert.ok(ids.includes(`repo:${open.root}`), `${open.root} lost its node`);
  });
});
