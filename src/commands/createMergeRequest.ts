// mrGates.createMergeRequest: opens a merge request for the current branch of a repository that has
// none. The title defaults to the last commit's subject, the target to the project's default branch (a
// quick pick of it, the branches other MRs of the project go to, or one typed), and a draft can be
// asked for. A branch that is not on the remote yet is said so, with the git extension's Publish Branch.
// From a fork, it is opened in the project the fork was made from unless the user picks the fork.
import * as vscode from 'vscode';
import type { MergeRequestInput } from '../core/merging';
import { FORGE_DISPLAY_NAMES, type MergeRequestRef } from '../core/model';
import type { ForgeError } from '../forges/errors';
import { readyGates, type RepoEntry } from '../state/repoEntry';
import { MessageNode } from '../views/nodes';
import { reasonText } from '../views/reasonWords';
import { notify, pick } from '../views/userText';
import type { Services } from './services';
import { adapterFor, repositoryWords, runForgeCall, type CommandResult } from './targets';

export interface CreateMergeRequestArgs {
  readonly root?: string;
  readonly title?: string;
  readonly targetBranch?: string;
  readonly draft?: boolean;
  /** Where to open it, for a fork: the project it was forked from (the default) or the fork itself. */
  readonly targetProject?: string;
}

export type CreateResult = CommandResult & { readonly mergeRequest?: MergeRequestRef; readonly notPushed?: boolean };

/** Repositories on a branch with no open MR, signed in: where a new one can be opened. */
function candidates(services: Services): RepoEntry[] {
  return services.store.all().filter((e) => e.status.kind === 'ready' && e.status.gates?.length === 0 && !!e.branch && !!e.remote);
}

export async function createMergeRequest(services: Services, arg?: unknown, given: CreateMergeRequestArgs = {}): Promise<CreateResult | undefined> {
  const root = arg instanceof MessageNode ? arg.root : given.root ?? (await pickRepository(services));
  const entry = root ? services.store.get(root) : undefined;
  if (!root || !entry) return undefined;
  const branch = entry.branch;
  if (entry.status.kind !== 'ready' || !branch || !entry.remote) return refuse(vscode.l10n.t('This repository is not on a branch of a project MR Gates can read.'));
  const project = entry.status.project;
  const creating = (await adapterFor(services, root))?.creating;
  if (!creating) return refuse(vscode.l10n.t('MR Gates cannot open merge requests on {0} yet; use Open in Browser.', FORGE_DISPLAY_NAMES[entry.remote.location.forge]));

  // The forge knows only what was pushed: a branch without an upstream is not there at all.
  const snapshot = services.git.get(root);
  const automated = given.title !== undefined;
  if (!snapshot?.upstreamRemote) {
    const message = vscode.l10n.t('{0} is not on the remote yet: publish it first, then create the merge request.', branch);
    const publish = vscode.l10n.t('Publish Branch');
    if (!automated && (await notify.warn(message, publish)) === publish) await vscode.commands.executeCommand('git.publish');
    else if (automated) void notify.warn(message);
    return { ok: false, message, notPushed: true };
  }
  if ((snapshot.ahead ?? 0) > 0 && !automated) {
    const push = vscode.l10n.t('Push');
    const anyway = vscode.l10n.t('Create Anyway');
    const answer = await notify.warn(vscode.l10n.t('{0} has {1} commits that are not pushed; the merge request would not have them.', branch, snapshot.ahead ?? 0), push, anyway);
    if (answer === push) await vscode.commands.executeCommand('git.push');
    else if (answer !== anyway) return undefined;
  }

  const ownPath = entry.remote.location.projectPath;
  const into = await pickTargetProject(services, root, { path: ownPath, defaultBranch: project.defaultBranch, upstreamPath: project.upstreamPath }, given);
  if (!into) return undefined;
  const asked = await askInput(services, root, into.path, branch, into.defaultBranch, given);
  if (!asked) return undefined;
  const input = into.path === ownPath ? asked : { ...asked, sourceProjectPath: ownPath };
  let created: MergeRequestRef | undefined;
  const result = await runForgeCall(
    vscode.l10n.t('Opening a merge request for {0}…', branch),
    async () => {
      created = await creating.create(into.path, input);
      return vscode.l10n.t('Opened {0} "{1}": {2} → {3}.', created.reference, created.title, created.sourceBranch, created.targetBranch);
    },
    (error: ForgeError) => (error.reason ? reasonText(error.reason, error.detail ?? error.message) : undefined),
  );
  // Created, or one was open already: either way the tree shows it now.
  await services.controller.refreshRoot(root);
  return { ...result, mergeRequest: created };
}

async function pickRepository(services: Services): Promise<string | undefined> {
  const all = candidates(services);
  if (all.length === 0) {
    void notify.info(vscode.l10n.t('Every repository\'s branch has an open merge request already, or none is signed in.'));
    return undefined;
  }
  if (all.length === 1) return all[0].root;
  const picked = await pick(
    all.map((e) => ({ label: e.branch ?? '', description: repositoryWords(services, e.root), root: e.root })),
    { placeHolder: vscode.l10n.t('Create a merge request for which branch?') },
  );
  return picked?.root;
}

/**
 * A fork's MR usually goes to the project it was forked from: that is offered first (and taken when
 * automation does not say), with its own default branch; the fork itself is the other choice.
 */
async function pickTargetProject(services: Services, root: string, own: { path: string; defaultBranch?: string; upstreamPath?: string }, given: CreateMergeRequestArgs): Promise<{ path: string; defaultBranch?: string } | undefined> {
  const upstream = own.upstreamPath;
  if (!upstream) return own;
  let path: string | undefined = given.targetProject ?? (given.title !== undefined ? upstream : undefined);
  if (path === undefined) {
    const items = [
      { label: upstream, description: vscode.l10n.t('forked from: where its merge requests usually go'), path: upstream },
      { label: own.path, description: vscode.l10n.t('this fork'), path: own.path },
    ];
    path = (await pick(items, { title: vscode.l10n.t('Open the merge request in which project?') }))?.path;
  }
  if (path === undefined) return undefined;
  if (path !== upstream) return own;
  const adapter = await adapterFor(services, root);
  const read = await adapter?.getProject(upstream).catch(() => undefined);
  return { path: upstream, defaultBranch: read?.defaultBranch };
}

async function askInput(services: Services, root: string, projectPath: string, branch: string, defaultBranch: string | undefined, given: CreateMergeRequestArgs): Promise<MergeRequestInput | undefined> {
  const suggested = (await services.git.lastCommitSubject(root)) ?? branch;
  const title = given.title ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Title of the merge request'), value: suggested, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A title is needed.')) }));
  if (title === undefined) return undefined;
  const targetBranch = given.targetBranch ?? (await pickTarget(services, projectPath, branch, defaultBranch));
  if (!targetBranch) return undefined;
  let draft = given.draft;
  if (draft === undefined) {
    const ready = { label: vscode.l10n.t('Ready for review'), draft: false };
    const asDraft = { label: vscode.l10n.t('Draft'), description: vscode.l10n.t('cannot be merged until marked ready'), draft: true };
    draft = (await pick([ready, asDraft], { title: vscode.l10n.t('Open {0} → {1} as…', branch, targetBranch) }))?.draft;
    if (draft === undefined) return undefined;
  }
  return { sourceBranch: branch, targetBranch, title: title.trim(), draft };
}

/** The project's default branch first, then the branches the project's other MRs go to, then one to type. */
async function pickTarget(services: Services, projectPath: string, branch: string, defaultBranch: string | undefined): Promise<string | undefined> {
  const known = services.store.all().flatMap((e) => (e.remote?.location.projectPath === projectPath ? readyGates(e).map((g) => g.mergeRequest.targetBranch) : []));
  const branches = [...new Set([defaultBranch, ...known].filter((b): b is string => !!b && b !== branch))];
  const other = { label: vscode.l10n.t('Another branch…'), branch: undefined as string | undefined };
  const items = [...branches.map((b) => ({ label: b, description: b === defaultBranch ? vscode.l10n.t('default branch') : undefined, branch: b as string | undefined })), other];
  const picked = await pick(items, { title: vscode.l10n.t('Merge {0} into…', branch) });
  if (!picked) return undefined;
  if (picked.branch) return picked.branch;
  const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('Target branch'), validateInput: (v) => (v.trim() && v.trim() !== branch ? undefined : vscode.l10n.t('A branch other than {0}.', branch)) });
  return typed?.trim() || undefined;
}

function refuse(message: string): CreateResult {
  void notify.error(message);
  return { ok: false, message };
}
