// The store of repository states. It fires only the ids (repository roots) whose entry really changed,
// so the tree refreshes just those nodes. A poll that found nothing new sets an equal entry: compared
// structurally (sameValue), where a completed run's findings are the same objects as last time.
import * as vscode from 'vscode';
import { sameValue } from '../core/sameValue';
import type { RepoEntry } from './repoEntry';

export interface StoreChange {
  readonly changed: readonly string[];
  /** True when repositories were added or removed, so the list itself changed. */
  readonly membership: boolean;
}

export class RepoStore implements vscode.Disposable {
  private readonly entries = new Map<string, RepoEntry>();
  private readonly emitter = new vscode.EventEmitter<StoreChange>();
  readonly onDidChange = this.emitter.event;

  get(root: string): RepoEntry | undefined {
    return this.entries.get(root);
  }

  /** The repositories, in workspace order: by workspace folder, then by path within a folder. Pinned MRs are not among them. */
  all(): RepoEntry[] {
    const folderIndex = (root: string) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.index ?? Number.MAX_SAFE_INTEGER;
    return [...this.entries.values()]
      .filter((entry) => !entry.pin)
      .map((entry) => ({ entry, folder: folderIndex(entry.root) }))
      .sort((a, b) => a.folder - b.folder || a.entry.root.localeCompare(b.entry.root))
      .map(({ entry }) => entry);
  }

  /** The pinned MRs, in the order they were pinned. */
  pinned(): RepoEntry[] {
    return [...this.entries.values()].filter((entry) => !!entry.pin);
  }

  /** The repositories, then the pinned MRs: every entry whose gates a command may act on. */
  withPinned(): RepoEntry[] {
    return [...this.all(), ...this.pinned()];
  }

  set(entry: RepoEntry): void {
    const previous = this.entries.get(entry.root);
    if (previous && sameValue(previous, entry)) return;
    this.entries.set(entry.root, entry);
    this.emitter.fire({ changed: [entry.root], membership: !previous });
  }

  delete(root: string): void {
    if (!this.entries.delete(root)) return;
    this.emitter.fire({ changed: [root], membership: true });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
