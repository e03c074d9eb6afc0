// How a gate command finds what to act on: the tree item it was invoked on, a plain reference passed by
// automation ({ root, mergeRequest: '!1', checkId }), or a quick pick of the checks that allow it.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { LogSink } from '../forges/log';
import { allChecks, FORGE_DISPLAY_NAMES, type Check, type CheckCapability, type MergeRequestRef } from '../core/model';
import { isForgeError, type ForgeError } from '../forges/errors';
import type { ForgeAdapter } from '../forges/forge';
import { CheckNode, GroupNode, MergeRequestNode, stateIcon, type CheckTarget } from '../views/nodes';
import { describeError, stateWord } from '../views/words';
import { reasonText } from '../views/reasonWords';
import type { Services } from './services';
import { messageText, notify, pick } from '../views/userText';
import { readyGates } from '../state/repoEntry';

export interface CheckRef {
  readonly root: string;
  /** `!1` or `#1`; the first open MR of the repository when omitted. */
  readonly mergeRequest?: string;
  /** A check id as the tree uses it, e.g. `externalStatusCheck:2`, `job:17`, `pipeline:5`. */
  readonly checkId?: string;
}

export type CommandResult = { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly errorKind?: string; readonly message: string };

/** Every MR of the workspace with its repository root. */
export function allMergeRequests(services: Services): { root: string; mergeRequest: MergeRequestRef; checks: Check[] }[] {
  return services.store.withPinned().flatMap((entry) => {
    const gates = readyGates(entry);
    return gates.flatMap((g) => (g.gate ? [{ root: entry.root, mergeRequest: g.mergeRequest, checks: allChecks(g.gate) }] : []));
  });
}

/** Which repository and forge, for a quick pick's description: "app (GitLab)". */
export function repositoryWords(services: Services, root: string): string {
  const forge = services.store.get(root)?.remote?.location.forge;
  return forge ? `${basename(root)} (${FORGE_DISPLAY_NAMES[forge]})` : basename(root);
}

function fromRef(services: Services, ref: CheckRef): CheckTarget | undefined {
  const mr = allMergeRequests(services).find((m) => m.root === ref.root && (!ref.mergeRequest || m.mergeRequest.reference === ref.mergeRequest));
  const check = mr?.checks.find((c) => c.id === ref.checkId);
  return mr && check ? { root: mr.root, mergeRequest: mr.mergeRequest, check } : undefined;
}

/** The check a command acts on; asks with a quick pick when invoked from the palette. */
export async function resolveCheck(services: Services, arg: unknown, capability: CheckCapability, placeHolder: string): Promise<CheckTarget | undefined> {
  if (arg instanceof CheckNode) return arg.target;
  if (arg instanceof GroupNode && arg.target) return arg.target;
  if (arg && typeof arg === 'object' && 'root' in arg) return fromRef(services, arg as CheckRef);
  const candidates = allMergeRequests(services).flatMap((m) =>
    m.checks.filter((c) => c.capabilities.includes(capability)).map((check) => ({ root: m.root, mergeRequest: m.mergeRequest, check })),
  );
  if (candidates.length === 0) {
    void notify.info(vscode.l10n.t('No check of the open merge requests allows this.'));
    return undefined;
  }
  const picked = await pick(
    candidates.map((target) => ({
      label: target.check.name,
      description: `${stateWord(target.check.state)} · ${target.mergeRequest.reference} · ${repositoryWords(services, target.root)}`,
      detail: target.check.group,
      iconPath: stateIcon(target.check.state),
      target,
    })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.target;
}

/** The MR a command acts on: the tree item, `{ root, mergeRequest }`, or a quick pick. */
export async function resolveMergeRequest(services: Services, arg: unknown): Promise<{ root: string; mergeRequest: MergeRequestRef; checks: Check[] } | undefined> {
  const all = allMergeRequests(services);
  if (arg instanceof MergeRequestNode) return all.find((m) => m.root === arg.root && m.mergeRequest.reference === arg.gateEntry.mergeRequest.reference);
  if (arg && typeof arg === 'object' && 'root' in arg) {
    const ref = arg as CheckRef;
    return all.find((m) => m.root === ref.root && (!ref.mergeRequest || m.mergeRequest.reference === ref.mergeRequest));
  }
  if (all.length <= 1) return all[0];
  const picked = await pick(
    all.map((m) => ({ label: `${m.mergeRequest.reference} ${m.mergeRequest.title}`, description: `${m.mergeRequest.projectPath} · ${repositoryWords(services, m.root)}`, m })),
    { placeHolder: vscode.l10n.t('Which merge request?'), matchOnDescription: true },
  );
  return picked?.m;
}

/** The adapter of a repository's forge, with the stored token; undefined when not signed in. */
export async function adapterFor(services: Services, root: string): Promise<ForgeAdapter | undefined> {
  const location = services.store.get(root)?.remote?.location;
  return location ? services.connections.forOrigin(location.forge, location.origin) : undefined;
}

/** What a ForgeError means for the operation, when its adapter marked it with a reason. */
export function explainReason(checkName?: string): (error: ForgeError) => string | undefined {
  return (error) => (error.reason ? reasonText(error.reason, error.message, checkName) : undefined);
}

let actionLog: LogSink | undefined;

/** Where runForgeCall records each user action: what was asked, the forge's answer, how long it took. */
export function useActionLog(log: LogSink): void {
  actionLog = log;
}

/**
 * Runs a forge call with progress, turns a ForgeError into a message (with `explain` adding what the
 * error means for this command), and never rejects: the result is returned for automation.
 */
export async function runForgeCall(
  title: string,
  call: () => Promise<string | undefined>,
  explain: (error: ForgeError) => string | undefined = () => undefined,
  /** Error kinds the caller reports itself (e.g. with a button to try again). */
  reportsItself: (kind: string) => boolean = () => false,
): Promise<CommandResult> {
  const started = performance.now();
  const took = () => `${Math.round(performance.now() - started)} ms`;
  try {
    const done = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: messageText(title) }, call);
    // What automation gets back is exactly what the notification shows.
    const detail = done === undefined ? undefined : messageText(done);
    actionLog?.info(`user action: ${title} → done${detail ? `: ${detail}` : ''} (${took()})`);
    if (detail) void notify.info(detail);
    return { ok: true, detail };
  } catch (e) {
    const kind = isForgeError(e) ? e.kind : 'internal';
    const text = e instanceof Error ? e.message : String(e);
    const message = messageText((isForgeError(e) ? explain(e) : undefined) ?? describeError(kind, text));
    actionLog?.warn(`user action: ${title} → ${kind}${isForgeError(e) && e.status ? ` ${e.status}` : ''}: ${text} (${took()})`);
    if (!reportsItself(kind)) void notify.error(message);
    return { ok: false, errorKind: kind, message };
  }
}
