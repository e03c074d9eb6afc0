// The approvals records of the fake GitLab (forge.gitlab.approvals); the routes are in gitlab-approvals.ts.
//   configure(project, { premium?, required?, rules?, authorsMayApprove? })  required alone: one any_approver rule
//   approve(mr, user), unapprove(mr, user), approvedBy(mr), canApprove(mr, user)
//   requestChanges(mr, user): a reviewer's review requests changes (Premium blocks the merge on it, requested_changes)
import type { GitLabState, MergeRequest, ProjectRef, UserRef } from './gitlab-state';
import type { User } from './state';

export interface ApprovalRuleInput {
  readonly name: string;
  readonly required: number;
  /** Usernames; an empty list is GitLab's any_approver rule ("All eligible users"). */
  readonly eligible?: readonly string[];
}

export interface ApprovalSettings {
  /** Premium: approvals_required/left, rules and approval_state. Free answers MergeRequestApprovals only. */
  premium: boolean;
  rules: ApprovalRuleInput[];
  /** merge_requests_author_approval: off by default, as in GitLab. */
  authorsMayApprove: boolean;
}

export class GitLabApprovalsState {
  private readonly settings = new Map<number, ApprovalSettings>();
  private readonly given = new Map<number, { userId: number; at: Date }[]>();
  /** Per MR: the reviewers whose latest review requests changes. */
  private readonly changesRequested = new Map<number, Set<number>>();

  constructor(private readonly gl: GitLabState) {}

  settingsOf(ref: ProjectRef): ApprovalSettings {
    const project = this.gl.project(ref);
    let settings = this.settings.get(project.id);
    if (!settings) this.settings.set(project.id, (settings = { premium: false, rules: [], authorsMayApprove: false }));
    return settings;
  }

  /** `required` alone is one any_approver rule "All eligible users"; it makes the project Premium. */
  configure(ref: ProjectRef, options: { premium?: boolean; required?: number; rules?: ApprovalRuleInput[]; authorsMayApprove?: boolean }): ApprovalSettings {
    const settings = this.settingsOf(ref);
    if (options.rules) settings.rules = [...options.rules];
    else if (options.required !== undefined) settings.rules = [{ name: 'All eligible users', required: options.required }];
    settings.premium = options.premium ?? (settings.premium || options.rules !== undefined || options.required !== undefined);
    if (options.authorsMayApprove !== undefined) settings.authorsMayApprove = options.authorsMayApprove;
    return settings;
  }

  approvals(mr: MergeRequest): readonly { userId: number; at: Date }[] {
    return this.given.get(mr.id) ?? [];
  }

  approvedBy(mr: MergeRequest): User[] {
    return this.approvals(mr).flatMap((a) => this.gl.state.users.get(a.userId) ?? []);
  }

  hasApproved(mr: MergeRequest, user: User | undefined): boolean {
    return !!user && this.approvals(mr).some((a) => a.userId === user.id);
  }

  /** MergeRequest#can_approve?: developer access, not yet approved, not the author unless allowed, eligible for a rule. */
  canApprove(mr: MergeRequest, user: User | undefined): boolean {
    if (!user || this.hasApproved(mr, user)) return false;
    const project = this.gl.project(mr.projectId);
    if (!this.gl.hasAccess(user, project, 'developer')) return false;
    const settings = this.settingsOf(project);
    if (mr.authorId === user.id && !settings.authorsMayApprove) return false;
    if (!settings.premium || settings.rules.length === 0) return true;
    return settings.rules.some((r) => !r.eligible?.length || r.eligible.some((n) => n.toLowerCase() === user.username.toLowerCase()));
  }

  /** Seeds an approval (no checks: a test may seed any user). */
  approve(mr: MergeRequest, ref: UserRef): void {
    const user = this.gl.user(ref);
    if (this.hasApproved(mr, user)) return;
    this.given.set(mr.id, [...this.approvals(mr), { userId: user.id, at: this.gl.clock.date() }]);
  }

  unapprove(mr: MergeRequest, ref: UserRef): void {
    const user = this.gl.user(ref);
    this.given.set(mr.id, this.approvals(mr).filter((a) => a.userId !== user.id));
  }

  /** Seeds a review that requests changes (`false`: the reviewer's latest review no longer does). */
  requestChanges(mr: MergeRequest, ref: UserRef, requesting = true): void {
    const user = this.gl.user(ref);
    const set = this.changesRequested.get(mr.id) ?? new Set<number>();
    if (requesting) set.add(user.id);
    else set.delete(user.id);
    this.changesRequested.set(mr.id, set);
  }

  changesRequestedBy(mr: MergeRequest): User[] {
    return [...(this.changesRequested.get(mr.id) ?? [])].flatMap((id) => this.gl.state.users.get(id) ?? []);
  }

  /** Per rule: who of the approvers counts for it, and how many it still needs. */
  ruleStates(mr: MergeRequest): { rule: ApprovalRuleInput; approvers: User[]; left: number }[] {
    const approvers = this.approvedBy(mr);
    return this.settingsOf(mr.projectId).rules.map((rule) => {
      const counted = approvers.filter((u) => !rule.eligible?.length || rule.eligible.some((n) => n.toLowerCase() === u.username.toLowerCase()));
      return { rule, approvers: counted, left: Math.max(0, rule.required - counted.length) };
    });
  }
}
