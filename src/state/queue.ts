// The Awaiting Answer queue's data: for every project of the workspace's repositories and of
// mrGates.watchedProjects, the checks on its open MRs that wait for an answer, read through the
// session's adapters. A project whose instance is not signed in, or whose forge has no queue, says so;
// one that fails keeps its error beside the others, which keep their items.
import * as vscode from 'vscode';
import type { ProjectQueue, QueueProject } from '../core/queue';
import type { ForgeErrorKind, InstanceConfig } from '../core/model';
import { isForgeError } from '../forges/errors';
import { parseRemote } from '../forges/remote';
import type { Connections } from './connections';
import type { RepoStore } from './store';

export type QueueEntry =
  | { readonly kind: 'read'; readonly queue: ProjectQueue }
  | { readonly kind: 'signedOut' | 'unsupported'; readonly project: QueueProject }
  | { readonly kind: 'error'; readonly project: QueueProject; readonly errorKind: ForgeErrorKind | 'internal'; readonly message: string };

export const queueProjectKey = (p: QueueProject): string => `${p.origin}|${p.projectPath}`;

/** The workspace's projects, then the watched ones (a URL of a known forge), each once. */
export function queueProjects(store: RepoStore, watched: readonly string[], instances: readonly InstanceConfig[]): QueueProject[] {
  const found = new Map<string, QueueProject>();
  for (const entry of store.all()) {
    const location = entry.remote?.location;
    if (location) found.set(queueProjectKey(location), { forge: location.forge, origin: location.origin, projectPath: location.projectPath });
  }
  for (const url of watched) {
    const location = parseRemote(url.replace(/\/+$/, ''), instances);
    if (location) found.set(queueProjectKey(location), { forge: location.forge, origin: location.origin, projectPath: location.projectPath });
  }
  return [...found.values()];
}

export class QueueService implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly entries = new Map<string, QueueEntry>();
  private reading?: Promise<void>;
  private controller?: AbortController;

  constructor(
    private readonly connections: Connections,
    private readonly projects: () => QueueProject[],
  ) {}

  all(): QueueEntry[] {
    return [...this.entries.values()];
  }

  /** Reads every project again (one read at a time: a refresh asked during one waits for it). */
  refresh(): Promise<void> {
    this.reading ??= this.readAll().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Reads one project again (after an answer from its queue). */
  async refreshProject(project: QueueProject): Promise<void> {
    this.entries.set(queueProjectKey(project), await this.read(project, this.controller?.signal));
    this.emitter.fire();
  }

  private async readAll(): Promise<void> {
    this.controller = new AbortController();
    const projects = this.projects();
    const read = await Promise.all(projects.map((p) => this.read(p, this.controller?.signal)));
    const wanted = new Set(projects.map(queueProjectKey));
    for (const key of [...this.entries.keys()]) if (!wanted.has(key)) this.entries.delete(key);
    read.forEach((entry, i) => this.entries.set(queueProjectKey(projects[i]), entry));
    this.emitter.fire();
  }

  private async read(project: QueueProject, signal?: AbortSignal): Promise<QueueEntry> {
    const adapter = await this.connections.forOrigin(project.forge, project.origin);
    if (!adapter) return { kind: 'signedOut', project };
    if (!adapter.queue) return { kind: 'unsupported', project };
    try {
      const found = await adapter.queue.read(project.projectPath, signal);
      return { kind: 'read', queue: { project, ...found } };
    } catch (e) {
      if (isForgeError(e, 'canceled')) throw e;
      return { kind: 'error', project, errorKind: isForgeError(e) ? e.kind : 'internal', message: e instanceof Error ? e.message : String(e) };
    }
  }

  dispose(): void {
    this.controller?.abort();
    this.emitter.dispose();
  }
}
