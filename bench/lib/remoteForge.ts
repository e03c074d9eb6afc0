// The main thread's handle on bench/forgeWorker.ts: a seeded fake forge with its round trip, in a
// worker thread, so that the client measured here has this event loop to itself.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ForgeKind } from '../../src/core/model';
import type { StartAnswer, WorkerAnswer, WorkerCall } from '../forgeWorker';
import type { TimedExchange } from '../../test/fake-forge';

export class RemoteForge {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private info?: StartAnswer;

  private constructor(
    private readonly worker: Worker,
    /** The round trip the forge adds to every request. */
    readonly rttMs: number,
  ) {
    worker.on('message', (answer: WorkerAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.error !== undefined) waiting?.reject(new Error(`forge worker: ${answer.error}`));
      else waiting?.resolve(answer.result);
    });
    worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  /** Starts a worker with a fresh forge seeded with `workload` (an id of bench/lib/scenarios.ts). */
  static async start(workload: string, rttMs: number): Promise<RemoteForge> {
    // The worker's bundle lies next to the bundle of the step that runs (out/bench/*.js).
    const remote = new RemoteForge(new Worker(join(__dirname, 'forgeWorker.js')), rttMs);
    remote.info = (await remote.call({ op: 'start', workload, rttMs })) as StartAnswer;
    return remote;
  }

  private get started(): StartAnswer {
    if (!this.info) throw new Error('forge worker not started');
    return this.info;
  }

  get kind(): ForgeKind {
    return this.started.kind;
  }

  /** The forge's origin: where clients go, the RTT included. */
  get origin(): string {
    return this.started.origin;
  }

  /** The forge's API root (for reading GitHub's rate-limit count). */
  get apiBase(): string {
    return this.started.apiBase;
  }

  get repos(): StartAnswer['repos'] {
    return this.started.repos;
  }

  async clear(): Promise<void> {
    await this.call({ op: 'clear' });
  }

  async exchanges(): Promise<TimedExchange[]> {
    return (await this.call({ op: 'exchanges' })) as TimedExchange[];
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }

  private call(request: WorkerCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }
}
