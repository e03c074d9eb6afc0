// The Approvals group of an MR: who approved, how many are required and left, and by which rules. Its
// flags (mayApprove, mayRevoke) offer Approve and Revoke Approval only where the forge says the user may.
import * as vscode from 'vscode';
import { approvalsLeft, approvalsState, type ApprovalRule, type Approvals, type Approver } from '../../core/approvals';
import type { ForgeErrorKind, MergeRequestRef } from '../../core/model';
import { describeError } from '../words';
import { contextValue } from './contextValue';
import { stateIcon } from './gateState';
import { GroupNode } from './groupNode';
import { plain, untrusted } from './markdown';
import { MessageNode } from './messageNode';
import type { TreeNode } from './treeNode';

/** The contextValue flags of what the user may do about an MR's approvals. */
export function approvalFlags(approvals: Approvals | undefined): string[] {
  if (!approvals || approvals.refused) return [];
  return [approvals.userCanApprove && 'mayApprove', approvals.userHasApproved && approvals.revocable && 'mayRevoke'].filter((f): f is string => !!f);
}

/** `1 of 2 approvals`, or `2 approvals` when the forge requires no number. */
export function approvalCountWords(approvals: Approvals): string {
  const left = approvalsLeft(approvals);
  const { required } = approvals;
  if (required !== undefined && left !== undefined) {
    const given = Math.max(0, required - left);
    return required === 1 ? vscode.l10n.t('{0} of 1 approval', given) : vscode.l10n.t('{0} of {1} approvals', given, required);
  }
  const count = approvals.approvedBy.length;
  return count === 0 ? vscode.l10n.t('no approvals yet') : count === 1 ? vscode.l10n.t('1 approval') : vscode.l10n.t('{0} approvals', count);
}

function leftWords(left: number | undefined): string | undefined {
  if (left === undefined) return undefined;
  return left === 0 ? vscode.l10n.t('approved') : left === 1 ? vscode.l10n.t('1 more needed') : vscode.l10n.t('{0} more needed', left);
}

const who = (a: Approver) => (a.name && a.name !== a.username ? `${a.name} (@${a.username})` : `@${a.username}`);

function ruleWords(rule: ApprovalRule): string {
  const given = Math.min(rule.required, rule.approvedBy.length);
  return rule.required === 1 ? vscode.l10n.t('{0} of 1 approval', given) : vscode.l10n.t('{0} of {1} approvals', given, rule.required);
}

export class ApprovalsNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly root: string,
    readonly mergeRequest: MergeRequestRef,
    readonly approvals: Approvals,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const a = this.approvals;
    const item = new vscode.TreeItem(vscode.l10n.t('Approvals'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    if (a.refused) {
      item.description = vscode.l10n.t('could not be read');
      item.iconPath = new vscode.ThemeIcon('warning');
      item.tooltip = describeError(a.refused.errorKind as ForgeErrorKind, a.refused.message);
    } else {
      item.description = [approvalCountWords(a), leftWords(approvalsLeft(a))].filter(Boolean).join(' · ');
      item.iconPath = stateIcon(approvalsState(a));
      item.tooltip = untrusted([
        `**${vscode.l10n.t('Approvals')}**: ${plain(item.description)}`,
        a.approvedBy.length ? `${vscode.l10n.t('Approved by')}: ${a.approvedBy.map((p) => plain(who(p))).join(', ')}` : undefined,
        ...a.rules.map((r) => `${plain(r.name)}: ${plain(ruleWords(r))}${r.approvedBy.length ? ` (${r.approvedBy.map((p) => plain(`@${p.username}`)).join(', ')})` : ''}`),
        a.userHasApproved ? vscode.l10n.t('You have approved.') : undefined,
      ]);
    }
    item.contextValue = contextValue('approvals', ...approvalFlags(a));
    return item;
  }

  getChildren(): TreeNode[] {
    const a = this.approvals;
    if (a.refused) return [];
    const person = (prefix: string) => (p: Approver) => new MessageNode(`${prefix}/${p.username}`, p.name ?? p.username, { icon: 'pass', color: 'testing.iconPassed', description: `@${p.username}`, flags: 'approver' });
    const people = a.approvedBy.map(person(`${this.id}/by`));
    const rules = a.rules.map((rule, i) => {
      const state = rule.approved === true || rule.approvedBy.length >= rule.required ? 'passed' : 'pending';
      return new GroupNode(`${this.id}/rule${i}`, rule.name, rule.approvedBy.map(person(`${this.id}/rule${i}`)), state, { description: ruleWords(rule), flags: 'approvalRule' });
    });
    const nodes: TreeNode[] = [...people, ...rules];
    return nodes.length ? nodes : [new MessageNode(`${this.id}/none`, vscode.l10n.t('No one has approved yet'), { icon: 'circle-large-outline', flags: 'noApprovals' })];
  }
}
