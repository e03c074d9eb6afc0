// Test-side access to the extension under test: its API, its tree as plain data, and fake-forge set-up.
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../src/extension';
import type { RepoEntry } from '../../src/state/repoEntry';
import type { TreeNode } from '../../src/views/nodes';
import type { Gate } from '../../src/core/model';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';
import { DEMO_FILES } from '../fake-forge/demo-world';
import type { ForgeKind } from '../../src/core/model';
import { addWorkspaceFolder, git, makeGitRepo, removeWorkspaceFolder, waitFor, waitForGitRepository } from './helpers';

export const EXTENSION_ID = 'mr-gates.mr-gates';

export async function mrGates(): Promise<MrGatesApi> {
  const extension = vscode.extensions.getExtension<MrGatesApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export interface RenderedNode {
  readonly label: string;
  readonly description?: string;
  readonly contextValue?: string;
  readonly command?: vscode.Command;
  readonly icon?: string;
  readonly children: RenderedNode[];
  readonly node: TreeNode;
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The Gates tree as VS Code would ask for it, through the real provider, to the given depth. */
export async function renderTree(depth = 2, parent?: TreeNode): Promise<RenderedNode[]> {
  const api = await mrGates();
  const nodes = (await api.provider.getChildren(parent)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await api.provider.getTreeItem(node);
      return {
        label: labelText(item.label),
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        command: item.command,
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
        children: depth > 1 ? await renderTree(depth - 1, node) : [],
        node,
      };
    }),
  );
}

/** The MR/PR nodes of a rendered tree: at the top with one repository, under their repository with several. */
export function mergeRequestNodes(tree: readonly RenderedNode[]): RenderedNode[] {
  const isMergeRequest = (n: RenderedNode) => /^mergeRequest( |$)/.test(n.contextValue ?? '');
  return tree.flatMap((n) => (isMergeRequest(n) ? [n] : /^repository( |$)/.test(n.contextValue ?? '') ? n.children.filter(isMergeRequest) : []));
}

/** Waits until the store holds an entry for `root` that satisfies `predicate`. */
export async function waitForEntry(root: string, predicate: (entry: RepoEntry) => boolean, message: string): Promise<RepoEntry> {
  const api = await mrGates();
  return waitFor(
    () => {
      const entry = api.store.get(root);
      return entry && predicate(entry) ? entry : undefined;
    },
    { event: api.store.onDidChange, message: `${message} (${root})`, timeoutMs: 20_000 },
  );
}

export async function setInstances(instances: { url: string; forge: ForgeKind }[]): Promise<void> {
  await vscode.workspace.getConfiguration('mrGates').update('instances', instances, vscode.ConfigurationTarget.Global);
}

/** A git repository with the given remote, opened as a workspace folder and seen by the git extension. */
export async function openRepo(options: { remote: string; branch?: string; files?: Record<string, string> }): Promise<{ root: string; close(): Promise<void> }> {
  const root = await makeGitRepo({ remotes: { origin: options.remote }, branch: options.branch, files: options.files });
  const uri = vscode.Uri.file(root);
  await addWorkspaceFolder(uri);
  await waitForGitRepository(root);
  return { root, close: () => removeWorkspaceFolder(uri) };
}

export async function signIn(url: string, token: string, forge?: ForgeKind): Promise<{ ok: boolean; username?: string; reason?: string }> {
  return (await vscode.commands.executeCommand('mrGates.signIn', { url, token, forge })) as { ok: boolean; username?: string; reason?: string };
}

export async function signOut(url: string): Promise<{ ok: boolean } | undefined> {
  return vscode.commands.executeCommand('mrGates.signOut', { url });
}

/** A fake forge seeded with one user and project; closed by the returned function. */
export async function startForge(kind: ForgeKind, options: { prefix?: string; githubEnterprise?: boolean; project: string; token: string; username?: string }): Promise<FakeForge> {
  const forge = await FakeForge.start({ kind, prefix: options.prefix, githubEnterprise: options.githubEnterprise });
  const username = options.username ?? options.project.split('/')[0];
  forge.addUser({ username, token: options.token, name: `${username} (test)` });
  forge.addProject({ path: options.project, members: [username], name: options.project.split('/').at(-1) });
  return forge;
}

/** A fake GitLab seeded with the demo MR whose head is the new repository's HEAD, signed in. */
export function openGitLabDemo(): Promise<{ forge: FakeForge; root: string; headSha: string; close(): Promise<void> }> {
  return openDemo('gitlab');
}

/** A fake forge of that kind seeded with the demo MR/PR whose head is the new repository's HEAD, signed in. */
export async function openDemo(kind: ForgeKind): Promise<{ forge: FakeForge; root: string; headSha: string; close(): Promise<void> }> {
  const forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
  await setInstances([{ url: forge.url, forge: kind }]);
  const repo = await openRepo({ remote: `${forge.url}/${DEMO_PROJECT_PATH}.git`, branch: 'feature/gates', files: DEMO_FILES });
  const headSha = (await git(repo.root, 'rev-parse', 'HEAD')).trim();
  seedDemo(forge, { headSha });
  const signedIn = await signIn(forge.url, DEMO_TOKEN);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
  await waitForEntry(repo.root, (e) => e.status.kind === 'ready' && (e.status.gates?.length ?? 0) > 0, 'the demo MR loaded');
  return {
    forge,
    root: repo.root,
    headSha,
    close: async () => {
      await signOut(forge.url);
      await repo.close();
      await setInstances([]);
      await forge.close();
    },
  };
}

/** The gate of the repository's first MR, as the store holds it now. */
export async function currentGate(root: string): Promise<Gate> {
  const entry = (await mrGates()).store.get(root);
  const gate = entry?.status.kind === 'ready' ? entry.status.gates?.[0]?.gate : undefined;
  if (!gate) throw new Error(`no gate for ${root}`);
  return gate;
}

/** A check of the first MR by name, as `{ root, mergeRequest, checkId }` for the commands. */
export async function checkRef(root: string, name: string): Promise<{ root: string; mergeRequest: string; checkId: string }> {
  const gate = await currentGate(root);
  const check = [...gate.checks, ...(gate.pipeline ? [gate.pipeline] : [])].find((c) => c.name === name);
  if (!check) throw new Error(`no check ${name}`);
  return { root, mergeRequest: gate.mergeRequest.reference, checkId: check.id };
}
