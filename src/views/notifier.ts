// Tells the user when a check of an open MR changes state, as mrGates.notifications asks.
import * as vscode from 'vscode';
import { gateChanges, worthNotifying, type NotificationLevel } from '../core/gateChanges';
import type { Gate } from '../core/model';
import type { RepoStore } from '../state/store';
import { stateWord } from './words';
import { notify } from './userText';
import { mergeRequestKey, readyGates } from '../state/repoEntry';

export class GateNotifier implements vscode.Disposable {
  /** The last gate seen per repository and MR. */
  private readonly seen = new Map<string, Gate>();
  private readonly subscription: vscode.Disposable;

  constructor(store: RepoStore, level: () => NotificationLevel) {
    this.subscription = store.onDidChange((change) => {
      for (const root of change.changed) {
        const entry = store.get(root);
        const gates = readyGates(entry);
        for (const { gate } of gates) {
          if (!gate) continue;
          const key = mergeRequestKey(root, gate.mergeRequest);
          const changes = worthNotifying(gateChanges(this.seen.get(key), gate), level());
          this.seen.set(key, gate);
          for (const c of changes) {
            const text = vscode.l10n.t('{0} {1}: {2} is now {3}', c.mergeRequest, gate.mergeRequest.title, c.name, stateWord(c.to));
            void (c.to === 'failed' ? notify.warn(text) : notify.info(text));
          }
        }
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
