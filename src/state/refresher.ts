// Turns a git snapshot into a RepoEntry: picks the remote, finds the token, asks the forge.
// One AbortController per repository: a newer refresh (branch change, close) aborts the older one.
import { basename } from 'node:path';
import { isForgeError } from '../forges/errors';
import type { LogSink } from '../forges/log';
import type { Settings } from '../config';
import { chooseRemote } from '../git/remoteChoice';
import type { RepoSnapshot } from '../git/repositories';
import type { RateStatus } from '../forges/forge';
import { budgetedIntervalMs } from '../forges/rateBudget';
import type { Connections } from './connections';
import { readGates } from './gateReads';
import type { GateEntry, LowRateLimit, RepoEntry } from './repoEntry';
import type { RepoStore } from './store';

export class RepoRefresher {
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly store: RepoStore,
    private readonly connections: Connections,
    private readonly settings: () => Settings,
    private readonly log: LogSink,
  ) {}

  async refresh(snapshot: RepoSnapshot): Promise<void> {
    this.cancel(snapshot.root);
    const controller = new AbortController();
    this.inFlight.set(snapshot.root, controller);
    try {
      await this.load(snapshot, controller.signal);
    } catch (e) {
      // Nothing may escape: a repository's failure stays on its own node.
      if (controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`${basename(snapshot.root)}: ${message}`);
      this.store.set({ ...this.base(snapshot), status: { kind: 'error', errorKind: 'internal', message } });
    } finally {
      if (this.inFlight.get(snapshot.root) === controller) this.inFlight.delete(snapshot.root);
    }
  }

  cancel(root: string): void {
    this.inFlight.get(root)?.abort();
    this.inFlight.delete(root);
  }

  forget(root: string): void {
    this.cancel(root);
    this.store.delete(root);
  }

  dispose(): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  /** The stretched poll while the forge's budget is low, said in the log; undefined otherwise. */
  private lowRateLimit(status: RateStatus, countedBefore: number, intervalMs: number, origin: string): LowRateLimit | undefined {
    const requestsPerPoll = Math.max(1, status.counted - countedBefore);
    const { intervalMs: allowed, stretched } = budgetedIntervalMs(status.budget, requestsPerPoll, intervalMs);
    if (!stretched || !status.budget) return undefined;
    this.log.info(`${origin}: ${status.budget.remaining} of ${status.budget.limit} rate-limited requests left until ${new Date(status.budget.resetAt).toISOString()}; polling every ${Math.round(allowed / 1000)} s until then.`);
    return { budget: status.budget, requestsPerPoll, intervalMs: allowed };
  }

  private base(snapshot: RepoSnapshot): Omit<RepoEntry, 'status'> {
    return { root: snapshot.root, branch: snapshot.branch, headSha: snapshot.headSha };
  }

  private async load(snapshot: RepoSnapshot, signal: AbortSignal): Promise<void> {
    const settings = this.settings();
    const remote = chooseRemote(snapshot.remotes, {
      configuredName: settings.remoteName || undefined,
      upstreamRemote: snapshot.upstreamRemote,
      instances: settings.instances,
    });
    const base = { ...this.base(snapshot), remote };
    if (!remote) {
      this.store.set({ ...base, status: { kind: 'noRemote', remoteNames: snapshot.remotes.map((r) => r.name) } });
      return;
    }
    if (!snapshot.branch) {
      this.store.set({ ...base, status: { kind: 'noBranch' } });
      return;
    }
    const { forge, origin, projectPath } = remote.location;
    const adapter = await this.connections.forOrigin(forge, origin);
    if (signal.aborted) return;
    if (!adapter) {
      this.store.set({ ...base, status: { kind: 'signedOut' } });
      return;
    }
    const previous = this.store.get(snapshot.root);
    // Keep showing the last gates while re-reading the same branch; another branch's gates (and their
    // diagnostics) must go at once.
    const keepShowing = previous?.status.kind === 'ready' && previous.remote?.location.origin === origin && previous.branch === snapshot.branch;
    if (!keepShowing) this.store.set({ ...base, status: { kind: 'loading' } });
    try {
      const countedBefore = adapter.rateStatus().counted;
      // In parallel: the adapter shares the one project read between both.
      const projectRead = adapter.getProject(projectPath, signal);
      let finished = false;
      // A first read of many annotated runs: the checks are shown while their findings come.
      const onPartial = keepShowing
        ? undefined
        : (partial: GateEntry[]) =>
            void projectRead.then(
              (project) => !finished && !signal.aborted && this.store.set({ ...base, status: { kind: 'ready', project, gates: partial } }),
              () => undefined,
            );
      const [project, gates] = await Promise.all([
        projectRead,
        readGates(adapter, { projectPath, branch: snapshot.branch, withFindings: settings.diagnosticsEnabled, signal, shown: keepShowing ? readyGateEntries(previous) : [], onPartial }),
      ]).finally(() => (finished = true));
      const rateLimit = this.lowRateLimit(adapter.rateStatus(), countedBefore, settings.pollIntervalSeconds * 1000, origin);
      if (!signal.aborted) this.store.set({ ...base, status: { kind: 'ready', project, gates, rateLimit } });
    } catch (e) {
      if (signal.aborted || !isForgeError(e)) throw e;
      // A read canceled by another refresh is no answer from the forge: that refresh will say what it found.
      if (e.kind === 'canceled') return;
      this.store.set({ ...base, status: { kind: 'error', errorKind: e.kind, message: e.message, status: e.status, retryAfterMs: e.retryAfterMs } });
    }
  }
}

function readyGateEntries(entry: RepoEntry | undefined): readonly GateEntry[] {
  return entry?.status.kind === 'ready' ? (entry.status.gates ?? []) : [];
}
