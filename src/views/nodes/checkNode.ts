// One check: its state, what it is and why it may not count; a check run's report and annotations are
// its children.
import * as vscode from 'vscode';
import type { Annotation, Check } from '../../core/model';
import { checkDescription, stateWord } from '../words';
import { expectedWord, requirementMark, requirementTooltip } from '../requirementWords';
import { failsWithoutBlocking } from '../../core/rollup';
import { annotationFiles, refusedDescription, refusedTooltip, type AnnotationFiles } from './annotationFiles';
import { AnnotationNode } from './annotationNode';
import { checkFlags, contextValue } from './contextValue';
import { stateIcon } from './gateState';
import { plain, untrusted } from './markdown';
import { OutputNode } from './outputNode';
import type { CheckTarget, NodeContext, TreeNode } from './treeNode';
import { mergeRequestKey } from '../../state/repoEntry';

const unitFormats = new Map<string, Intl.NumberFormat>();

/** One formatter per locale and unit: a tree of 500 runs asks 500 times, and building one is not cheap. */
function unitFormat(locale: string, unit: 'minute' | 'second'): Intl.NumberFormat {
  const key = `${locale}\0${unit}`;
  let format = unitFormats.get(key);
  if (!format) unitFormats.set(key, (format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' })));
  return format;
}

/** "48 s", "4 min 0 s" in English, "48秒", "4分钟0秒" in Chinese: VS Code's display language, through Intl. */
export function duration(seconds: number | undefined, locale = vscode.env.language): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const total = Math.round(seconds);
  const unit = (value: number, name: 'minute' | 'second') => unitFormat(locale, name).format(value);
  if (total < 60) return unit(total, 'second');
  const joiner = /^(zh|ja|ko)\b/i.test(locale) ? '' : ' ';
  return `${unit(Math.floor(total / 60), 'minute')}${joiner}${unit(total % 60, 'second')}`;
}

/** A check's report says something: a summary, a text or an image. */
function hasOutput(check: Check): boolean {
  const output = check.output;
  return !!output && (!!output.summary?.trim() || !!output.text?.trim() || output.images.length > 0);
}

export class CheckNode implements TreeNode {
  readonly id: string;
  private readonly files: AnnotationFiles;
  constructor(
    readonly target: CheckTarget,
    /** The gate's findings of this check (a check run's annotations), in the forge's order. */
    private readonly annotations: readonly Annotation[],
    private readonly context: NodeContext,
  ) {
    this.id = `${mergeRequestKey(target.root, target.mergeRequest)}|${target.check.id}`;
    this.files = annotationFiles(context, target.root, annotations);
  }

  get webUrl(): string | undefined {
    return this.target.check.url;
  }

  getTreeItem(): vscode.TreeItem {
    const { check } = this.target;
    const description = checkDescription(check);
    const hasChildren = this.annotations.length > 0 || hasOutput(check);
    const item = new vscode.TreeItem(check.name, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const manual = check.rawState === 'manual' && check.kind === 'job';
    const allowedFailure = check.allowFailure && check.state === 'failed';
    const extras = [
      requirementMark(check),
      this.files.missing.length === 1 ? vscode.l10n.t('1 file not in the working tree') : this.files.missing.length > 1 ? vscode.l10n.t('{0} files not in the working tree', this.files.missing.length) : undefined,
      allowedFailure ? vscode.l10n.t('allowed to fail') : undefined,
      duration(check.durationSeconds),
      description,
      refusedDescription(this.files),
    ];
    // A manual job waits to be played: "manual", not a state word; a failure that does not block warns.
    const state = manual ? vscode.l10n.t('manual') : check.expected ? expectedWord() : stateWord(check.state);
    item.description = [state, ...extras].filter(Boolean).join(' · ');
    item.iconPath = manual
      ? new vscode.ThemeIcon('play', new vscode.ThemeColor('descriptionForeground'))
      : failsWithoutBlocking(check)
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : stateIcon(check.state);
    item.tooltip = untrusted([
      `**${plain(check.name)}** — ${stateWord(check.state)} (${plain(check.rawState)})`,
      description ? plain(description) : undefined,
      requirementTooltip(check),
      check.note === 'pendingTimesOut' ? vscode.l10n.t('A pending response turns failed if the external service does not answer within 2 minutes.') : undefined,
      check.note === 'urlHidden' ? vscode.l10n.t('The external URL is hidden: it is shown only to users with at least the Developer role.') : undefined,
      check.output?.summary ? `---\n\n${check.output.summary}` : undefined,
      this.files.missing.length ? `${vscode.l10n.t('Annotations on files not in the working tree:')} ${this.files.missing.map(plain).join(', ')}` : undefined,
      refusedTooltip(this.files, plain),
      check.url ? plain(check.url) : undefined,
    ]);
    item.contextValue = contextValue(...checkFlags(check));
    return item;
  }

  getChildren(): TreeNode[] {
    const { check, root } = this.target;
    const children: TreeNode[] = [];
    if (hasOutput(check)) children.push(new OutputNode(`${this.id}/output`, this.target));
    this.annotations.forEach((annotation, i) => children.push(new AnnotationNode(`${this.id}/a${i}`, root, annotation, this.context)));
    return children;
  }
}
