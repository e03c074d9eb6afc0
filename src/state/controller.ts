// Wires the sources of change to the refresher: git (checkout, commit, remotes), tokens (sign in/out),
// settings. Everything here reacts to events; nothing polls git.
import * as vscode from 'vscode';
import { allChecks } from '../core/model';
import { STATE_TABLE } from '../core/states';
import { readyGates } from './repoEntry';
import type { TokenStore } from '../auth/tokenStore';
import type { GitWatcher, RepoSnapshot } from '../git/repositories';
import type { RepoRefresher } from './refresher';
import type { RepoStore } from './store';

export class GatesController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly git: GitWatcher,
    private readonly refresher: RepoRefresher,
    private readonly store: RepoStore,
    tokens: TokenStore,
  ) {
    this.disposables.push(
      git.onDidChangeRepository((snapshot) => this.track(this.refresher.refresh(snapshot))),
      git.onDidCloseRepository((root) => this.refresher.forget(root)),
      tokens.onDidChange((origin) => this.track(this.refreshWhere((s) => this.store.get(s.root)?.remote?.location.origin === origin))),
    );
  }

  private readonly settleTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Re-reads one repository now. */
  async refreshRoot(root: string): Promise<void> {
    const snapshot = this.git.get(root);
    if (snapshot) await this.refresher.refresh(snapshot);
  }

  /**
   * After a command changed something: re-read now, then a few more times, further apart each time,
   * until every check of the repository has settled (or the rounds run out).
   */
  async refreshUntilSettled(root: string, delaysMs: readonly number[] = [2000, 4000, 8000, 16000]): Promise<void> {
    clearTimeout(this.settleTimers.get(root));
    await this.refreshRoot(root);
    const next = (round: number): void => {
      if (round >= delaysMs.length || this.settled(root)) return void this.settleTimers.delete(root);
      this.settleTimers.set(
        root,
        setTimeout(() => void this.refreshRoot(root).then(() => next(round + 1)), delaysMs[round]),
      );
    };
    next(0);
  }

  private settled(root: string): boolean {
    return readyGates(this.store.get(root)).every((g) => !g.gate || allChecks(g.gate).every((c) => STATE_TABLE[c.state].settled));
  }

  /** Re-reads every repository. Resolves when all are done; never rejects. */
  async refreshAll(): Promise<void> {
    await this.refreshWhere(() => true);
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
    for (const d of this.disposables) d.dispose();
  }
}
