// The Awaiting Answer queue (issue 12) on GitLab: 200 open MRs with 5 external status checks each, on the
// fake forge behind a 50 ms round trip (FakeForgeOptions.roundTripMs, the forge in a worker thread as in
// bench/sideBySide.ts). MR Gates reads it through the adapter's `queue.read` cold, then settled (the same
// read again, nothing changed, through the same adapter: every answer a 304); the naive client
// (bench/naive.ts) lists the MRs page after page and reads each MR's checks one after another, with no
// conditional requests, so its second read is its first again. Median of 5 by wall time, each on a
// fresh forge. Writes test-results/bench/6-queue.md.
import { silentLog } from '../src/forges/log';
import { QUEUE_READS_AT_ONCE } from '../src/forges/queueReads';
import { createAdapter } from '../src/forges/registry';
import { Transport } from '../src/forges/transport';
import { QUEUE_TOKEN, type TimedExchange } from '../test/fake-forge';
import { measurePhase, median, thousands, type PhaseFigures, type ReadTotals } from './lib/measure';
import { emitMarkdown } from './lib/report';
import { RemoteForge } from './lib/remoteForge';
import { QUEUE_WORKLOAD } from './lib/scenarios';
import { NaiveClient } from './naive';

const RTT_MS = 50;
/** A second, longer round trip: what the read's wall time gains per ms of RTT is what latency costs it. */
const LONG_RTT_MS = 250;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);

type Phase = PhaseFigures & { readonly roundTrips: number };

interface Repetition {
  readonly cold: Phase;
  readonly settled: Phase;
  readonly naive?: Phase;
  readonly openMergeRequests: number;
}

/**
 * The round trips on the read's critical path, from what the forge saw: a request is one round trip
 * after the latest of those answered before it arrived (it may have waited for them), the first ones
 * are round trip 1. It does not grow with the time the forge takes to answer, the wall time does.
 */
function roundTrips(exchanges: readonly TimedExchange[]): number {
  const sorted = [...exchanges].sort((a, b) => a.receivedAt - b.receivedAt);
  const depth: number[] = [];
  sorted.forEach((e, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if (sorted[j].answeredAt <= e.receivedAt) before = Math.max(before, depth[j]);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

async function phase(forge: RemoteForge, read: () => Promise<ReadTotals>): Promise<Phase> {
  const figures = await measurePhase(forge, read);
  return { ...figures, roundTrips: roundTrips(await forge.exchanges()) };
}

async function repetition(rttMs: number, withNaive: boolean): Promise<Repetition> {
  const forge = await RemoteForge.start(QUEUE_WORKLOAD.id, rttMs);
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
    const cold = await phase(forge, ours);
    const settled = await phase(forge, ours);
    transport.dispose();
    if (!withNaive) return { cold, settled, openMergeRequests };
    const naiveClient = new NaiveClient('gitlab', forge.origin, QUEUE_TOKEN);
    const naive = await phase(forge, async () => ({ checks: (await naiveClient.gitlabQueue(project.path)).awaiting, findings: 0 }));
    return { cold, settled, naive, openMergeRequests };
  } finally {
    await forge.close();
  }
}

const wall = (f: Phase, rttMs: number): string => `${thousands(Math.round(f.wallMs))} ms = ${(f.wallMs / rttMs).toFixed(1)} × RTT`;
const medianWall = (values: readonly Phase[]): number => median(values, (v) => v.wallMs).wallMs;
const averageForgeMs = (values: readonly Phase[]): string => (values.reduce((sum, v) => sum + v.forgeMs, 0) / values.length).toFixed(1);

async function main(): Promise<void> {
  const reps: Repetition[] = [];
  for (let i = 0; i < REPETITIONS; i++) reps.push(await repetition(RTT_MS, true));
  const longReps: Repetition[] = [];
  for (let i = 0; i < REPETITIONS; i++) longReps.push(await repetition(LONG_RTT_MS, false));
  const naives = reps.flatMap((r) => (r.naive ? [r.naive] : []));
  const phases: readonly (readonly [string, string, number, readonly Phase[]])[] = [
    ['MR Gates', 'cold', RTT_MS, reps.map((r) => r.cold)],
    ['MR Gates', 'settled (only 304s)', RTT_MS, reps.map((r) => r.settled)],
    ['naive', 'every read', RTT_MS, naives],
    ['MR Gates', `cold, RTT ${LONG_RTT_MS} ms`, LONG_RTT_MS, longReps.map((r) => r.cold)],
    ['MR Gates', `settled, RTT ${LONG_RTT_MS} ms`, LONG_RTT_MS, longReps.map((r) => r.settled)],
  ];
  const rows = phases.map(([client, phase, rttMs, values], i) => {
    const f = median(values, (v) => v.wallMs);
    const counts = new Set(values.map((v) => `${v.requests}/${v.notModified}`));
    const varies = counts.size === 1 ? '' : ` (varies: ${[...counts].join(', ')})`;
    return `| ${i === 0 ? QUEUE_WORKLOAD.label : ''} | ${client} | ${phase} | ${wall(f, rttMs)} | ${thousands(f.roundTrips)} | ${thousands(f.requests)}${varies} | ${thousands(f.notModified)} | ${thousands(f.read.checks)} awaiting an answer |`;
  });
  // What each ms of RTT adds to the wall time: the round trips the read waits for, one after another.
  const perRtt = (short: readonly Phase[], long: readonly Phase[]) => (medianWall(long) - medianWall(short)) / (LONG_RTT_MS - RTT_MS);
  const coldPerRtt = perRtt(reps.map((r) => r.cold), longReps.map((r) => r.cold));
  const settledPerRtt = perRtt(reps.map((r) => r.settled), longReps.map((r) => r.settled));
  const rest = (values: readonly Phase[], slope: number) => Math.max(0, Math.round(medianWall(values) - slope * RTT_MS));
  const lines = [
    `The Awaiting Answer queue of one GitLab project with ${reps[0].openMergeRequests} open MRs, each with 5 external status checks awaiting an answer, on the fake forge behind a ${RTT_MS} ms round trip (and ${LONG_RTT_MS} ms, to tell what latency costs from what work costs); median of ${REPETITIONS} by wall time, each on a fresh forge. MR Gates lists the open MRs (page 1 at per_page=100, then the other pages together) and reads each page's status checks as soon as that page has come, at most ${QUEUE_READS_AT_ONCE} at once per origin; *settled*: the same read again through the same adapter, nothing changed. The naive client (\`bench/naive.ts\`) reads the same URLs one after another, with no conditional requests: its every read is its first.`,
    '',
    '| workload | client | read | wall time | round trips | requests | 304s | found |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `**What latency costs the read**: from ${RTT_MS} to ${LONG_RTT_MS} ms of RTT the cold read's wall time grows by **${coldPerRtt.toFixed(1)} × ΔRTT** and the settled read's by **${settledPerRtt.toFixed(1)} × ΔRTT**: the round trips it waits for one after another. The rest, about ${thousands(rest(reps.map((r) => r.cold), coldPerRtt))} ms cold and ${thousands(rest(reps.map((r) => r.settled), settledPerRtt))} ms settled at any RTT, is work: MR Gates building ${reps[0].cold.requests} requests and reading their answers (1,000 checks mapped), and the fake forge answering them on its one thread (${averageForgeMs(naives)} ms each beyond the RTT when they come one by one; ${averageForgeMs(reps.map((r) => r.cold))} ms on average cold and ${averageForgeMs(reps.map((r) => r.settled))} ms settled, queued behind each other), which a real forge's many workers would not queue.`,
    '',
    `*Round trips*: on the read's critical path, as the forge saw them (an upper bound: a request counts one after the latest answer that came before it, whether it waited for that answer or not). Cold: page 1; then page 2 beside page 1's ${QUEUE_READS_AT_ONCE} check lists; then page 2's: 3, the least for 200 MRs when GitLab lists at most 100 a page and the check lists can only be asked for once their MRs are listed. Settled: both pages at once (the client knows the last read's pages) and, beside them, the check lists of the MRs the last read listed, ${QUEUE_READS_AT_ONCE} at a time: ${QUEUE_READS_AT_ONCE} in the first round trip, the rest in the next. GitLab counts every request, 304s too.`,
  ];
  emitMarkdown('6-queue.md', lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
