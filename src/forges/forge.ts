// The forge-neutral contract every adapter implements. No `vscode` here: adapters run in plain Node too.
import type { Check, Gate, MergeRequestRef } from '../core/model';

export type ForgeKind = 'gitlab' | 'gitee' | 'github';

export const FORGE_KINDS: readonly ForgeKind[] = ['gitlab', 'gitee', 'github'];

export const FORGE_DISPLAY_NAMES: Record<ForgeKind, string> = { gitlab: 'GitLab', gitee: 'Gitee', github: 'GitHub' };

/** One entry of the `mrGates.instances` setting. `url` may carry a path prefix (https://host/gitlab). */
export interface InstanceConfig {
  readonly url: string;
  readonly forge: ForgeKind;
}

/** Where a repository lives: which forge, which instance, which project on it. */
export interface ForgeLocation {
  readonly forge: ForgeKind;
  /** scheme://host[:port][/prefix], no trailing slash. The key for tokens. */
  readonly origin: string;
  /** `group/sub/project` for GitLab, `owner/repo` for Gitee and GitHub. Never starts or ends with `/`. */
  readonly projectPath: string;
}

export interface ForgeUser {
  readonly username: string;
  readonly name?: string;
  readonly webUrl?: string;
}

export interface ForgeProject {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly webUrl: string;
  readonly defaultBranch?: string;
}

/** What the extension asks of a forge. Every call takes an AbortSignal; failures are ForgeError. */
export interface ForgeAdapter {
  readonly kind: ForgeKind;
  readonly origin: string;
  /** The current-user call, used to validate a token at sign-in. */
  getCurrentUser(signal?: AbortSignal): Promise<ForgeUser>;
  getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject>;
  /** Merge requests and their checks; absent on a forge whose gates are not built yet. */
  readonly gates?: GateOperations;
}

export interface StatusInput {
  /** One of statusChoices(check), in the forge's own words. */
  readonly state: string;
  /** A commit status's description, or a check run's output title. */
  readonly description?: string;
  readonly targetUrl?: string;
  /** A check run's output summary (Markdown). */
  readonly summary?: string;
}

/** Something the user can do with a check: through the forge's API, or only in the browser. */
export interface ActionOffer {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly via: 'api' | 'browser';
  /** For `browser`: where, and why there is no API. */
  readonly url?: string;
  readonly reason?: string;
}

export type ActionOutcome = { readonly kind: 'done' } | { readonly kind: 'openInBrowser'; readonly url: string; readonly reason: string };

export interface GateOperations {
  /** Open MRs/PRs whose source is this project's branch (for a fork, they may live upstream). */
  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]>;
  loadGate(mr: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate>;
  /** The states setStatus accepts for this check, in the forge's words; empty when it cannot be set. */
  statusChoices(check: Check): readonly string[];
  setStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void>;
  /** Re-runs a check; a forge without an endpoint for it answers with a page to open instead. */
  retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome>;
  /** The most characters the forge takes in a status's description and target URL, when it has a limit. */
  statusTextLimit?(check: Check): number | undefined;
  /** A choice that cannot be undone (a check run's conclusion): the command confirms it first. */
  isFinalStatus?(check: Check, state: string): boolean;
  actionsFor(check: Check): readonly ActionOffer[];
  runAction(mr: MergeRequestRef, check: Check, actionId: string, variables?: Record<string, string>, signal?: AbortSignal): Promise<ActionOutcome>;
}

