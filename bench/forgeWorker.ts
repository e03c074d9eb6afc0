// The fake forge and its RTT proxy, seeded with one workload of bench/lib/scenarios.ts, in a worker
// thread of their own (bench/lib/remoteForge.ts starts it): the forge's CPU work (serialising, hashing
// ETags) then does not queue behind the client's on one event loop, as it would not on a real forge.
import { parentPort } from 'node:worker_threads';
import { FakeForge } from '../test/fake-forge';
import type { ForgeKind } from '../src/core/model';
import { RttProxy, type ProxiedExchange } from './lib/rttProxy';
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
let proxy: RttProxy | undefined;

async function handle(request: WorkerRequest): Promise<StartAnswer | ProxiedExchange[] | undefined> {
  switch (request.op) {
    case 'start': {
      const workload = workloadById(request.workload);
      forge = await FakeForge.start({ kind: workload.kind, githubEnterprise: workload.kind === 'github', exchanges: false });
      const repos = workload.seed(forge);
      proxy = await RttProxy.start(forge.origin, request.rttMs);
      return { kind: workload.kind, origin: proxy.origin, apiBase: forge.apiBase, repos };
    }
    case 'clear':
      proxy?.clear();
      return undefined;
    case 'exchanges':
      return [...(proxy?.exchanges ?? [])];
    case 'close':
      await proxy?.close();
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
