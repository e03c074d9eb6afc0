// The store of repository states. It fires only the ids (repository roots) whose entry really changed,
// so the tree refreshes just those nodes.
import * as vscode from 'vscode';
import type { RepoEntry } from './repoEntry';

export interface StoreChange {
  readonly changed: readonly string[];
  /** True when repositories were added or removed, so the list itself changed. */
  readonly membership: boolean;
}

export class RepoStore implements vscode.Disposable {
  private readonly entries = new Map<string, RepoEntry>();
  private readonly fingerprints = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<StoreChange>();
  readonly onDidChange = this.emitter.event;

  get(root: string): RepoEntry | undefined {
    return this.entries.get(root);
  }

  all(): RepoEntry[] {
    return [...this.entries.values()].sort((a, b) => a.root.localeCompare(b.root));
  }

  set(entry: RepoEntry): void {
    const fingerprint = JSON.stringify(entry);
    if (this.fingerprints.get(entry.root) === fingerprint) return;
    const added = !this.entries.has(entry.root);
    this.entries.set(entry.root, entry);
    this.fingerprints.set(entry.root, fingerprint);
    this.emitter.fire({ changed: [entry.root], membership: added });
  }

  delete(root: string): void {
    if (!this.entries.delete(root)) return;
    this.fingerprints.delete(root);
    this.emitter.fire({ changed: [root], membership: true });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
