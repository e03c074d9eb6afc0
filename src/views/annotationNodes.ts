// A check run's children: its annotations (click opens the file at the range) and its report
// (opened by checkOutputDocument.ts).
// Whether an annotation's file may be opened comes from the publisher's RepoFileIndex (no file-system
// call while rendering): only a regular file inside the repository, by its real path, ever is.
import * as vscode from 'vscode';
import type { Annotation } from '../core/model';
import { REFUSAL_KINDS, type RefusalKind, type RepoFileIndex } from '../diagnostics/repoFiles';
import type { CheckTarget } from './gateNodes';
import type { TreeNode } from './nodes';

let fileIndex: RepoFileIndex | undefined;

/** Set by the tree provider: nodes are built deep inside the tree, far from the services. */
export function useRepoFileIndex(index: RepoFileIndex): vscode.Disposable {
  fileIndex = index;
  return new vscode.Disposable(() => {
    if (fileIndex === index) fileIndex = undefined;
  });
}

const LEVEL_ICONS: Record<Annotation['level'], [string, string]> = {
  failure: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  notice: ['info', 'problemsInfoIcon.foreground'],
};

export class AnnotationNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly root: string,
    private readonly annotation: Annotation,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const a = this.annotation;
    const item = new vscode.TreeItem(`${a.path}:${a.startLine}  ${a.message.split('\n')[0]}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const [icon, color] = LEVEL_ICONS[a.level];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.description = a.title;
    const tooltip = new vscode.MarkdownString();
    tooltip.isTrusted = false;
    tooltip.appendText(`${a.title ? `${a.title}\n\n` : ''}${a.message}${a.rawDetails ? `\n\n${a.rawDetails}` : ''}`);
    item.tooltip = tooltip;
    item.contextValue = 'annotation';
    // Not indexed yet (the first publish is still running): no command until the index changes.
    const file = fileIndex?.lookup(this.root, a.path);
    if (file?.kind === 'readable') {
      const line = Math.max(0, a.startLine - 1);
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Open'),
        arguments: [vscode.Uri.file(file.absolute), { selection: new vscode.Range(line, 0, Math.max(line, a.endLine - 1), 0) }],
      };
    }
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** "Output": opens the run's text and images as a read-only Markdown preview. */
export class OutputNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly target: CheckTarget,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Output'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = 'checkOutput';
    item.command = { command: 'mrGates.showCheckOutput', title: vscode.l10n.t('Show Check Output'), arguments: [this.target] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/**
 * What the index says about a check's annotation files: those not in the working tree (listed on the
 * check node rather than lost) and the refused annotations, with their reported paths, per reason.
 */
export interface AnnotationFiles {
  readonly missing: readonly string[];
  readonly refused: Readonly<Record<RefusalKind, readonly string[]>>;
  readonly refusedCount: number;
}

export function annotationFiles(root: string, annotations: readonly Annotation[]): AnnotationFiles {
  const missing = new Set<string>();
  const refused = Object.fromEntries(REFUSAL_KINDS.map((kind) => [kind, [] as string[]])) as Record<RefusalKind, string[]>;
  let refusedCount = 0;
  for (const a of annotations) {
    const file = fileIndex?.lookup(root, a.path);
    if (file?.kind === 'missing') missing.add(file.relative);
    else if (file && file.kind !== 'readable') {
      refused[file.kind].push(a.path);
      refusedCount++;
    }
  }
  return { missing: [...missing], refused, refusedCount };
}

function refusalCount(kind: RefusalKind, count: number): string {
  switch (kind) {
    case 'outside':
      return vscode.l10n.t('{0} outside the repository', count);
    case 'notRegular':
      return vscode.l10n.t('{0} not a regular file', count);
    case 'tooLarge':
      return vscode.l10n.t('{0} too large', count);
    case 'unreadable':
      return vscode.l10n.t('{0} unreadable', count);
    case 'invalid':
      return vscode.l10n.t('{0} not a file path', count);
  }
}

function refusalHeading(kind: RefusalKind): string {
  switch (kind) {
    case 'outside':
      return vscode.l10n.t('Outside the repository (the path or a link on it leads out):');
    case 'notRegular':
      return vscode.l10n.t('Not a regular file (a folder, device, FIFO or socket):');
    case 'tooLarge':
      return vscode.l10n.t('Too large to read (over 4 MB):');
    case 'unreadable':
      return vscode.l10n.t('Could not be read (no permission, or too slow):');
    case 'invalid':
      return vscode.l10n.t('Not a file path:');
  }
}

/** For the check node's description: "2 annotation(s) refused: 1 outside the repository, 1 too large". */
export function refusedDescription(files: AnnotationFiles): string | undefined {
  if (files.refusedCount === 0) return undefined;
  const reasons = REFUSAL_KINDS.filter((kind) => files.refused[kind].length > 0).map((kind) => refusalCount(kind, files.refused[kind].length));
  return vscode.l10n.t('{0} annotation(s) refused: {1}', files.refusedCount, reasons.join(', '));
}

/** For the check node's tooltip (Markdown): why each refused annotation got no diagnostic, with its path escaped by `escape`. */
export function refusedTooltip(files: AnnotationFiles, escape: (text: string) => string): string | undefined {
  if (files.refusedCount === 0) return undefined;
  const lines = REFUSAL_KINDS.filter((kind) => files.refused[kind].length > 0).map((kind) => {
    const paths = [...new Set(files.refused[kind])];
    const shown = paths.slice(0, 10).map((p) => escape(p.slice(0, 200)));
    return `${refusalHeading(kind)} ${shown.join(', ')}${paths.length > shown.length ? ` ${vscode.l10n.t('and {0} more', paths.length - shown.length)}` : ''}`;
  });
  return [vscode.l10n.t('Annotations refused: MR Gates did not read these files and shows no diagnostics for them.'), ...lines].join('\n\n');
}
