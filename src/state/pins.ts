// Pinned MRs (Open Merge Request…): kept in the workspace's state, so they survive a reload, and read
// into the store as entries keyed by pinKey() with no local root. Each refresh asks the forge for the
// MR by its number, then its gate, exactly as a repository's MR is read; one AbortController per pin,
// as the repository refresher has one per root.
import * as vscode from 'vscode';
import type { LinkedMergeRequest } from '../core/mergeRequestLinks';
import { parseMergeRequestNumber } from '../core/mergeRequestLinks';
import { FORGE_KINDS, type ForgeKind } from '../core/model';
import { isForgeError } from '../forges/errors';
import type { LogSink } from '../forges/log';
import type { Settings } from '../config';
import type { Connections } from './connections';
import { readGate } from './gateReads';
import { pinKey, type RepoEntry, type RepoStatus } from './repoEntry';
import type { RepoStore } from './store';

/** The workspaceState key of the pinned MRs. */
export const PINS_STATE_KEY = 'pinnedMergeRequests';

export class PinnedMergeRequests {
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly store: RepoStore,
    private readonly connections: Connections,
    private readonly memento: Pick<vscode.Memento, 'get' | 'update'>,
    private readonly settings: () => Settings,
    private readonly log: LogSink,
  ) {}

  /** The pins as stored; anything malformed in the state is left out. */
  list(): LinkedMergeRequest[] {
    const raw = this.memento.get<unknown>(PINS_STATE_KEY);
    return Array.isArray(raw) ? raw.filter(isPin).map(({ forge, origin, projectPath, number }) => ({ forge, origin, projectPath, number })) : [];
  }

  /** Puts the stored pins into the store and reads them. */
  restore(): Promise<void> {
    for (const pin of this.list()) this.store.set(this.entry(pin, { kind: 'loading' }));
    return this.refreshAll();
  }

  /** Pins the MR and reads it; false when it was pinned already (then it is only read again). */
  async pin(pin: LinkedMergeRequest): Promise<{ key: string; added: boolean }> {
    const key = pinKey(pin);
    const pins = this.list();
    const added = !pins.some((p) => pinKey(p) === key);
    if (added) {
      await this.memento.update(PINS_STATE_KEY, [...pins, pin]);
      this.store.set(this.entry(pin, { kind: 'loading' }));
    }
    await this.refresh(key);
    return { key, added };
  }

  async unpin(key: string): Promise<boolean> {
    const pins = this.list();
    const kept = pins.filter((p) => pinKey(p) !== key);
    this.cancel(key);
    this.store.delete(key);
    if (kept.length === pins.length) return false;
    await this.memento.update(PINS_STATE_KEY, kept);
    return true;
  }

  refreshAll(): Promise<void> {
    return this.refreshWhere(() => true);
  }

  /** After a sign-in or sign-out. */
  refreshOrigin(origin: string): Promise<void> {
    return this.refreshWhere((pin) => pin.origin === origin);
  }

  private async refreshWhere(predicate: (pin: LinkedMergeRequest) => boolean): Promise<void> {
    await Promise.allSettled(this.list().filter(predicate).map((pin) => this.refresh(pinKey(pin))));
  }

  /** Re-reads one pin; never rejects, a failure is recorded on its node. */
  async refresh(key: string): Promise<void> {
    const pin = this.list().find((p) => pinKey(p) === key);
    if (!pin) return;
    this.cancel(key);
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    try {
      const status = await this.read(pin, controller.signal);
      if (!controller.signal.aborted && status && this.store.get(key)) this.store.set(this.entry(pin, status));
    } catch (e) {
      if (controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`${pin.projectPath}: ${message}`);
      if (this.store.get(key)) this.store.set(this.entry(pin, { kind: 'error', errorKind: 'internal', message }));
    } finally {
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
    }
  }

  private async read(pin: LinkedMergeRequest, signal: AbortSignal): Promise<RepoStatus | undefined> {
    const adapter = await this.connections.forOrigin(pin.forge, pin.origin);
    if (signal.aborted) return undefined;
    if (!adapter) return { kind: 'signedOut' };
    if (!adapter.mergeRequests) return { kind: 'error', errorKind: 'internal', message: vscode.l10n.t('This forge cannot look up one merge request.') };
    try {
      const [project, mergeRequest] = await Promise.all([adapter.getProject(pin.projectPath, signal), adapter.mergeRequests.find(pin.projectPath, pin.number, signal)]);
      const gateEntry = await readGate(adapter, mergeRequest, { withFindings: this.settings().diagnosticsEnabled, signal });
      return { kind: 'ready', project, gates: [gateEntry] };
    } catch (e) {
      if (signal.aborted || !isForgeError(e)) throw e;
      if (e.kind === 'canceled') return undefined;
      return { kind: 'error', errorKind: e.kind, message: e.message, status: e.status, retryAfterMs: e.retryAfterMs };
    }
  }

  private entry(pin: LinkedMergeRequest, status: RepoStatus): RepoEntry {
    const location = { forge: pin.forge, origin: pin.origin, projectPath: pin.projectPath };
    return { root: pinKey(pin), pin, remote: { remoteName: '', remoteUrl: `${pin.origin}/${pin.projectPath}`, location }, status };
  }

  private cancel(key: string): void {
    this.inFlight.get(key)?.abort();
    this.inFlight.delete(key);
  }

  dispose(): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }
}

function isPin(value: unknown): value is LinkedMergeRequest {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    FORGE_KINDS.includes(v.forge as ForgeKind) &&
    typeof v.origin === 'string' &&
    /^https?:\/\/[^/]/.test(v.origin) &&
    typeof v.projectPath === 'string' &&
    v.projectPath.length > 0 &&
    typeof v.number === 'number' &&
    parseMergeRequestNumber(String(v.number)) === v.number
  );
}
