// The Awaiting Answer view put together: its data (state/queue.ts), its tree (views/queueTreeProvider.ts),
// its badge, its commands, and a poll at mrGates.queue.pollInterval that runs only while the view is
// visible and the window focused.
import * as vscode from 'vscode';
import { answerFromQueue, retryFromQueue } from './queueAnswer';
import type { Services } from './services';
import type { StatusInput } from '../core/model';
import { COMMANDS, QUEUE_VIEW_ID } from '../ids';
import { Poller } from '../state/poller';
import { queueProjects, QueueService } from '../state/queue';
import type { WindowFocus } from '../state/windowFocus';
import type { ContextKey } from '../views/contextKeys';
import { QueueTreeProvider } from '../views/queueTreeProvider';

export interface QueueFeature extends vscode.Disposable {
  readonly service: QueueService;
  readonly provider: QueueTreeProvider;
  readonly view: vscode.TreeView<unknown>;
  /** Whether the queue polls now: only while the view is visible and the window focused. */
  readonly polling: boolean;
  /** After the settings were read again: what the view shows (mrGates.queue.onlyAnswerable) and its badge. */
  settingsChanged(): void;
}

export function createQueueFeature(services: Services, focus: WindowFocus, setContext: (key: ContextKey, value: unknown) => void): QueueFeature {
  const settings = services.settings;
  const service = new QueueService(services.connections, () => queueProjects(services.store, settings().watchedProjects, settings().instances));
  const provider = new QueueTreeProvider(service, () => settings().queueOnlyAnswerable);
  const view = vscode.window.createTreeView(QUEUE_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const poller = new Poller({ refresh: () => service.refresh(), intervalMs: () => settings().queuePollSeconds * 1000, forgeDelayMs: () => 0 });
  const setBadge = (): void => {
    const count = provider.rows().length;
    view.badge = count ? { value: count, tooltip: count === 1 ? vscode.l10n.t('1 check awaits an answer') : vscode.l10n.t('{0} checks await an answer', count) } : undefined;
  };
  const setActive = (): void => {
    const active = view.visible && focus.focused;
    poller.setActive(active);
    // Shown again (or focused again): read at once rather than at the next tick.
    if (active) void service.refresh();
  };
  const group = (by: 'check' | 'mergeRequest') => {
    provider.groupBy(by);
    setContext('mrGates.queueGroupedBy', by);
  };
  setContext('mrGates.queueGroupedBy', provider.groupedBy);
  const disposables: vscode.Disposable[] = [
    service,
    provider,
    view,
    poller,
    service.onDidChange(setBadge),
    view.onDidChangeVisibility(setActive),
    focus.onDidChange(setActive),
    // Signed in or out somewhere: what the queue may read changed.
    services.tokens.onDidChangeSignedIn(() => (view.visible ? void service.refresh() : undefined)),
    // A repository added or removed changes the projects the queue reads.
    services.store.onDidChange((change) => (change.membership && view.visible ? void service.refresh() : undefined)),
    vscode.commands.registerCommand(COMMANDS.refreshQueue, () =>
      vscode.window.withProgress({ location: { viewId: QUEUE_VIEW_ID }, title: vscode.l10n.t('Reading the checks awaiting an answer…') }, () => service.refresh()),
    ),
    vscode.commands.registerCommand(COMMANDS.answerFromQueue, (target?: unknown, input?: Partial<StatusInput>) =>
      answerFromQueue(services, service, () => provider.rows(), target, input && typeof input === 'object' ? input : undefined),
    ),
    vscode.commands.registerCommand(COMMANDS.retryFromQueue, (target?: unknown) => retryFromQueue(services, service, () => provider.rows(), target)),
    vscode.commands.registerCommand(COMMANDS.groupQueueByCheck, () => group('check')),
    vscode.commands.registerCommand(COMMANDS.groupQueueByMergeRequest, () => group('mergeRequest')),
  ];
  setActive();
  return {
    service,
    provider,
    view,
    get polling() {
      return poller.isActive;
    },
    settingsChanged: () => {
      provider.refresh();
      setBadge();
    },
    dispose: () => disposables.forEach((d) => d.dispose()),
  };
}
