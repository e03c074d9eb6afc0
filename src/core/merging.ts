// The forge-neutral words of merging an MR and opening one (MergeRequestRef.mergeable and ReasonCode use them): whether the forge
// says it can merge, what a merge will do, what it came to, and why a forge refused.

/** MergeRequestRef.mergeable: `now`, the forge says it can merge; `whenChecksPass`, only its running pipeline stands in the way (GitLab auto-merge). */
export type Mergeable = 'now' | 'whenChecksPass';

/** How a merge joins the branches: a merge commit, a rebase then a merge commit, a fast-forward, a rebase, a squash. */
export type MergeMethod = 'merge' | 'rebaseMerge' | 'fastForward' | 'rebase' | 'squash';

/** What a merge will do, from the project's defaults: what the confirmation shows, and what is sent. */
export interface MergePlan {
  readonly method: MergeMethod;
  /** The methods the project allows, when the forge lets the merge choose (GitHub). */
  readonly methods?: readonly MergeMethod[];
  readonly squash: boolean;
  readonly deleteSourceBranch: boolean;
  /** The head that was checked: the forge must refuse the merge when the MR's head is another. */
  readonly sha: string;
  /** Set the merge to happen when the running pipeline succeeds, instead of now. */
  readonly whenChecksPass: boolean;
}

export type MergeOutcome = { readonly kind: 'merged' } | { readonly kind: 'autoMergeSet' };

/** A merge request to open. */
export interface MergeRequestInput {
  /** The fork the source branch lives in, when the MR goes to the project it was forked from. */
  readonly sourceProjectPath?: string;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  readonly title: string;
  readonly draft: boolean;
}

/** Why a merge or a new MR was refused (a ReasonCode, worded by views/reasonWords.ts). */
export type MergeReasonCode =
  /** The token may not merge this MR (it may not push to the target branch). */
  | 'mergeNotAllowed'
  /** The forge will not merge it in its current state (a check, an approval, a thread or a draft holds it). */
  | 'notMergeable'
  /** The branch cannot be merged: conflicts, or the merge itself failed. */
  | 'cannotBeMerged'
  /** The MR's head moved since the gate was read, so the merge of the checked head was refused. */
  | 'mergeHeadMoved'
  /** An open MR for this branch exists already. */
  | 'mergeRequestExists'
  /** The forge refused the new MR as it was asked (same branches, a branch it does not know). */
  | 'mergeRequestRefused';
