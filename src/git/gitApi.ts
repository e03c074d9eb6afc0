// The part of the built-in git extension's API (vscode.git, API version 1) that MR Gates reads.
// Typed by hand from the extension's published git.d.ts so we do not vendor the whole file.
import * as vscode from 'vscode';

export interface GitRemote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface GitBranch {
  readonly name?: string;
  readonly commit?: string;
  readonly upstream?: { readonly remote: string; readonly name: string; readonly commit?: string };
  /** Commits on the branch that its upstream does not have. */
  readonly ahead?: number;
}

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface GitRepositoryState {
  readonly HEAD: GitBranch | undefined;
  readonly remotes: readonly GitRemote[];
  readonly workingTreeChanges: readonly GitChange[];
  readonly indexChanges: readonly GitChange[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  /** Unified diff of `path` between `ref` and the working tree. */
  diffWith(ref: string, path: string): Promise<string>;
  /** The newest commits of HEAD (`maxEntries` of them); `message` is the whole message. */
  log(options?: { readonly maxEntries?: number }): Promise<readonly GitCommit[]>;
  checkout(treeish: string): Promise<void>;
  pull(unshallow?: boolean): Promise<void>;
}

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

/** The git API, or undefined when the git extension is missing or disabled (git.enabled = false). */
export async function loadGitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.enabled ? exports.getAPI(1) : undefined;
}
