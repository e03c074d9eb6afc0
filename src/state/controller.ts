// Wires the sources of change to the refresher: git (checkout, commit, remotes), tokens (sign in/out),
// settings. Everything here reacts to events; nothing polls git.
import * as vscode from 'vscode';
import { allChecks } from '../core/model';
import { STATE_TABLE } from '../core/states';
import { isPinKey, readyGates } from './repoEntry';
import type { TokenStore } from '../auth/tokenStore';
import { expectedHead } from '../git/headMoves';
import type { GitWatcher, RepoSnapshot } from '../git/repositories';
import type { RepoRefresher } from './refresher';
import type { RepoStore } from './store';
import type { PinnedMergeRequests } from './pins';

export class GatesController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly git: GitWatcher,
    private readonly refresher: RepoRefresher,
    private readonly store: RepoStore,
    tokens: TokenStore,
    /** The pinned MRs: refreshed with the repositories, and by their keys where a root is asked for. */
    private readonly pins?: PinnedMergeRequests,
  ) {
    this.disposables.push(
      git.onDidChangeRepository((snapshot) => this.onGitChange(snapshot)),
      git.onDidCloseRepository((root) => this.refresher.forget(root)),
      tokens.onDidChange((origin) => {
        this.track(this.refreshWhere((s) => this.store.get(s.root)?.remote?.location.origin === origin));
        if (this.pins) this.track(this.pins.refreshOrigin(origin));
      }),
    );
  }

  private readonly settleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Re-reads that came due while the window was unfocused: they run when it has focus again. */
  private readonly parked = new Map<string, () => void>();
  private readonly lastSnapshots = new Map<string, RepoSnapshot>();
  private focused = true;

  /** After a push, a commit or a reset: re-read soon, until the new head's checks have appeared and settled. */
  static readonly AFTER_PUSH_MS: readonly number[] = [3000, 6000, 12000, 24000];
  /** After a command changed a check. */
  static readonly AFTER_COMMAND_MS: readonly number[] = [2000, 4000, 8000, 16000];

  private onGitChange(snapshot: RepoSnapshot): void {
    const expected = expectedHead(this.lastSnapshots.get(snapshot.root), snapshot);
    this.lastSnapshots.set(snapshot.root, snapshot);
    if (expected) this.track(this.rereadUntil(snapshot.root, GatesController.AFTER_PUSH_MS, () => this.headSettled(snapshot.root, expected)));
    else this.track(this.refresher.refresh(snapshot));
  }

  /** Polls and re-reads wait while the window has no focus; due ones run when it comes back. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    if (!focused) return;
    const due = [...this.parked.values()];
    this.parked.clear();
    for (const run of due) run();
  }

  /** Re-reads one repository now. */
  async refreshRoot(root: string): Promise<void> {
    if (isPinKey(root)) return this.pins?.refresh(root);
    const snapshot = this.git.get(root);
    if (snapshot) await this.refresher.refresh(snapshot);
  }

  /**
   * After a command changed something: re-read now, then a few more times, further apart each time,
   * until every check of the repository has settled (or the rounds run out).
   */
  async refreshUntilSettled(root: string, delaysMs: readonly number[] = GatesController.AFTER_COMMAND_MS): Promise<void> {
    await this.rereadUntil(root, delaysMs, () => this.settled(root));
  }

  /** Re-reads now, then after each delay while `done` does not hold; a later call replaces an earlier one. */
  private async rereadUntil(root: string, delaysMs: readonly number[], done: () => boolean): Promise<void> {
    clearTimeout(this.settleTimers.get(root));
    this.parked.delete(root);
    await this.refreshRoot(root);
    const next = (round: number): void => {
      if (round >= delaysMs.length || done()) return void this.settleTimers.delete(root);
      const reread = (): void => void this.refreshRoot(root).then(() => next(round + 1));
      this.settleTimers.set(
        root,
        setTimeout(() => (this.focused ? reread() : this.parked.set(root, reread)), delaysMs[round]),
      );
    };
    next(0);
  }

  /** Whether re-reads of this repository are still scheduled, or parked until the window has focus. */
  isRereading(root: string): boolean {
    return this.settleTimers.has(root) || this.parked.has(root);
  }

  /** Whether a re-read of this repository came due while the window had no focus, and waits for it. */
  isParked(root: string): boolean {
    return this.parked.has(root);
  }

  private settled(root: string): boolean {
    return readyGates(this.store.get(root)).every((g) => !g.gate || allChecks(g.gate).every((c) => STATE_TABLE[c.state].settled));
  }

  /** The MRs show the expected head, with checks, all settled: until then a head with no checks is only waiting. */
  private headSettled(root: string, sha: string): boolean {
    const gates = readyGates(this.store.get(root));
    return gates.length > 0 && gates.every((g) => !!g.gate && g.gate.mergeRequest.headSha === sha && allChecks(g.gate).length > 0) && this.settled(root);
  }

  /** Re-reads every repository. Resolves when all are done; never rejects. */
  async refreshAll(): Promise<void> {
    await Promise.all([this.refreshWhere(() => true), this.pins?.refreshAll()]);
  }

  private async refreshWhere(predicate: (snapshot: RepoSnapshot) => boolean): Promise<void> {
    await Promise.allSettled(this.git.repositories.filter(predicate).map((s) => this.refresher.refresh(s)));
  }

  /** Refreshes started by events have no caller to report to: the refresher records failures on the node. */
  private track(work: Promise<void>): void {
    void work.catch(() => undefined);
  }

  dispose(): void {
    for (const timer of this.settleTimers.values()) clearTimeout(timer);
    this.parked.clear();
    for (const d of this.disposables) d.dispose();
  }
}
