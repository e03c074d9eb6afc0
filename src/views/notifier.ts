// Tells the user when an open MR's gate settles, once per settle and never once per poll, as
// mrGates.notifications asks: "All 12 checks passed on 1a2b3c4", or "2 checks failed on 1a2b3c4:
// lint, e2e" with Open and Retry buttons.
import * as vscode from 'vscode';
import { settleNotice, type NotificationLevel } from '../core/gateChanges';
import type { Gate } from '../core/model';
import { COMMANDS } from '../ids';
import { mergeRequestKey, readyGates } from '../state/repoEntry';
import type { RepoStore } from '../state/store';
import { notify, openWebPage } from './userText';

export class GateNotifier implements vscode.Disposable {
  /** The last gate seen per repository and MR. */
  private readonly seen = new Map<string, Gate>();
  private readonly subscription: vscode.Disposable;
  /** Repositories whose changes a user action is reporting itself: at most one notification per action. */
  private readonly quiet = new Map<string, number>();

  constructor(store: RepoStore, level: () => NotificationLevel) {
    this.subscription = store.onDidChange((change) => {
      for (const root of change.changed) {
        for (const { gate } of readyGates(store.get(root))) {
          if (!gate) continue;
          const key = mergeRequestKey(root, gate.mergeRequest);
          const notice = settleNotice(this.seen.get(key), gate, level());
          this.seen.set(key, gate);
          if (notice && !this.quiet.get(root)) void this.tell(root, gate, notice);
        }
      }
    });
  }

  /** Runs `work` (a command's own re-read) without settle notices for this repository: the command reports. */
  async quietWhile<T>(root: string, work: () => Promise<T>): Promise<T> {
    this.quiet.set(root, (this.quiet.get(root) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.quiet.get(root) ?? 1) - 1;
      if (left > 0) this.quiet.set(root, left);
      else this.quiet.delete(root);
    }
  }

  private async tell(root: string, gate: Gate, notice: NonNullable<ReturnType<typeof settleNotice>>): Promise<void> {
    const mr = gate.mergeRequest;
    const sha = notice.sha.slice(0, 7);
    const open = vscode.l10n.t('Open');
    if (notice.kind === 'passed') {
      if ((await notify.info(vscode.l10n.t('{0}: all {1} checks passed on {2}', mr.reference, notice.total, sha), open)) === open) await openWebPage(mr.webUrl);
      return;
    }
    const retry = vscode.l10n.t('Retry');
    const text = notice.failed.length === 1 ? vscode.l10n.t('{0}: 1 check failed on {1}: {2}', mr.reference, sha, notice.failed[0]) : vscode.l10n.t('{0}: {1} checks failed on {2}: {3}', mr.reference, notice.failed.length, sha, notice.failed.join(', '));
    const choice = await notify.warn(text, open, retry);
    if (choice === open) await openWebPage(mr.webUrl);
    if (choice === retry) await vscode.commands.executeCommand(COMMANDS.retryFailed, { root, mergeRequest: mr.reference });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
