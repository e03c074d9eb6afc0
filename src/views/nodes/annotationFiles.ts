// What the publisher's file index says about a check's annotation files, in the check node's words:
// files not in the working tree (listed on the check rather than lost), and refused ones per reason.
import * as vscode from 'vscode';
import type { Annotation } from '../../core/model';
import type { RefusalKind } from '../../diagnostics/repoFiles';
import type { NodeContext } from './treeNode';

export interface AnnotationFiles {
  readonly missing: readonly string[];
  /** The reported paths of the refused annotations, per reason. */
  readonly refused: Readonly<Record<RefusalKind, readonly string[]>>;
  readonly refusedCount: number;
}

/** Per reason, in the order they are listed: the count for the description, the heading for the tooltip. */
const REFUSAL_WORDS: Record<RefusalKind, { count(n: number): string; heading(): string }> = {
  outside: {
    count: (n) => vscode.l10n.t('{0} outside the repository', n),
    heading: () => vscode.l10n.t('Outside the repository (the path or a link on it leads out):'),
  },
  notRegular: {
    count: (n) => vscode.l10n.t('{0} not a regular file', n),
    heading: () => vscode.l10n.t('Not a regular file (a folder, device, FIFO or socket):'),
  },
  tooLarge: {
    count: (n) => vscode.l10n.t('{0} too large', n),
    heading: () => vscode.l10n.t('Too large to read (over 4 MB):'),
  },
  unreadable: {
    count: (n) => vscode.l10n.t('{0} unreadable', n),
    heading: () => vscode.l10n.t('Could not be read (no permission, or too slow):'),
  },
  invalid: {
    count: (n) => vscode.l10n.t('{0} not a file path', n),
    heading: () => vscode.l10n.t('Not a file path:'),
  },
};

const REFUSAL_ORDER = Object.keys(REFUSAL_WORDS) as RefusalKind[];

/** A path not indexed yet (the first publish is still running) counts as neither missing nor refused. */
export function annotationFiles(context: NodeContext, root: string, annotations: readonly Annotation[]): AnnotationFiles {
  const missing = new Set<string>();
  const refused = Object.fromEntries(REFUSAL_ORDER.map((kind) => [kind, [] as string[]])) as Record<RefusalKind, string[]>;
  let refusedCount = 0;
  for (const a of annotations) {
    const file = context.files.lookup(root, a.path);
    if (file?.kind === 'missing') missing.add(file.relative);
    else if (file && file.kind !== 'readable') {
      refused[file.kind].push(a.path);
      refusedCount++;
    }
  }
  return { missing: [...missing], refused, refusedCount };
}

const refusedKinds = (files: AnnotationFiles) => REFUSAL_ORDER.filter((kind) => files.refused[kind].length > 0);

/** For the check node's description: "2 annotations refused: 1 outside the repository, 1 too large". */
export function refusedDescription(files: AnnotationFiles): string | undefined {
  if (files.refusedCount === 0) return undefined;
  const reasons = refusedKinds(files).map((kind) => REFUSAL_WORDS[kind].count(files.refused[kind].length));
  return files.refusedCount === 1 ? vscode.l10n.t('1 annotation refused: {0}', reasons.join(', ')) : vscode.l10n.t('{0} annotations refused: {1}', files.refusedCount, reasons.join(', '));
}

/** For the check node's tooltip (Markdown): why each refused annotation got no diagnostic, with its path escaped by `escape`. */
export function refusedTooltip(files: AnnotationFiles, escape: (text: string) => string): string | undefined {
  if (files.refusedCount === 0) return undefined;
  const lines = refusedKinds(files).map((kind) => {
    const paths = [...new Set(files.refused[kind])];
    const shown = paths.slice(0, 10).map((p) => escape(p.slice(0, 200)));
    return `${REFUSAL_WORDS[kind].heading()} ${shown.join(', ')}${paths.length > shown.length ? ` ${vscode.l10n.t('and {0} more', paths.length - shown.length)}` : ''}`;
  });
  return [vscode.l10n.t('Annotations refused: MR Gates did not read these files and shows no diagnostics for them.'), ...lines].join('\n\n');
}
