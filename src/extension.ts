// Wiring only: create the services, register the view and the commands. Nothing here awaits the network
// (or even git): the git extension is loaded in the background and everything else follows its events.
import * as vscode from 'vscode';
import { AccountsProvider } from './auth/authProvider';
import { TokenStore } from './auth/tokenStore';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, COMMANDS, VIEW_ID } from './ids';
import { registerCommands } from './commands/register';
import { signIn, signOut } from './commands/signIn';
import { useActionLog } from './commands/targets';
import type { Services } from './commands/services';
import { affectsConnections, readSettings, type Settings } from './config';
import { RedactingLogger } from './forges/log';
import { GitWatcher } from './git/repositories';
import { Connections } from './state/connections';
import { GatesController } from './state/controller';
import { WindowFocus } from './state/windowFocus';
import { ContextKeys, gateContext, type ContextKey } from './views/contextKeys';
import { Poller } from './state/poller';
import { budgetWaitMs, longestRequestedWaitMs } from './state/repoEntry';
import { RepoRefresher } from './state/refresher';
import { RepoStore } from './state/store';
import { PinnedMergeRequests } from './state/pins';
import { DiagnosticsPublisher } from './diagnostics/publisher';
import { createQueueFeature, type QueueFeature } from './commands/queueFeature';
import { RepoFileIndex } from './diagnostics/repoFiles';
import { GatesTreeProvider } from './views/gatesTreeProvider';
import { GateNotifier } from './views/notifier';
import { GateStatusBar } from './views/statusBar';
import { JobLogDocuments } from './views/jobLogDocument';
import { CheckOutputDocuments } from './views/checkOutputDocument';
import { onDidNotify, useRedactor } from './views/userText';

/** Returned by activate(): the test suites read state through it. Not a stable public API. */
export interface MrGatesApi {
  readonly store: RepoStore;
  readonly provider: GatesTreeProvider;
  readonly git: GitWatcher;
  readonly log: RedactingLogger;
  readonly commands: typeof COMMANDS;
  /** How long activate() took, for the figures table. */
  readonly activationMs: number;
  readonly diagnostics: DiagnosticsPublisher;
  readonly statusBar: GateStatusBar;
  readonly controller: GatesController;
  readonly focus: WindowFocus;
  /** The context keys of the when clauses, as last set. */
  readonly contextKeys: ContextKeys;
  /** Every notification shown, as shown. */
  readonly onDidNotify: typeof onDidNotify;
  /** The authentication provider behind the Accounts menu. */
  readonly accounts: AccountsProvider;
  /** The Awaiting Answer view. */
  readonly queue: QueueFeature;
  /** The pinned MRs (Open Merge Request…). */
  readonly pins: PinnedMergeRequests;
}


export function activate(context: vscode.ExtensionContext): MrGatesApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('MR Gates', { log: true });
  const log = new RedactingLogger(output);
  let settings: Settings = readSettings();

  const tokens = new TokenStore(context.secrets, context.globalState);
  const connections = new Connections(tokens, log);
  connections.configure(settings.transport);
  const store = new RepoStore();
  const git = new GitWatcher();
  const refresher = new RepoRefresher(store, connections, () => settings, log);
  const pins = new PinnedMergeRequests(store, connections, context.workspaceState, () => settings, log);
  const controller = new GatesController(git, refresher, store, tokens, pins);
  const repoFiles = new RepoFileIndex();
  const provider = new GatesTreeProvider(store, repoFiles);
  const diagnostics = new DiagnosticsPublisher(store, () => ({ enabled: settings.diagnosticsEnabled, stale: settings.staleDiagnostics }), git, log, repoFiles);
  const statusBar = new GateStatusBar(store);
  const notifier = new GateNotifier(store, () => settings.notifications);
  const poller = new Poller({
    refresh: () => controller.refreshAll(),
    intervalMs: () => settings.pollIntervalSeconds * 1000,
    forgeDelayMs: () => Math.max(longestRequestedWaitMs(store.withPinned()), budgetWaitMs(store.withPinned())),
  });
  const outputs = new CheckOutputDocuments();
  const logs = new JobLogDocuments();
  const focus = new WindowFocus();
  useRedactor((text) => log.redact(text));
  useActionLog(log);
  context.subscriptions.push(onDidNotify(({ level, text }) => log.info(`told the user (${level}): ${text}`)));
  const revealPin = async (key: string): Promise<void> => {
    provider.pinned.getChildren();
    const node = provider.pinnedNode(key);
    // Revealing needs the view; a hidden one is not opened for it.
    if (node && view.visible) await Promise.resolve(view.reveal(node, { select: true, focus: false, expand: true })).catch((e: unknown) => log.warn(`Could not reveal the pinned merge request: ${String(e)}`));
  };
  const services: Services = { store, controller, poller, tokens, connections, git, log, settings: () => settings, outputs, logs, notifier, pins, revealPin };

  const accounts = new AccountsProvider(tokens, {
    signIn: (origin) => signIn(services, origin ? { url: origin } : {}),
    signOut: (origin) => signOut(services, { url: origin }),
  });

  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const contextKeys = new ContextKeys();
  const setContext = (key: ContextKey, value: unknown): void => contextKeys.set(key, value);
  const queue = createQueueFeature(services, focus, setContext);
  setContext('mrGates.gitState', git.availability);
  setContext('mrGates.repositoryCount', 0);
  // Menus and the palette offer a command only where it can do something.
  const gateKeys = (): void => {
    const { hasGates, hasFailed, mayApprove, mayRevoke } = gateContext(store.withPinned());
    setContext('mrGates.hasGates', hasGates);
    setContext('mrGates.hasFailed', hasFailed);
    setContext('mrGates.mayApprove', mayApprove);
    setContext('mrGates.mayRevoke', mayRevoke);
    setContext('mrGates.hasPinned', store.pinned().length > 0);
  };
  const signedInKey = (): void => setContext('mrGates.signedIn', tokens.signedInOrigins().length > 0);
  signedInKey();
  gateKeys();

  context.subscriptions.push(
    output,
    tokens,
    accounts,
    // The stored tokens as accounts of VS Code's Accounts menu (see auth/authProvider.ts).
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, accounts, { supportsMultipleAccounts: true }),
    connections,
    store,
    git,
    refresher,
    pins,
    controller,
    provider,
    diagnostics,
    statusBar,
    notifier,
    outputs,
    logs,
    view,
    ...registerCommands(services),
    queue,
    poller,
    focus,
    focus.onDidChange((focused) => {
      poller.setActive(focused);
      controller.setFocused(focused);
    }),
    git.onDidChangeAvailability((state) => setContext('mrGates.gitState', state)),
    store.onDidChange((change) => {
      if (change.membership) setContext('mrGates.repositoryCount', store.all().length);
      gateKeys();
    }),
    tokens.onDidChangeSignedIn(signedInKey),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsConnections(e)) return;
      const diagnosticsWereEnabled = settings.diagnosticsEnabled;
      settings = readSettings();
      connections.configure(settings.transport);
      if (settings.diagnosticsEnabled !== diagnosticsWereEnabled || e.affectsConfiguration('mrGates.diagnostics.stale')) void diagnostics.republishAll();
      void controller.refreshAll();
      queue.settingsChanged();
      if (queue.view.visible) void queue.service.refresh();
    }),
  );

  poller.noteRefreshed();
  poller.setActive(focus.focused);
  controller.setFocused(focus.focused);
  void pins.restore();
  git.start().catch((e: unknown) => {
    log.error(`The git extension could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    setContext('mrGates.gitState', 'unavailable');
  });

  const activationMs = performance.now() - started;
  log.info(`MR Gates activated in ${activationMs.toFixed(1)} ms`);
  return { store, provider, git, log, commands: COMMANDS, activationMs, diagnostics, statusBar, controller, focus, onDidNotify, contextKeys, accounts, queue, pins };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
