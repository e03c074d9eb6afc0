// The Awaiting Answer queue (issue 12) on GitLab: 200 open MRs with 5 external status checks each, on the
// fake forge behind a 50 ms round trip (bench/lib/rttProxy.ts, the forge in a worker thread as in
// bench/sideBySide.ts). MR Gates reads it through the adapter's `queue.read` cold, then settled (the same
// read again, nothing changed, through the same adapter: every answer a 304); the naive client
// (bench/naive.ts) lists the MRs page after page and reads each MR's checks one after another, with no
// conditional requests, so its second read is its first again. Median of 5 by wall time, each on a
// fresh forge. Writes test-results/bench/6-queue.md.
import { silentLog } from '../src/forges/log';
import { QUEUE_READS_AT_ONCE } from '../src/forges/queueReads';
import { createAdapter } from '../src/forges/registry';
import { Transport } from '../src/forges/transport';
import { QUEUE_TOKEN } from '../test/fake-forge';
import { measurePhase, median, thousands, type PhaseFigures, type ReadTotals } from './lib/measure';
import { emitMarkdown } from './lib/report';
import { RemoteForge } from './lib/remoteForge';
import { QUEUE_WORKLOAD } from './lib/scenarios';
import { NaiveClient } from './naive';

const RTT_MS = 50;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);

interface Repetition {
  readonly cold: PhaseFigures;
  readonly settled: PhaseFigures;
  readonly naive: PhaseFigures;
  readonly openMergeRequests: number;
}

async function repetition(): Promise<Repetition> {
  const forge = await RemoteForge.start(QUEUE_WORKLOAD.id, RTT_MS);
  try {
    const [project] = forge.repos;
    const transport = new Transport({}, silentLog);
    const adapter = createAdapter('gitlab', forge.origin, { token: QUEUE_TOKEN, transport, log: silentLog });
    let openMergeRequests = 0;
    const ours = async (): Promise<ReadTotals> => {
      if (!adapter.queue) throw new Error('the GitLab adapter reads the queue');
      const read = await adapter.queue.read(project.path);
      openMergeRequests = read.openMergeRequests;
      return { checks: read.items.length, findings: 0 };
    };
    const cold = await measurePhase(forge, ours);
    const settled = await measurePhase(forge, ours);
    transport.dispose();
    const naiveClient = new NaiveClient('gitlab', forge.origin, QUEUE_TOKEN);
    const naive = await measurePhase(forge, async () => ({ checks: (await naiveClient.gitlabQueue(project.path)).awaiting, findings: 0 }));
    return { cold, settled, naive, openMergeRequests };
  } finally {
    await forge.close();
  }
}

const wall = (f: PhaseFigures): string => `${thousands(Math.round(f.wallMs))} ms = ${(f.wallMs / RTT_MS).toFixed(1)} × RTT`;

async function main(): Promise<void> {
  const reps: Repetition[] = [];
  for (let i = 0; i < REPETITIONS; i++) reps.push(await repetition());
  const phases = [
    ['MR Gates', 'cold', reps.map((r) => r.cold)],
    ['MR Gates', 'settled (only 304s)', reps.map((r) => r.settled)],
    ['naive', 'every read', reps.map((r) => r.naive)],
  ] as const;
  const rows = phases.map(([client, phase, values], i) => {
    const f = median(values, (v) => v.wallMs);
    const counts = new Set(values.map((v) => `${v.requests}/${v.notModified}`));
    const varies = counts.size === 1 ? '' : ` (varies: ${[...counts].join(', ')})`;
    return `| ${i === 0 ? QUEUE_WORKLOAD.label : ''} | ${client} | ${phase} | ${wall(f)} | ${thousands(f.requests)}${varies} | ${thousands(f.notModified)} | ${thousands(f.read.checks)} awaiting an answer |`;
  });
  const forgeMs = (values: readonly PhaseFigures[]) => (values.reduce((sum, v) => sum + v.forgeMs, 0) / values.length).toFixed(1);
  const lines = [
    `The Awaiting Answer queue of one GitLab project with ${reps[0].openMergeRequests} open MRs, each with 5 external status checks awaiting an answer, on the fake forge behind a ${RTT_MS} ms round trip; median of ${REPETITIONS} by wall time, each on a fresh forge. MR Gates lists the open MRs (page 1 at per_page=100, then the other pages together) and reads each page's status checks as soon as that page has come, at most ${QUEUE_READS_AT_ONCE} at once per origin; *settled*: the same read again through the same adapter, nothing changed. The naive client (\`bench/naive.ts\`) reads the same URLs one after another, with no conditional requests: its every read is its first.`,
    '',
    '| workload | client | read | wall time | requests | 304s | found |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Round trips: cold, page 1; then page 2 beside page 1's ${QUEUE_READS_AT_ONCE} check lists; then page 2's (3 × RTT). Settled, both pages at once (the client knows the last read's pages), then the ${reps[0].openMergeRequests} check lists ${QUEUE_READS_AT_ONCE} at a time (3 × RTT). GitLab counts every request, 304s too. The fake forge answers one request at a time: on average ${forgeMs(reps.map((r) => r.cold))} ms (cold), ${forgeMs(reps.map((r) => r.settled))} ms (settled) and ${forgeMs(reps.map((r) => r.naive))} ms (naive) beyond the RTT per request, which is the queue of the parallel reads at the forge and part of MR Gates' wall times.`,
  ];
  emitMarkdown('6-queue.md', lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
