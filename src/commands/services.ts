// What the commands need, handed over once by extension.ts.
import type { GateNotifier } from '../views/notifier';
import type { TokenStore } from '../auth/tokenStore';
import type { Settings } from '../config';
import type { RedactingLogger } from '../forges/log';
import type { GitWatcher } from '../git/repositories';
import type { Connections } from '../state/connections';
import type { GatesController } from '../state/controller';
import type { Poller } from '../state/poller';
import type { PinnedMergeRequests } from '../state/pins';
import type { RepoStore } from '../state/store';
import type { CheckOutputDocuments } from '../views/checkOutputDocument';
import type { JobLogDocuments } from '../views/jobLogDocument';

export interface Services {
  readonly store: RepoStore;
  readonly controller: GatesController;
  readonly poller: Poller;
  readonly tokens: TokenStore;
  readonly connections: Connections;
  readonly git: GitWatcher;
  readonly log: RedactingLogger;
  readonly settings: () => Settings;
  readonly outputs: CheckOutputDocuments;
  readonly logs: JobLogDocuments;
  readonly notifier: GateNotifier;
  readonly pins: PinnedMergeRequests;
  /** Shows a pinned MR's node in the Gates view. */
  readonly revealPin: (key: string) => Promise<void>;
}
