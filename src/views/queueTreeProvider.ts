// The Awaiting Answer view: the checks on open MRs beyond the current branch that wait for an answer,
// grouped by check name (the service the user answers for) or by MR, with the count on the view's badge.
import * as vscode from 'vscode';
import { FORGE_DISPLAY_NAMES, type ForgeKind } from '../core/model';
import type { AwaitingAnswer, QueueProject } from '../core/queue';
import type { QueueEntry, QueueService } from '../state/queue';
import { queueProjectKey } from '../state/queue';
import { MessageNode, type TreeNode } from './nodes';
import { duration } from './nodes/checkNode';
import { contextValue } from './nodes/contextValue';
import { stateIcon } from './nodes/gateState';
import { plain, untrusted } from './nodes/markdown';
import { describeError, stateWord } from './words';
import { safeTreeItem } from './userText';

export type QueueGrouping = 'check' | 'mergeRequest';

/** A row: one check of one MR, answered from here on the MR's current head. */
export class QueueItemNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly project: QueueProject,
    readonly item: AwaitingAnswer,
    private readonly now: () => number,
  ) {}

  get webUrl(): string {
    return this.item.check.url && /^https?:\/\//.test(this.item.check.url) ? this.item.check.url : this.item.mergeRequest.webUrl;
  }

  getTreeItem(): vscode.TreeItem {
    const { mergeRequest: mr, check, answerable, waitingSince } = this.item;
    const waited = waitingSince ? duration(Math.max(0, Math.round((this.now() - Date.parse(waitingSince)) / 1000))) : undefined;
    const state = waited ? vscode.l10n.t('{0} {1}', stateWord(check.state), waited) : stateWord(check.state);
    const item = new vscode.TreeItem(`${mr.reference} ${mr.title} · ${check.name} · ${state}`);
    item.id = this.id;
    item.description = `${this.project.projectPath} · ${FORGE_DISPLAY_NAMES[this.project.forge]}${answerable === false ? ` · ${vscode.l10n.t('you may not answer')}` : ''}`;
    item.iconPath = stateIcon(check.state);
    item.tooltip = untrusted([
      `**${plain(`${mr.reference} ${mr.title}`)}**`,
      `${plain(mr.sourceBranch)} → ${plain(mr.targetBranch)}${mr.author ? ` · ${plain(mr.author)}` : ''}`,
      `${vscode.l10n.t('Head')}: \`${mr.headSha.slice(0, 8)}\``,
      `${plain(check.name)}: ${stateWord(check.state)}`,
      answerable === false ? whyNotAnswerable(this.project.forge) : undefined,
    ]);
    item.contextValue = contextValue('queueItem', 'openable', answerable !== false && check.capabilities.includes('settable') && 'answerable', check.capabilities.includes('retryable') && 'retryable');
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** What keeps the user from answering, in the forge's own rule. */
function whyNotAnswerable(forge: ForgeKind): string {
  switch (forge) {
    case 'gitlab':
      return vscode.l10n.t('The forge does not let you answer this check (GitLab shows its URL only to Developers and above).');
    case 'github':
      return vscode.l10n.t('GitHub lets only people with push access to the repository set a commit status.');
    case 'gitee':
      return vscode.l10n.t('Gitee lets only the repository\'s administrators update a check run.');
  }
}

class QueueGroupNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly rows: QueueItemNode[],
    private readonly icon: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = this.rows.length === 1 ? vscode.l10n.t('1 awaiting') : vscode.l10n.t('{0} awaiting', this.rows.length);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'queueGroup';
    return item;
  }

  getChildren(): TreeNode[] {
    return this.rows;
  }
}

export class QueueTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private grouping: QueueGrouping = 'check';

  constructor(
    private readonly queue: QueueService,
    private readonly onlyAnswerable: () => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = queue.onDidChange(() => this.emitter.fire(undefined));
  }

  get groupedBy(): QueueGrouping {
    return this.grouping;
  }

  /** Shown again from what was read (a setting of what to show changed). */
  refresh(): void {
    this.emitter.fire(undefined);
  }

  groupBy(grouping: QueueGrouping): void {
    this.grouping = grouping;
    this.emitter.fire(undefined);
  }

  /** Every row the view shows (what the badge counts). */
  rows(): QueueItemNode[] {
    return this.queue.all().flatMap((entry) => {
      if (entry.kind !== 'read') return [];
      const key = queueProjectKey(entry.queue.project);
      return entry.queue.items
        .filter((item) => !this.onlyAnswerable() || item.answerable !== false)
        .map((item) => new QueueItemNode(`queue:${key}!${item.mergeRequest.number}:${item.check.id}`, entry.queue.project, item, this.now));
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return safeTreeItem(node.getTreeItem());
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    const messages = this.queue.all().flatMap((entry) => messageFor(entry));
    const rows = this.rows();
    const groups = new Map<string, QueueItemNode[]>();
    for (const row of rows) {
      const { mergeRequest: mr, check } = row.item;
      const key = this.grouping === 'check' ? check.name : `${queueProjectKey(row.project)}!${mr.number}`;
      const members = groups.get(key);
      if (members) members.push(row);
      else groups.set(key, [row]);
    }
    const groupNodes = [...groups].map(([key, members]) => {
      const first = members[0].item;
      const label = this.grouping === 'check' ? first.check.name : `${first.mergeRequest.reference} ${first.mergeRequest.title}`;
      return new QueueGroupNode(`queueGroup:${this.grouping}:${key}`, label, members, this.grouping === 'check' ? 'checklist' : 'git-pull-request');
    });
    return [...messages, ...groupNodes];
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

function messageFor(entry: QueueEntry): TreeNode[] {
  if (entry.kind === 'read' || entry.kind === 'unsupported') return [];
  const { project } = entry;
  const id = `queueMessage:${queueProjectKey(project)}`;
  const where = `${project.projectPath} · ${FORGE_DISPLAY_NAMES[project.forge]}`;
  if (entry.kind !== 'error') {
    return [new MessageNode(id, vscode.l10n.t('Not signed in to {0}', project.origin.replace(/^https?:\/\//, '')), { icon: 'account', description: where, flags: 'signIn', signInUrl: project.origin })];
  }
  return [new MessageNode(id, describeError(entry.errorKind, entry.message), { icon: 'error', color: 'errorForeground', description: where, tooltip: entry.message, flags: `error ${entry.errorKind}` })];
}
