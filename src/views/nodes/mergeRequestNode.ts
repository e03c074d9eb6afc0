// One open MR/PR of a repository's branch: its rollup, and its checks grouped by kind.
import * as vscode from 'vscode';
import { allChecks, findingsOf, FORGE_DISPLAY_NAMES, type Check, type MergeRequestRef } from '../../core/model';
import { failsWithoutBlocking, rollupChecks } from '../../core/rollup';
import { mergeReasons, readyToMerge, type MergeReason } from '../../core/mergeReasons';
import { blockedWords, reasonTooltip, reasonWords } from '../blockWords';
import { expectedWord, requirementMark, requirementTooltip } from '../requirementWords';
import { mergeRequestKey, type GateEntry, type RepoEntry } from '../../state/repoEntry';
import { mergeStatusWords } from '../mergeStatusWords';
import { describeError, gateNoteText, rateLimitWords, stateWord } from '../words';
import { approvalFlags, ApprovalsNode } from './approvalsNode';
import { CheckNode } from './checkNode';
import { contextValue } from './contextValue';
import { gateRollup, rollupMark, stateIcon } from './gateState';
import { GroupNode } from './groupNode';
import { plain, untrusted } from './markdown';
import { MessageNode } from './messageNode';
import type { CheckTarget, NodeContext, TreeNode } from './treeNode';

export class MergeRequestNode implements TreeNode {
  readonly id: string;
  /** entry and gateEntry are replaced in place on refresh, so VS Code keeps the element. */
  constructor(
    public entry: RepoEntry,
    public gateEntry: GateEntry,
    private readonly context: NodeContext,
  ) {
    this.id = MergeRequestNode.idFor(entry.root, gateEntry);
  }

  static idFor(root: string, gateEntry: GateEntry): string {
    return `mr:${mergeRequestKey(root, gateEntry.mergeRequest)}`;
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
    // A head with no checks yet is pending, never passed: they have usually not been reported yet.
    const waiting = gate && allChecks(gate).length === 0 ? vscode.l10n.t('waiting for checks on {0}', mr.headSha.slice(0, 7)) : undefined;
    const reading = gate?.findingsPending ? vscode.l10n.t('reading annotations…') : undefined;
    const reasons = gate ? mergeReasons(gate) : [];
    const standing = gate && readyToMerge(gate) ? vscode.l10n.t('Ready to merge') : reasons.length ? blockedWords(reasons) : mergeStatusWords(mr.mergeStatus);
    item.description = [summary && rollupMark(summary), error ? vscode.l10n.t('error') : (waiting ?? standing), reading].filter(Boolean).join(' · ');
    item.iconPath = error ? new vscode.ThemeIcon('warning') : stateIcon(summary?.state ?? 'pending');
    const location = this.entry.remote?.location;
    item.tooltip = untrusted([
      `**${plain(`${mr.reference} ${mr.title}`)}**${mr.draft ? ` (${vscode.l10n.t('draft')})` : ''}`,
      `${plain(mr.sourceBranch)} → ${plain(mr.targetBranch)}${mr.author ? ` · ${plain(mr.author)}` : ''}`,
      `${vscode.l10n.t('Head')}: \`${mr.headSha.slice(0, 8)}\``,
      location ? `${FORGE_DISPLAY_NAMES[location.forge]} · ${plain(mr.projectPath)}` : undefined,
      plain(mr.webUrl),
      rateLimitWords(this.entry),
    ]);
    const failed = gate && allChecks(gate).some((c) => c.capabilities.includes('retryable'));
    item.contextValue = contextValue('mergeRequest', 'openable', failed && 'hasFailed', ...approvalFlags(gate?.approvals), !error && (gate?.mergeRequest ?? mr).mergeable && 'mergeable', this.entry.pin && 'pinned');
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
    // A check run's annotations are its children. A job's Code Quality findings carry its id too, but
    // they are diagnostics only: the job node lists none.
    const annotationsOf = (check: Check) => (check.kind === 'checkRun' ? findingsOf(gate, check.id) : []);
    const checkNode = (check: Check): CheckNode => new CheckNode({ root, mergeRequest, check }, annotationsOf(check), this.context);
    const target = (check: Check): CheckTarget => ({ root, mergeRequest, check });
    const groups: TreeNode[] = mergeReasons(gate).map((reason) => reasonNode(base, mergeRequest, reason));
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
      groups.push(new GroupNode(`${base}/statusChecks`, vscode.l10n.t('External status checks'), statusChecks.map(checkNode), rollupChecks(statusChecks).state, { description: counts(statusChecks) }));
    }
    if (gate.pipeline) {
      const jobs = gate.checks.filter((c) => c.kind === 'job' || c.kind === 'bridge');
      const stageNodes = stagesInPipelineOrder(jobs).map(([stage, inStage]) => {
        return new GroupNode(`${base}/stage/${stage}`, stage || vscode.l10n.t('(no stage)'), inStage.map(checkNode), rollupChecks(inStage).state, { flags: 'stage' });
      });
      const pipeline = gate.pipeline;
      const label = pipeline.expected ? vscode.l10n.t('Pipeline') : vscode.l10n.t('Pipeline {0}', pipeline.name);
      const state = failsWithoutBlocking(pipeline) ? 'neutral' : pipeline.state;
      const description = [pipeline.expected ? expectedWord() : stateWord(pipeline.state), requirementMark(pipeline)].filter(Boolean).join(' · ');
      groups.push(new GroupNode(`${base}/pipeline`, label, stageNodes, state, { target: pipeline.expected ? undefined : target(pipeline), description, tooltip: requirementTooltip(pipeline) }));
    }
    const statuses = ofKind('commitStatus');
    if (statuses.length) {
      groups.push(new GroupNode(`${base}/commitStatuses`, vscode.l10n.t('Commit statuses'), statuses.map(checkNode), rollupChecks(statuses).state, { description: counts(statuses) }));
    }
    const runs = ofKind('checkRun');
    if (runs.length) {
      groups.push(new GroupNode(`${base}/checkRuns`, vscode.l10n.t('Check runs'), runs.map(checkNode), rollupChecks(runs).state, { description: counts(runs) }));
    }
    if (groups.length === 0) groups.push(new MessageNode(`${base}/noChecks`, vscode.l10n.t('No checks reported yet'), { icon: 'clock' }));
    // Approvals are a group of their own, after the checks: never counted among them.
    if (gate.approvals) groups.push(new ApprovalsNode(`${base}/approvals`, root, mergeRequest, gate.approvals));
    return groups;
  }
}

function counts(checks: readonly Check[]): string {
  const summary = rollupChecks(checks);
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

/** One reason the MR cannot merge; where the fix is on the forge's page, its inline button opens it. */
function reasonNode(base: string, mr: MergeRequestRef, reason: MergeReason): MessageNode {
  // GitLab (/-/merge_requests/N) and GitHub (/pull/N) each have a page to resolve conflicts on.
  const conflictsPage = mr.reference.startsWith('!') || /\/pull\/\d+$/.test(mr.webUrl) ? `${mr.webUrl}/conflicts` : mr.webUrl;
  const page = reason.code === 'conflicts' ? conflictsPage : reason.code === 'checksFailing' || reason.code === 'checksWaiting' ? undefined : mr.webUrl;
  // One row per forge word: GitLab may name several merge checks.
  const id = reason.code === 'forge' ? `${base}/reason/forge/${reason.status}` : `${base}/reason/${reason.code}`;
  return new MessageNode(id, reasonWords(reason), { icon: 'circle-slash', color: 'errorForeground', tooltip: reasonTooltip(reason), flags: `reason ${reason.code}`, webUrl: page });
}
