// 10,000 users of one self-managed GitLab, each with one window showing one repository whose MR has
// settled; 30 % of the windows have focus at any time. Requests per second at the forge, for MR Gates and
// for a naive 30 s poller. A model in virtual time, not 10,000 clients: what one poll sends is measured
// (one real settled poll through the real adapter, one through bench/naive.ts, on the fake forge), and
// when polls happen follows src/state/poller.ts: every 30 s (or longer, when the forge asked) while the
// window has focus, nothing while it has none, and on focus a poll at once if one is overdue, else when
// it comes due. The naive poller polls every 30 s whatever the focus. Deterministic (seeded PRNG).
// Run with `npm run bench`; writes test-results/bench/4-simulation.md.
import { silentLog } from '../src/forges/log';
import { createAdapter } from '../src/forges/registry';
import { Transport } from '../src/forges/transport';
import { measurePhase, refreshLikeExtension, thousands, type PhaseFigures } from './lib/measure';
import { emitMarkdown } from './lib/report';
import { RemoteForge } from './lib/remoteForge';
import { BENCH_TOKEN, SIMULATED_REPO } from './lib/scenarios';
import { NaiveClient } from './naive';
import { prng } from './lib/prng';

const USERS = 10_000;
const FOCUSED_SHARE = 0.3;
/** Mean length of a focused spell; the unfocused spell's mean follows from the share (14 min). */
const FOCUSED_MEAN_S = 6 * 60;
const UNFOCUSED_MEAN_S = Math.round((FOCUSED_MEAN_S * (1 - FOCUSED_SHARE)) / FOCUSED_SHARE);
const POLL_INTERVAL_S = 30;
/** An hour to let the windows' phases spread, then the hour that is measured. */
const WARM_UP_S = 3600;
const MEASURED_S = 3600;
const SEED = 20_240_901;

interface PollShape {
  readonly settled: PhaseFigures;
  readonly pollIntervalMs: number;
}

/** One settled poll of a demo-shaped MR on the fake GitLab, by MR Gates (after a cold refresh) and by the naive client. */
async function measurePolls(): Promise<{ ours: PollShape; naive: PhaseFigures }> {
  const forge = await RemoteForge.start(SIMULATED_REPO.id, 0);
  try {
    const repos = forge.repos;
    const transport = new Transport({}, silentLog);
    const adapter = createAdapter('gitlab', forge.origin, { token: BENCH_TOKEN, transport, log: silentLog });
    await refreshLikeExtension(adapter, repos);
    let pollIntervalMs = 0;
    const settled = await measurePhase(forge, async () => {
      const read = await refreshLikeExtension(adapter, repos);
      pollIntervalMs = read.pollIntervalMs;
      return read;
    });
    transport.dispose();
    const naive = new NaiveClient('gitlab', forge.origin, BENCH_TOKEN);
    const naiveFigures = await measurePhase(forge, async () => {
      const gates = await naive.refreshAll(repos);
      return { checks: gates.reduce((n, g) => n + g.checks, 0), findings: gates.reduce((n, g) => n + g.findings, 0) };
    });
    return { ours: { settled, pollIntervalMs }, naive: naiveFigures };
  } finally {
    await forge.close();
  }
}

interface Tally {
  /** Requests per second of the measured hour. */
  readonly perSecond: Float64Array;
  requests: number;
  fromUnfocused: number;
}

const tally = (): Tally => ({ perSecond: new Float64Array(MEASURED_S), requests: 0, fromUnfocused: 0 });

function record(t: Tally, at: number, requests: number, focused: boolean): void {
  if (at < WARM_UP_S || at >= WARM_UP_S + MEASURED_S) return;
  t.perSecond[Math.floor(at - WARM_UP_S)] += requests;
  t.requests += requests;
  if (!focused) t.fromUnfocused += requests;
}

/**
 * Every window on its own (they do not interact): focus alternates in exponential spells; MR Gates'
 * poller runs only in focused spells, the naive poller at a fixed phase all the time.
 */
function simulate(oursPerPoll: number, naivePerPoll: number, intervalS: number): { ours: Tally; naive: Tally; focusedWindowSeconds: number } {
  const random = prng(SEED);
  const exponential = (mean: number): number => -mean * Math.log(1 - random());
  const ours = tally();
  const naive = tally();
  const end = WARM_UP_S + MEASURED_S;
  let focusedWindowSeconds = 0;
  for (let w = 0; w < USERS; w++) {
    let focused = random() < FOCUSED_SHARE;
    // The last poll, before the simulation starts: windows are not in step.
    let lastRun = -random() * intervalS;
    let naiveNext = random() * POLL_INTERVAL_S;
    for (let t = 0; t < end; ) {
      const spellEnd = Math.min(end, t + exponential(focused ? FOCUSED_MEAN_S : UNFOCUSED_MEAN_S));
      if (focused) {
        focusedWindowSeconds += Math.max(0, Math.min(spellEnd, end) - Math.max(t, WARM_UP_S));
        // Poller.setActive(true): at once if overdue, else when due; then every interval until focus goes.
        for (let next = t - lastRun >= intervalS ? t : lastRun + intervalS; next < spellEnd; next += intervalS) {
          record(ours, next, oursPerPoll, true);
          lastRun = next;
        }
      }
      for (; naiveNext < spellEnd; naiveNext += POLL_INTERVAL_S) record(naive, naiveNext, naivePerPoll, focused);
      t = spellEnd;
      focused = !focused;
    }
  }
  return { ours, naive, focusedWindowSeconds };
}

const rate = (n: number): string => (n === 0 ? '0' : n >= 100 ? thousands(Math.round(n)) : n.toFixed(2));

async function main(): Promise<void> {
  const { ours, naive } = await measurePolls();
  const intervalS = Math.max(POLL_INTERVAL_S, ours.pollIntervalMs / 1000);
  const sim = simulate(ours.settled.requests, naive.requests, intervalS);
  const focusedWindows = sim.focusedWindowSeconds / MEASURED_S;
  const perSourcePer30s = (t: Tally, sources: number): string => (t.requests / sources / (sim.focusedWindowSeconds / POLL_INTERVAL_S)).toFixed(2);
  const fullShare = (ours.settled.requests - ours.settled.notModified) / ours.settled.requests;
  const poll = (f: PhaseFigures) => `${f.requests} requests to ${f.sources} sources${f.notModified ? `, ${f.notModified} answered 304` : ''}`;
  const rows: [string, string, string][] = [
    ['one poll of the settled MR (measured: real adapter / bench/naive.ts on the fake GitLab)', poll(ours.settled), poll(naive)],
    ['requests per second at the forge, mean over the hour', rate(sim.ours.requests / MEASURED_S), rate(sim.naive.requests / MEASURED_S)],
    ['of which full answers (not 304)', rate((sim.ours.requests * fullShare) / MEASURED_S), rate(sim.naive.requests / MEASURED_S)],
    ['busiest second', thousands(Math.max(...sim.ours.perSecond)), thousands(Math.max(...sim.naive.perSecond))],
    ['requests per source per 30 s per focused window (goal ≤ 1)', perSourcePer30s(sim.ours, ours.settled.sources), perSourcePer30s(sim.naive, naive.sources)],
    ['requests per second from unfocused windows (goal 0)', rate(sim.ours.fromUnfocused / MEASURED_S), rate(sim.naive.fromUnfocused / MEASURED_S)],
  ];
  const lines = [
    `${thousands(USERS)} users of one self-managed GitLab, one window each with one repository whose MR has settled (the demo shape); focus comes and goes in exponential spells (mean ${FOCUSED_MEAN_S / 60} min focused, ${UNFOCUSED_MEAN_S / 60} min not), ${FOCUSED_SHARE * 100} % focused on average (${thousands(Math.round(focusedWindows))} windows in the measured hour); one simulated hour after an hour of warm-up, seed ${SEED}. MR Gates polls every ${intervalS} s while focused (src/state/poller.ts); the naive poller every ${POLL_INTERVAL_S} s regardless. Polls are instants in the model: the extension counts its 30 s from the end of a poll, so it polls a little less often than this.`,
    '',
    '| figure | MR Gates | naive 30 s poller |',
    '|---|---|---|',
    ...rows.map(([figure, a, b]) => `| ${figure} | ${a} | ${b} |`),
  ];
  emitMarkdown('4-simulation.md', lines.join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
