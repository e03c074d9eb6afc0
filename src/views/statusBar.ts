// The status bar item: the rollup of the MR of the active editor's repository, or of the repository
// last active when the editor is not in one (the Output panel, a file elsewhere). Clicking focuses the view.
import * as vscode from 'vscode';
import { STATE_TABLE } from '../core/states';
import { readyGates, repoContaining, type RepoEntry } from '../state/repoEntry';
import type { RepoStore } from '../state/store';
import { gateRollup } from './nodes';
import { redacted } from './userText';
import { stateWord } from './words';

export class GateStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mrGates.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: RepoStore) {
    this.item.name = 'MR Gates';
    this.item.command = 'mrGates.gates.focus';
    this.disposables = [this.item, store.onDidChange(() => this.update()), vscode.window.onDidChangeActiveTextEditor(() => this.update())];
    this.update();
  }

  /** The repository last active, kept while the active editor is in none. */
  private lastRoot: string | undefined;

  /** The repository holding the active editor's file; else the last active one; else the only one. */
  private activeEntry(): RepoEntry | undefined {
    const file = vscode.window.activeTextEditor?.document.uri;
    const entries = this.store.all();
    if (file?.scheme === 'file') {
      const owning = repoContaining(entries, file.fsPath);
      if (owning) {
        this.lastRoot = owning.root;
        return owning;
      }
    }
    const last = this.lastRoot === undefined ? undefined : this.store.get(this.lastRoot);
    return last ?? (entries.length === 1 ? entries[0] : undefined);
  }

  /** Shown text, for tests. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  /** Whether the item shows the error background: only for a failure that blocks the merge. */
  get alarming(): boolean {
    return this.visible && this.item.backgroundColor !== undefined;
  }

  private visible = false;

  private update(): void {
    const entry = this.activeEntry();
    const first = readyGates(entry).find((g) => g.gate);
    if (!first?.gate) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const summary = gateRollup(first.gate);
    const style = STATE_TABLE[summary.state];
    this.item.text = `$(${style.codicon}) ${vscode.l10n.t('{0} · {1} of {2} passed', first.mergeRequest.reference, summary.passed, summary.total)}`;
    this.item.tooltip = redacted(vscode.l10n.t('{0} {1}: {2}, {3} of {4} checks passed', first.mergeRequest.reference, first.mergeRequest.title, stateWord(summary.state), summary.passed, summary.total));
    // Red only for a failure that blocks: an allowed failure (allow_failure) rolls up as neutral.
    this.item.backgroundColor = summary.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
