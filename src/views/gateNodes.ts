// Nodes under a merge request: the MR itself, its groups (status checks, pipeline stages, commit
// statuses) and the checks. Third-party text (names, descriptions, URLs) goes into untrusted Markdown.
import * as vscode from 'vscode';
import type { Check, Gate, MergeRequestRef } from '../core/model';
import { rollup, type Rollup } from '../core/rollup';
import { STATE_TABLE, type CheckState } from '../core/states';
import { FORGE_DISPLAY_NAMES } from '../forges/forge';
import type { GateEntry, RepoEntry } from '../state/repoEntry';
import { annotationFiles, AnnotationNode, OutputNode, refusedDescription, refusedTooltip, type AnnotationFiles } from './annotationNodes';
import { mergeStatusWords } from './mergeStatusWords';
import { MessageNode, type TreeNode } from './nodes';
import { describeError, gateNoteText, stateWord } from './words';

/** What a command needs to act on a check: which repository, which MR, which check. */
export interface CheckTarget {
  readonly root: string;
  readonly mergeRequest: MergeRequestRef;
  readonly check: Check;
}

export function stateIcon(state: CheckState): vscode.ThemeIcon {
  const style = STATE_TABLE[state];
  return new vscode.ThemeIcon(style.codicon, new vscode.ThemeColor(style.color));
}

const ROLLUP_MARK: Partial<Record<CheckState, string>> = { passed: '✓', failed: '✗', action_required: '!', running: '↻', pending: '…' };

/** The checks that decide the merge: status checks, commit statuses and the pipeline as a whole. */
export function gateRollup(gate: Gate): Rollup {
  const deciding = gate.checks.filter((c) => c.kind === 'externalStatusCheck' || c.kind === 'commitStatus' || c.kind === 'checkRun');
  return rollup([...deciding.map((c) => c.state), ...(gate.pipeline ? [gate.pipeline.state] : [])]);
}

function untrusted(lines: (string | undefined)[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(lines.filter((l) => l !== undefined).join('\n\n'));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Backslash-escapes Markdown so a forge's text cannot add links or formatting. */
function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function duration(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

export class CheckNode implements TreeNode {
  readonly id: string;
  private readonly files: AnnotationFiles;
  constructor(readonly target: CheckTarget) {
    this.id = `${target.root}|${target.mergeRequest.projectPath}${target.mergeRequest.reference}|${target.check.id}`;
    this.files = annotationFiles(target.root, target.check.annotations ?? []);
  }

  get webUrl(): string | undefined {
    return this.target.check.url;
  }

  getTreeItem(): vscode.TreeItem {
    const { check } = this.target;
    const hasChildren = (check.annotations?.length ?? 0) > 0 || check.output !== undefined;
    const item = new vscode.TreeItem(check.name, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const extras = [this.files.missing.length ? vscode.l10n.t('{0} file(s) not in the working tree', this.files.missing.length) : undefined, check.rawState === 'manual' ? vscode.l10n.t('manual') : undefined, check.allowFailure && check.state === 'failed' ? vscode.l10n.t('allowed to fail') : undefined, duration(check.durationSeconds), check.description, refusedDescription(this.files)];
    item.description = [stateWord(check.state), ...extras].filter(Boolean).join(' · ');
    item.iconPath = stateIcon(check.state);
    item.tooltip = untrusted([
      `**${plain(check.name)}** — ${stateWord(check.state)} (${plain(check.rawState)})`,
      check.description ? plain(check.description) : undefined,
      check.note === 'pendingTimesOut' ? vscode.l10n.t('A pending response turns failed if the external service does not answer within 2 minutes.') : undefined,
      check.note === 'urlHidden' ? vscode.l10n.t('The external URL is hidden: it is shown only to users with at least the Developer role.') : undefined,
      check.output?.summary ? `---\n\n${check.output.summary}` : undefined,
      this.files.missing.length ? `${vscode.l10n.t('Annotations on files not in the working tree:')} ${this.files.missing.map(plain).join(', ')}` : undefined,
      refusedTooltip(this.files, plain),
      check.url ? plain(check.url) : undefined,
    ]);
    item.contextValue = ['check', check.kind, check.state, ...check.capabilities].join(' ');
    return item;
  }

  getChildren(): TreeNode[] {
    const { check, root } = this.target;
    const children: TreeNode[] = [];
    if (check.output) children.push(new OutputNode(`${this.id}/output`, this.target));
    (check.annotations ?? []).forEach((annotation, i) => children.push(new AnnotationNode(`${this.id}/a${i}`, root, annotation)));
    return children;
  }
}

export class GroupNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly children: TreeNode[],
    private readonly state: CheckState,
    private readonly options: { description?: string; target?: CheckTarget; flags?: string } = {},
  ) {}

  get target(): CheckTarget | undefined {
    return this.options.target;
  }

  get webUrl(): string | undefined {
    return this.options.target?.check.url;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = this.options.description ?? stateWord(this.state);
    item.iconPath = stateIcon(this.state);
    const check = this.options.target?.check;
    item.contextValue = check ? ['group', 'check', check.kind, check.state, ...check.capabilities].join(' ') : `group ${this.options.flags ?? ''}`.trim();
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children;
  }
}

export class MergeRequestNode implements TreeNode {
  readonly id: string;
  /** entry and gateEntry are replaced in place on refresh, so VS Code keeps the element. */
  constructor(
    public entry: RepoEntry,
    public gateEntry: GateEntry,
  ) {
    this.id = MergeRequestNode.idFor(entry.root, gateEntry);
  }

  static idFor(root: string, gateEntry: GateEntry): string {
    return `mr:${root}|${gateEntry.mergeRequest.projectPath}${gateEntry.mergeRequest.reference}`;
  }

  get webUrl(): string {
    return this.gateEntry.mergeRequest.webUrl;
  }

  get root(): string {
    return this.entry.root;
  }

  getTreeItem(): vscode.TreeItem {
    const { mergeRequest: mr, gate, error } = this.gateEntry;
    const item = new vscode.TreeItem(`${mr.reference} ${mr.title}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const summary = gate ? gateRollup(gate) : undefined;
    const mark = summary ? `${ROLLUP_MARK[summary.state] ?? '•'} ${summary.passed}/${summary.total}` : undefined;
    item.description = [mark, error ? vscode.l10n.t('error') : mergeStatusWords(mr.mergeStatus)].filter(Boolean).join(' · ');
    item.iconPath = error ? new vscode.ThemeIcon('warning') : stateIcon(summary?.state ?? 'pending');
    const location = this.entry.remote?.location;
    item.tooltip = untrusted([
      `**${plain(`${mr.reference} ${mr.title}`)}**${mr.draft ? ` (${vscode.l10n.t('draft')})` : ''}`,
      `${plain(mr.sourceBranch)} → ${plain(mr.targetBranch)}${mr.author ? ` · ${plain(mr.author)}` : ''}`,
      `${vscode.l10n.t('Head')}: \`${mr.headSha.slice(0, 8)}\``,
      location ? `${FORGE_DISPLAY_NAMES[location.forge]} · ${plain(mr.projectPath)}` : undefined,
      plain(mr.webUrl),
    ]);
    const failed = gate?.checks.some((c) => c.capabilities.includes('retryable')) || gate?.pipeline?.capabilities.includes('retryable');
    item.contextValue = ['mergeRequest', 'openable', failed ? 'hasFailed' : undefined].filter(Boolean).join(' ');
    return item;
  }

  getChildren(): TreeNode[] {
    const { mergeRequest, gate, error } = this.gateEntry;
    const root = this.entry.root;
    const base = this.id;
    if (error) {
      return [new MessageNode(`${base}/error`, describeError(error.errorKind, error.message), { icon: 'error', color: 'errorForeground', tooltip: error.message, flags: `error ${error.errorKind}` })];
    }
    if (!gate) return [];
    const target = (check: Check): CheckTarget => ({ root, mergeRequest, check });
    const groups: TreeNode[] = [];
    const ofKind = (kind: Check['kind']) => gate.checks.filter((c) => c.kind === kind);
    const statusChecks = ofKind('externalStatusCheck');
    if (gate.unavailable?.includes('externalStatusCheck')) {
      groups.push(
        new MessageNode(`${base}/statusChecksUnavailable`, vscode.l10n.t('External status checks are not available'), {
          icon: 'info',
          tooltip: vscode.l10n.t('GitLab answered 401: this project\'s tier has no external status checks, or your role may not see them.'),
          flags: 'statusChecksUnavailable',
        }),
      );
    }
    (gate.notes ?? []).forEach((note, i) => {
      const text = gateNoteText(note);
      groups.push(new MessageNode(`${base}/note${i}`, text.label, { icon: note.code === 'partFailed' ? 'warning' : 'info', tooltip: text.tooltip, flags: `note ${note.code}` }));
    });
    if (statusChecks.length) {
      groups.push(new GroupNode(`${base}/statusChecks`, vscode.l10n.t('External status checks'), statusChecks.map((c) => new CheckNode(target(c))), rollup(statusChecks.map((c) => c.state)).state, { description: counts(statusChecks) }));
    }
    if (gate.pipeline) {
      const jobs = gate.checks.filter((c) => c.kind === 'job' || c.kind === 'bridge');
      const stageNodes = stagesInPipelineOrder(jobs).map(([stage, inStage]) => {
        return new GroupNode(`${base}/stage/${stage}`, stage || vscode.l10n.t('(no stage)'), inStage.map((c) => new CheckNode(target(c))), rollup(inStage.map((c) => c.state)).state, { flags: 'stage' });
      });
      groups.push(new GroupNode(`${base}/pipeline`, vscode.l10n.t('Pipeline {0}', gate.pipeline.name), stageNodes, gate.pipeline.state, { target: target(gate.pipeline) }));
    }
    const statuses = ofKind('commitStatus');
    if (statuses.length) {
      groups.push(new GroupNode(`${base}/commitStatuses`, vscode.l10n.t('Commit statuses'), statuses.map((c) => new CheckNode(target(c))), rollup(statuses.map((c) => c.state)).state, { description: counts(statuses) }));
    }
    const runs = ofKind('checkRun');
    if (runs.length) {
      groups.push(new GroupNode(`${base}/checkRuns`, vscode.l10n.t('Check runs'), runs.map((c) => new CheckNode(target(c))), rollup(runs.map((c) => c.state)).state, { description: counts(runs) }));
    }
    if (groups.length === 0) groups.push(new MessageNode(`${base}/noChecks`, vscode.l10n.t('No checks reported yet'), { icon: 'clock' }));
    return groups;
  }
}

function counts(checks: readonly Check[]): string {
  const summary = rollup(checks.map((c) => c.state));
  return `${summary.passed}/${summary.total} ${stateWord('passed')}`;
}

/**
 * GitLab lists jobs newest first and does not say how stages are ordered; jobs of earlier stages are
 * created first, so a stage's smallest job id gives its place. Jobs within a stage go by name, as in GitLab.
 */
function stagesInPipelineOrder(jobs: readonly Check[]): [string, Check[]][] {
  const byStage = new Map<string, Check[]>();
  for (const job of jobs) byStage.set(job.group ?? '', [...(byStage.get(job.group ?? '') ?? []), job]);
  const firstId = (list: Check[]) => Math.min(...list.map((j) => Number(j.forgeId) || Number.MAX_SAFE_INTEGER));
  return [...byStage]
    .sort(([, a], [, b]) => firstId(a) - firstId(b))
    .map(([stage, list]) => [stage, [...list].sort((a, b) => a.name.localeCompare(b.name))]);
}
