// Open Merge Request…: pins an MR/PR named by its URL on a known instance, or by `!12` / `#12` in a
// project of the workspace, so its gates show under Pinned until it is unpinned. One pinned already is
// only revealed. An MR the forge does not have is not kept.
import * as vscode from 'vscode';
import { parseMergeRequestInput, type InputProblem, type LinkedMergeRequest } from '../core/mergeRequestLinks';
import { FORGE_DISPLAY_NAMES, type ForgeLocation } from '../core/model';
import { knownInstances } from '../forges/remote';
import { pinKey } from '../state/repoEntry';
import { MergeRequestNode, PinnedPendingNode } from '../views/nodes';
import { notify, pick } from '../views/userText';
import type { Services } from './services';

export interface OpenMergeRequestArgs {
  /** What the input box would take: a URL, `!12`, `#12`. */
  readonly input?: string;
  /** For `!12` / `#12` with several workspace projects: which one (its project path). */
  readonly projectPath?: string;
}

export type OpenMergeRequestResult =
  | { readonly ok: true; readonly key: string; readonly added: boolean }
  | { readonly ok: false; readonly problem?: InputProblem | 'noProject' | 'notFound'; readonly message?: string };

/** What is wrong with the input, in the user's words; undefined when it is acceptable. */
export function problemWords(problem: InputProblem, text: string): string | undefined {
  switch (problem) {
    case 'empty':
      return undefined;
    case 'scheme':
      return vscode.l10n.t('Only http and https links are accepted.');
    case 'unknownHost':
      return vscode.l10n.t('{0} is neither GitLab, Gitee nor GitHub, nor an instance of the "mrGates.instances" setting.', hostOf(text));
    case 'notMergeRequest':
      return vscode.l10n.t('This link is not a merge request or pull request (…/-/merge_requests/12, …/pull/12, …/pulls/12).');
    case 'badNumber':
      return vscode.l10n.t('The number must be a whole number from 1 to 2147483647.');
    case 'notUnderstood':
      return vscode.l10n.t('Paste the link of a merge request or pull request, or type !12 or #12 for a project of this workspace.');
  }
}

function hostOf(text: string): string {
  try {
    return new URL(text.trim()).host.slice(0, 100);
  } catch {
    return '?';
  }
}

export async function openMergeRequest(services: Services, args: OpenMergeRequestArgs = {}): Promise<OpenMergeRequestResult> {
  const instances = knownInstances(services.settings().instances);
  const text =
    args.input ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Open Merge Request'),
      prompt: vscode.l10n.t('The link of a merge request or pull request, or !12 / #12 for a project of this workspace'),
      placeHolder: 'https://gitlab.com/group/project/-/merge_requests/12',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseMergeRequestInput(value, instances);
        return parsed.ok ? undefined : problemWords(parsed.problem, value);
      },
    }));
  if (text === undefined) return { ok: false };
  const parsed = parseMergeRequestInput(text, instances);
  if (!parsed.ok) {
    const message = problemWords(parsed.problem, text);
    if (message) void notify.error(message);
    return { ok: false, problem: parsed.problem, message };
  }
  let target: LinkedMergeRequest;
  if (parsed.input.kind === 'url') {
    target = parsed.input.target;
  } else {
    const project = await workspaceProject(services, args.projectPath);
    if (!project) return { ok: false, problem: 'noProject' };
    target = { ...project, number: parsed.input.number };
  }
  const key = pinKey(target);
  const { added } = await services.pins.pin(target);
  const status = services.store.get(key)?.status;
  if (added && status?.kind === 'error' && status.errorKind === 'notFound') {
    await services.pins.unpin(key);
    const message = vscode.l10n.t('{0} has no merge request {1}.', target.projectPath, `${target.forge === 'gitlab' ? '!' : '#'}${target.number}`);
    void notify.error(message);
    return { ok: false, problem: 'notFound', message };
  }
  await services.revealPin(key);
  return { ok: true, key, added };
}

/** The workspace project `!12` / `#12` is about: the only one, the one named, or the one picked. */
async function workspaceProject(services: Services, projectPath?: string): Promise<ForgeLocation | undefined> {
  const projects = new Map<string, ForgeLocation>();
  for (const entry of services.store.all()) {
    const location = entry.remote?.location;
    if (location) projects.set(`${location.origin}|${location.projectPath}`, location);
  }
  const all = [...projects.values()];
  if (all.length === 0) {
    const message = vscode.l10n.t('No repository of this workspace is on a known forge: paste the link of the merge request instead.');
    void notify.error(message);
    return undefined;
  }
  if (projectPath !== undefined) return all.find((p) => p.projectPath === projectPath);
  if (all.length === 1) return all[0];
  const picked = await pick(
    all.map((location) => ({ label: location.projectPath, description: `${FORGE_DISPLAY_NAMES[location.forge]} · ${location.origin}`, location })),
    { placeHolder: vscode.l10n.t('A merge request of which project?') },
  );
  return picked?.location;
}

/** Unpins the MR of the node it is invoked on, the key passed by automation, or the one picked. */
export async function unpinMergeRequest(services: Services, arg?: unknown): Promise<boolean> {
  let key: string | undefined;
  if (arg instanceof MergeRequestNode || arg instanceof PinnedPendingNode) key = arg.entry.pin ? arg.entry.root : undefined;
  else if (arg && typeof arg === 'object' && typeof (arg as { key?: unknown }).key === 'string') key = (arg as { key: string }).key;
  else {
    const pinned = services.store.pinned();
    if (pinned.length === 0) {
      void notify.info(vscode.l10n.t('No merge request is pinned.'));
      return false;
    }
    const picked = await pick(
      pinned.map((entry) => {
        const gate = entry.status.kind === 'ready' ? entry.status.gates?.[0] : undefined;
        const pin = entry.pin;
        return { label: gate ? `${gate.mergeRequest.reference} ${gate.mergeRequest.title}` : `${pin?.projectPath ?? ''} ${pin?.number ?? ''}`, description: pin?.projectPath, key: entry.root };
      }),
      { placeHolder: vscode.l10n.t('Unpin which merge request?') },
    );
    key = picked?.key;
  }
  return key ? services.pins.unpin(key) : false;
}
