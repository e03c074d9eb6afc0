// MR Gates against a naive sequential client (bench/naive.ts), side by side, on the same fake forge
// behind the same 50 ms round trip (FakeForgeOptions.roundTripMs), both in a worker thread (bench/forgeWorker.ts)
// so that the forge's CPU work does not queue behind the client's: a cold refresh, then a settled poll (the same
// refresh again with nothing changed). MR Gates runs through the real adapters as src/state/refresher.ts
// calls them, with ONE adapter kept from the cold refresh to the settled poll, as the extension keeps it.
// Each repetition starts a fresh forge, adapter and naive client; the figures are the median of 5 by
// wall time. Run with `npm run bench`; writes test-results/bench/3-side-by-side.md.
import { silentLog } from '../src/forges/log';
import { createAdapter } from '../src/forges/registry';
import { Transport } from '../src/forges/transport';
import { measurePhase, median, refreshLikeExtension, sameReads, thousands, type PhaseFigures, type ReadTotals } from './lib/measure';
import { emitMarkdown } from './lib/report';
import { RemoteForge } from './lib/remoteForge';
import { BENCH_TOKEN, WORKLOADS, type Workload } from './lib/scenarios';
import { NaiveClient } from './naive';

const RTT_MS = 50;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);

interface Repetition {
  readonly ours: { readonly cold: PhaseFigures; readonly settled: PhaseFigures };
  readonly naive: { readonly cold: PhaseFigures; readonly settled: PhaseFigures };
}

async function repetition(workload: Workload): Promise<Repetition> {
  const forge = await RemoteForge.start(workload.id, RTT_MS);
  try {
    const repos = forge.repos;
    const transport = new Transport({}, silentLog);
    const adapter = createAdapter(workload.kind, forge.origin, { token: BENCH_TOKEN, transport, log: silentLog });
    const ours = {
      cold: await measurePhase(forge, () => refreshLikeExtension(adapter, repos)),
      settled: await measurePhase(forge, () => refreshLikeExtension(adapter, repos)),
    };
    transport.dispose();
    const naive = new NaiveClient(workload.kind, forge.origin, BENCH_TOKEN);
    const naiveRefresh = async (): Promise<ReadTotals> => {
      const gates = await naive.refreshAll(repos);
      return { checks: gates.reduce((n, g) => n + g.checks, 0), findings: gates.reduce((n, g) => n + g.findings, 0) };
    };
    return { ours, naive: { cold: await measurePhase(forge, naiveRefresh), settled: await measurePhase(forge, naiveRefresh) } };
  } finally {
    await forge.close();
  }
}

const wall = (f: PhaseFigures): string => {
  const shown = f.read.checksShownMs === undefined ? '' : ` (the checks shown at ${thousands(Math.round(f.read.checksShownMs))} ms = ${(f.read.checksShownMs / RTT_MS).toFixed(1)} × RTT)`;
  return `${thousands(Math.round(f.wallMs))} ms = ${(f.wallMs / RTT_MS).toFixed(1)} × RTT${shown}`;
};

function counted(f: PhaseFigures): string {
  return f.counted === undefined ? `${thousands(f.requests)}*` : thousands(f.counted);
}

/** Request counts that differ between repetitions would make the median row misleading: say so. */
function spread(values: readonly PhaseFigures[]): string {
  const counts = new Set(values.map((v) => `${v.requests}/${v.notModified}`));
  return counts.size === 1 ? '' : ` (varies: ${[...counts].join(', ')})`;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const notes: string[] = [];
  const naiveForgeMs: number[] = [];
  for (const workload of WORKLOADS) {
    const reps: Repetition[] = [];
    for (let i = 0; i < REPETITIONS; i++) reps.push(await repetition(workload));
    const phases = [
      ['MR Gates', 'cold', reps.map((r) => r.ours.cold)],
      ['MR Gates', 'settled poll', reps.map((r) => r.ours.settled)],
      ['naive', 'cold', reps.map((r) => r.naive.cold)],
      ['naive', 'settled poll', reps.map((r) => r.naive.settled)],
    ] as const;
    phases.forEach(([client, phase, values], i) => {
      const f = median(values, (v) => v.wallMs);
      const read = `${thousands(f.read.checks)} checks, ${thousands(f.read.findings)} findings`;
      rows.push(`| ${i === 0 ? workload.label : ''} | ${client} | ${phase} | ${wall(f)} | ${thousands(f.requests)}${spread(values)} | ${counted(f)} | ${thousands(f.notModified)} | ${read} |`);
    });
    naiveForgeMs.push(...reps.flatMap((r) => [r.naive.cold.forgeMs, r.naive.settled.forgeMs]));
    const [ours, naive] = [reps[0].ours.cold, reps[0].naive.cold];
    if (!sameReads(ours.reads, naive.reads)) {
      const only = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
      notes.push(`${workload.label}: the cold reads differ (only MR Gates: ${only(ours.reads, naive.reads).slice(0, 3).join(', ') || 'none'}; only naive: ${only(naive.reads, ours.reads).slice(0, 3).join(', ') || 'none'}).`);
    }
    if (ours.read.checks !== naive.read.checks || ours.read.findings !== naive.read.findings) notes.push(`${workload.label}: the two clients read different gates.`);
  }
  const lines = [
    `MR Gates against a naive sequential client (\`bench/naive.ts\`: plain fetch, no conditional requests, no cache, one request at a time), on the fake forge behind a ${RTT_MS} ms round trip; median of ${REPETITIONS} by wall time, each on a fresh forge. *Settled poll*: the same refresh again, nothing changed, through the adapter the cold refresh used.`,
    '',
    '| workload | client | refresh | wall time | requests | counted by the forge | 304s | read |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Counted: GitHub from its `x-ratelimit-used` (a 304 is free); GitLab counts every request; * Gitee says nothing, so every request is taken to count.',
    `The fake forge answers one request at a time: ${(naiveForgeMs.reduce((a, b) => a + b, 0) / naiveForgeMs.length).toFixed(1)} ms each on average beyond the RTT when they come one by one (the naive client), so parallel reads queue there and MR Gates' wall times include that queue; a real forge's many workers would not add it.`,
    notes.length === 0 ? 'On every workload the naive client read exactly the URLs MR Gates read on its cold refresh, and the same checks and findings.' : notes.join('\n'),
  ];
  emitMarkdown('3-side-by-side.md', lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
