// Registers every command. Commands invoked from a tree item act on that item; from the palette they ask.
import * as vscode from 'vscode';
import { signIn, signOut, type SignInArgs } from './signIn';
import { MessageNode, type CheckTarget, type TreeNode } from '../views/nodes';
import { COMMANDS, VIEW_ID } from '../ids';
import { createMergeRequest, type CreateMergeRequestArgs } from './createMergeRequest';
import { manageStatusChecks, type ManageArgs } from './manageStatusChecks';
import { approve, unapprove } from './approve';
import { merge, type MergeArgs } from './merge';
import { openInBrowser } from './openInBrowser';
import { openMergeRequest, unpinMergeRequest, type OpenMergeRequestArgs } from './openMergeRequest';
import { retry, retryFailed } from './retry';
import { playJob, runAction, type RunActionArgs } from './runAction';
import { setStatus } from './setStatus';
import { showLog } from './showLog';
import type { StatusInput } from '../core/model';
import type { Services } from './services';

export function registerCommands(services: Services): vscode.Disposable[] {
  return [
    // From a message node's inline button: the instance it names.
    vscode.commands.registerCommand(COMMANDS.signIn, (args?: SignInArgs | MessageNode) => signIn(services, args instanceof MessageNode ? { url: args.signInUrl } : isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.configureInstances, () => vscode.commands.executeCommand('workbench.action.openSettings', 'mrGates.instances')),
    vscode.commands.registerCommand(COMMANDS.signOut, (args?: { url?: string }) => signOut(services, isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.refresh, () =>
      vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: vscode.l10n.t('Refreshing merge request gates…') }, async () => {
        await services.controller.refreshAll();
        services.poller.noteRefreshed();
      }),
    ),
    vscode.commands.registerCommand(COMMANDS.openInBrowser, (node?: TreeNode) => openInBrowser(services, node)),
    vscode.commands.registerCommand(COMMANDS.setStatus, (target?: unknown, input?: Partial<StatusInput>) => setStatus(services, target, isArgs(input) ? input : undefined)),
    vscode.commands.registerCommand(COMMANDS.retry, (target?: unknown) => retry(services, target)),
    vscode.commands.registerCommand(COMMANDS.retryFailed, (target?: unknown) => retryFailed(services, target)),
    vscode.commands.registerCommand(COMMANDS.runAction, (target?: unknown, args?: RunActionArgs) => runAction(services, target, isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.playJob, (target?: unknown, args?: RunActionArgs) => playJob(services, target, isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.approve, (target?: unknown) => approve(services, target)),
    vscode.commands.registerCommand(COMMANDS.unapprove, (target?: unknown) => unapprove(services, target)),
    vscode.commands.registerCommand(COMMANDS.showLog, (target?: unknown) => showLog(services, target)),
    vscode.commands.registerCommand(COMMANDS.showCheckOutput, (target?: CheckTarget) => target && services.outputs.show(target)),
    vscode.commands.registerCommand(COMMANDS.merge, (target?: unknown, args?: MergeArgs) => merge(services, target, isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.createMergeRequest, (target?: unknown) =>
      createMergeRequest(services, target, isArgs<CreateMergeRequestArgs>(target) ? target : {}),
    ),
    vscode.commands.registerCommand(COMMANDS.openMergeRequest, (args?: OpenMergeRequestArgs) => openMergeRequest(services, isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.unpinMergeRequest, (target?: unknown) => unpinMergeRequest(services, target)),
    vscode.commands.registerCommand(COMMANDS.manageStatusChecks, (args?: ManageArgs) => manageStatusChecks(services, isArgs(args) && 'root' in args ? args : undefined)),
  ];
}

/** Tree items pass their node; automation passes a plain object. */
function isArgs<T extends object>(value: unknown): value is T {
  return !!value && typeof value === 'object' && !('getTreeItem' in value);
}
