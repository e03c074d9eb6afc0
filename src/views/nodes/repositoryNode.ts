// One repository of the workspace: forge, project path and branch, with why-nothing messages as children.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { FORGE_DISPLAY_NAMES, type ForgeKind } from '../../core/model';
import { newMergeRequestUrl } from '../../forges/webUrls';
import type { RepoEntry } from '../../state/repoEntry';
import { describeError, rateLimitWords } from '../words';
import { contextValue } from './contextValue';
import { MessageNode } from './messageNode';
import { ProjectNode } from './projectNode';
import { MergeRequestNode } from './mergeRequestNode';
import type { NodeContext, TreeNode } from './treeNode';

/** GitHub has its codicon; GitLab and Gitee have none in the codicon set. */
const FORGE_ICONS: Record<ForgeKind, string> = { github: 'github', gitlab: 'repo', gitee: 'repo' };

export class RepositoryNode implements TreeNode {
  readonly id: string;
  /** Replaced in place when the store changes, so VS Code keeps the same element and refreshes just it. */
  entry: RepoEntry;
  constructor(
    entry: RepoEntry,
    /** Its MRs, when it has some, are built with this context (with several repositories they sit under it). */
    private readonly nested?: NodeContext,
  ) {
    this.id = RepositoryNode.idFor(entry.root);
    this.entry = entry;
  }

  static idFor(root: string): string {
    return `repo:${root}`;
  }

  get webUrl(): string | undefined {
    return this.entry.status.kind === 'ready' ? this.entry.status.project.webUrl : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const { entry } = this;
    const location = entry.remote?.location;
    // The folder name tells repositories apart in a multi-root workspace; the project and branch follow.
    const item = new vscode.TreeItem(basename(entry.root), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = [location?.projectPath, entry.branch].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${location?.projectPath ?? basename(entry.root)}**`,
        location ? `${FORGE_DISPLAY_NAMES[location.forge]} — ${location.origin}` : undefined,
        entry.branch ? vscode.l10n.t('Branch: {0}', entry.branch) : undefined,
        entry.remote ? vscode.l10n.t('Remote: {0}', entry.remote.remoteName) : undefined,
        entry.root,
        rateLimitWords(entry),
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(entry.status.kind === 'error' ? 'warning' : entry.status.kind === 'loading' ? 'loading~spin' : location ? FORGE_ICONS[location.forge] : 'repo');
    item.contextValue = contextValue('repository', entry.status.kind, location && 'openable');
    return item;
  }

  getChildren(): TreeNode[] {
    const { entry } = this;
    const status = entry.status;
    const origin = entry.remote?.location.origin;
    const childId = (suffix: string) => `${this.id}/${suffix}`;
    switch (status.kind) {
      case 'noRemote':
        return [
          new MessageNode(childId('noRemote'), vscode.l10n.t('No remote on a known forge'), {
            icon: 'question',
            description: status.remoteNames.length ? status.remoteNames.join(', ') : vscode.l10n.t('no remotes'),
            tooltip: vscode.l10n.t('None of this repository\'s remotes points at GitLab, Gitee or GitHub. For a self-managed instance, add it to the "mrGates.instances" setting.'),
            flags: 'configureInstances',
          }),
        ];
      case 'noBranch':
        return [new MessageNode(childId('noBranch'), vscode.l10n.t('Not on a branch (detached HEAD)'), { icon: 'git-commit' })];
      case 'signedOut':
        return [
          new MessageNode(childId('signedOut'), vscode.l10n.t('Not signed in to {0}', origin?.replace(/^https?:\/\//, '') ?? ''), {
            icon: 'account',
            // The host and port in full: they tell instances on one host apart.
            tooltip: origin,
            signInUrl: origin,
          }),
        ];
      case 'loading':
        return [new MessageNode(childId('loading'), vscode.l10n.t('Loading…'), { icon: 'loading~spin' })];
      case 'ready': {
        if (this.nested && status.gates?.length) return status.gates.map((g) => new MergeRequestNode(entry, g, this.nested as NodeContext));
        const project = new ProjectNode(childId('project'), status.project.name, status.project.webUrl, status.project.defaultBranch);
        if (!status.gates || !entry.remote || !entry.branch) return [project];
        const createUrl = newMergeRequestUrl(entry.remote.location.forge, status.project.webUrl, entry.branch);
        return [
          new MessageNode(childId('noMergeRequest'), vscode.l10n.t('No open merge request for {0}', entry.branch), {
            icon: 'git-pull-request-create',
            tooltip: vscode.l10n.t('Open in Browser to create one: {0}', createUrl),
            webUrl: createUrl,
            root: entry.root,
            flags: 'noMergeRequest',
          }),
          project,
        ];
      }
      case 'error':
        return [
          new MessageNode(childId('error'), describeError(status.errorKind, status.message), {
            icon: 'error',
            color: 'errorForeground',
            tooltip: status.message,
            signInUrl: status.errorKind === 'unauthorized' ? origin : undefined,
            flags: `error ${status.errorKind}${status.errorKind === 'unauthorized' ? '' : ' refreshable'}`,
          }),
        ];
    }
  }
}
