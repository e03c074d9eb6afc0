// Wires the sources of change to the refresher: git (checkout, commit, remotes), tokens (sign in/out),
// settings. Everything here reacts to events; nothing polls git.
import * as vscode from 'vscode';
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
    for (const d of this.disposables) d.dispose();
  }
}
