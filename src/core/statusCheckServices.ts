// A maintainer's view of a project's external status check services (GitLab Ultimate, JiHu).

/** A project-level external status check service (GitLab Ultimate/JiHu). */
export interface ProjectStatusCheck {
  readonly id: number;
  readonly name: string;
  readonly externalUrl: string;
  readonly hmac: boolean;
  readonly protectedBranches: readonly { id: number; name: string }[];
}

export interface StatusCheckServiceInput {
  readonly name?: string;
  readonly externalUrl?: string;
  /** Sent only when typed; the forge never returns it. */
  readonly sharedSecret?: string;
  readonly protectedBranchIds?: readonly number[];
}
