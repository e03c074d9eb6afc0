// Watches the repositories the built-in git extension has open and reports what MR Gates cares about
// (branch, head sha, upstream, remotes) only when it actually changed. Checkout and commit arrive
// through the git extension's own events: MR Gates never polls git.
import * as vscode from 'vscode';
import { isCommitSha } from '../core/forgeValues';
import { pathInside } from '../core/repoPaths';
import { loadGitApi, type GitApi, type GitRepository } from './gitApi';
import type { RemoteLike } from './remoteChoice';

export interface RepoSnapshot {
  /** The repository root as a file-system path: the id of the repository everywhere in MR Gates. */
  readonly root: string;
  readonly rootUri: vscode.Uri;
  readonly branch?: string;
  readonly headSha?: string;
  readonly upstreamRemote?: string;
  /** The upstream branch's commit as the last fetch or push left it. */
  readonly upstreamCommit?: string;
  readonly ahead?: number;
  readonly remotes: readonly RemoteLike[];
}

export type GitAvailability = 'loading' | 'available' | 'unavailable';

function snapshotOf(repo: GitRepository): RepoSnapshot {
  const head = repo.state.HEAD;
  return {
    root: repo.rootUri.fsPath,
    rootUri: repo.rootUri,
    branch: head?.name,
    headSha: head?.commit,
    upstreamRemote: head?.upstream?.remote,
    upstreamCommit: head?.upstream?.commit,
    ahead: head?.ahead,
    remotes: repo.state.remotes.map((r) => ({ name: r.name, fetchUrl: r.fetchUrl, pushUrl: r.pushUrl })),
  };
}

function sameSnapshot(a: RepoSnapshot, b: RepoSnapshot): boolean {
  return (
    a.branch === b.branch &&
    a.headSha === b.headSha &&
    a.upstreamRemote === b.upstreamRemote &&
    a.upstreamCommit === b.upstreamCommit &&
    a.ahead === b.ahead &&
    JSON.stringify(a.remotes) === JSON.stringify(b.remotes)
  );
}

export class GitWatcher implements vscode.Disposable {
  private readonly snapshots = new Map<string, RepoSnapshot>();
  private readonly perRepo = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<RepoSnapshot>();
  private readonly closed = new vscode.EventEmitter<string>();
  private readonly availabilityChanged = new vscode.EventEmitter<GitAvailability>();
  private currentAvailability: GitAvailability = 'loading';
  private api?: GitApi;

  /** A repository opened, or its branch, sha, upstream or remotes changed. */
  readonly onDidChangeRepository = this.changed.event;
  /** A repository closed; the argument is its root. */
  readonly onDidCloseRepository = this.closed.event;
  readonly onDidChangeAvailability = this.availabilityChanged.event;

  get availability(): GitAvailability {
    return this.currentAvailability;
  }

  get repositories(): readonly RepoSnapshot[] {
    return [...this.snapshots.values()];
  }

  get(root: string): RepoSnapshot | undefined {
    return this.snapshots.get(root);
  }

  private repository(root: string): GitRepository | undefined {
    return this.api?.repositories.find((r) => r.rootUri.fsPath === root);
  }

  /** Files with uncommitted changes (staged or not), as absolute paths. */
  changedFiles(root: string): Set<string> {
    const repo = this.repository(root);
    return new Set([...(repo?.state.workingTreeChanges ?? []), ...(repo?.state.indexChanges ?? [])].map((c) => c.uri.fsPath));
  }

  /**
   * The unified diff of a file between `sha` and the working tree; undefined when git cannot say (sha not
   * fetched…), and for a sha that is not a full commit id or a path outside the repository: both may come
   * from a forge, and neither may become a git option (`--output=FILE`) or reach another folder.
   */
  async diffWithWorkingTree(root: string, sha: string, absolutePath: string): Promise<string | undefined> {
    const repo = this.repository(root);
    if (!repo || !isCommitSha(sha) || pathInside(root, absolutePath) === undefined) return undefined;
    try {
      return await repo.diffWith(sha, absolutePath);
    } catch {
      return undefined;
    }
  }

  /** The subject of HEAD's commit; undefined when git cannot say. */
  async lastCommitSubject(root: string): Promise<string | undefined> {
    try {
      const [commit] = (await this.repository(root)?.log({ maxEntries: 1 })) ?? [];
      return commit?.message.split('\n')[0].trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Checks out `branch` and pulls it, through the git extension (which shows its own errors in its output). */
  async checkoutAndPull(root: string, branch: string): Promise<void> {
    const repo = this.repository(root);
    if (!repo) throw new Error(`no git repository at ${root}`);
    await repo.checkout(branch);
    await repo.pull();
  }

  /** Loads the git API. Not awaited by activate(): the git extension may take a while to scan. */
  async start(): Promise<void> {
    const api = await loadGitApi();
    if (!api) return this.setAvailability('unavailable');
    this.api = api;
    this.disposables.push(
      api.onDidOpenRepository((repo) => this.track(repo)),
      api.onDidCloseRepository((repo) => this.untrack(repo.rootUri.fsPath)),
      api.onDidChangeState(() => this.syncAll()),
    );
    this.syncAll();
    this.setAvailability('available');
  }

  private setAvailability(value: GitAvailability): void {
    this.currentAvailability = value;
    this.availabilityChanged.fire(value);
  }

  private syncAll(): void {
    for (const repo of this.api?.repositories ?? []) this.track(repo);
  }

  private track(repo: GitRepository): void {
    const root = repo.rootUri.fsPath;
    if (!this.perRepo.has(root)) this.perRepo.set(root, repo.state.onDidChange(() => this.update(repo)));
    this.update(repo);
  }

  private update(repo: GitRepository): void {
    const next = snapshotOf(repo);
    const previous = this.snapshots.get(next.root);
    if (previous && sameSnapshot(previous, next)) return;
    this.snapshots.set(next.root, next);
    this.changed.fire(next);
  }

  private untrack(root: string): void {
    this.perRepo.get(root)?.dispose();
    this.perRepo.delete(root);
    if (this.snapshots.delete(root)) this.closed.fire(root);
  }

  dispose(): void {
    for (const d of [...this.perRepo.values(), ...this.disposables, this.changed, this.closed, this.availabilityChanged]) d.dispose();
    this.perRepo.clear();
  }
}
