// The forge-neutral contract every adapter implements. No `vscode` here: adapters run in plain Node too.
import type { HttpClient } from './http';

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
}

export type AdapterFactory = (origin: string, http: HttpClient) => ForgeAdapter;
