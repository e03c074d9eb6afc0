// The fake forge with its round trip (FakeForgeOptions.roundTripMs), seeded with one workload of bench/lib/scenarios.ts, in a worker
// thread of their own (bench/lib/remoteForge.ts starts it): the forge's CPU work (serialising, hashing
// ETags) then does not queue behind the client's on one event loop, as it would not on a real forge.
import { parentPort } from 'node:worker_threads';
import { FakeForge, type TimedExchange } from '../test/fake-forge';
import type { ForgeKind } from '../src/core/model';
import { workloadById, type Repo } from './lib/scenarios';

export type WorkerCall = { readonly op: 'start'; readonly workload: string; readonly rttMs: number } | { readonly op: 'clear' | 'exchanges' | 'close' };
export type WorkerRequest = { readonly id: number } & WorkerCall;

export interface StartAnswer {
  readonly kind: ForgeKind;
  readonly origin: string;
  readonly apiBase: string;
  readonly repos: readonly Repo[];
}

export interface WorkerAnswer {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

let forge: FakeForge | undefined;

async function handle(request: WorkerRequest): Promise<StartAnswer | TimedExchange[] | undefined> {
  switch (request.op) {
    case 'start': {
      const workload = workloadById(request.workload);
      forge = await FakeForge.start({ kind: workload.kind, githubEnterprise: workload.kind === 'github', exchanges: false, roundTripMs: request.rttMs });
      const repos = workload.seed(forge);
      return { kind: workload.kind, origin: forge.origin, apiBase: forge.apiBase, repos };
    }
    case 'clear':
      forge?.clearTimings();
      return undefined;
    case 'exchanges':
      return [...(forge?.timings ?? [])];
    case 'close':
      await forge?.close();
      return undefined;
  }
}

const port = parentPort;
if (!port) throw new Error('bench/forgeWorker.ts runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => {
      port.postMessage({ id: request.id, result } satisfies WorkerAnswer);
      if (request.op === 'close') port.close();
    },
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerAnswer),
  );
});
