// Shared by the side-by-side benchmark and the simulation: a refresh as the extension runs it, and the
// figures of one refresh as the forge saw them (with its round trip).
import type { ForgeAdapter } from '../../src/forges/forge';
import { readGates } from '../../src/state/gateReads';
import type { GateEntry } from '../../src/state/repoEntry';
import type { RemoteForge } from './remoteForge';
import { BENCH_TOKEN, type Repo } from './scenarios';

/** What a refresh read: checks listed and findings, summed over the gates. */
export interface ReadTotals {
  readonly checks: number;
  readonly findings: number;
  /** When the checks were first shown, before their findings had come (a first read of many annotated runs). */
  readonly checksShownMs?: number;
}

/** Per adapter (one per origin and token, as the extension keeps it), per repository: the gates shown. */
const shownByAdapter = new WeakMap<ForgeAdapter, Map<string, readonly GateEntry[]>>();

/**
 * One refresh of these repositories as src/state/refresher.ts runs it: for each repository, the project
 * in parallel with readGates (src/state/gateReads.ts: the MR list, and beside it the gates shown after
 * the last refresh through the same adapter), repositories in parallel.
 */
export async function refreshLikeExtension(adapter: ForgeAdapter, repos: readonly Repo[]): Promise<ReadTotals & { pollIntervalMs: number }> {
  const shown = shownByAdapter.get(adapter) ?? new Map<string, readonly GateEntry[]>();
  shownByAdapter.set(adapter, shown);
  const signal = new AbortController().signal;
  const started = performance.now();
  let checksShownMs: number | undefined;
  const onPartial = () => (checksShownMs ??= performance.now() - started);
  const one = async (repo: Repo) => {
    const [, entries] = await Promise.all([
      adapter.getProject(repo.path),
      readGates(adapter, { projectPath: repo.path, branch: repo.branch, withFindings: true, signal, shown: shown.get(repo.path) ?? [], onPartial }),
    ]);
    shown.set(repo.path, entries);
    return entries.flatMap((entry) => (entry.gate ? [entry.gate] : []));
  };
  const gates = (await Promise.all(repos.map(one))).flat();
  return {
    checks: gates.reduce((n, g) => n + g.checks.length, 0),
    findings: gates.reduce((n, g) => n + g.findings.length, 0),
    pollIntervalMs: Math.max(0, ...gates.map((g) => g.pollIntervalMs ?? 0)),
    checksShownMs,
  };
}

export interface PhaseFigures {
  readonly wallMs: number;
  /** Requests the forge received. */
  readonly requests: number;
  readonly notModified: number;
  /** Requests the forge counted against a limit; undefined when it does not say (Gitee). */
  readonly counted?: number;
  /** How long the forge took to answer, on average, beyond the RTT (its own work, and its queue). */
  readonly forgeMs: number;
  /** Distinct endpoints read (method, path and query, pages of one list counted once). */
  readonly sources: number;
  /** Every request target, normalised (query sorted), to compare what two clients read. */
  readonly reads: readonly string[];
  readonly read: ReadTotals;
}

function normalised(target: string, dropPage: boolean): string {
  const url = new URL(target, 'http://x');
  url.searchParams.sort();
  if (dropPage) url.searchParams.delete('page');
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/** GitHub's count of rate-limited requests so far, read outside the measured refresh (the read itself counts one). */
async function githubUsed(forge: RemoteForge): Promise<number> {
  const response = await fetch(`${forge.apiBase}/user`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  await response.arrayBuffer();
  return Number(response.headers.get('x-ratelimit-used'));
}

/** Runs one refresh and reads what the forge saw of it (its timed answers). */
export async function measurePhase(forge: RemoteForge, refresh: () => Promise<ReadTotals>): Promise<PhaseFigures> {
  const usedBefore = forge.kind === 'github' ? await githubUsed(forge) : 0;
  await forge.clear();
  const started = performance.now();
  const read = await refresh();
  const wallMs = performance.now() - started;
  const exchanges = await forge.exchanges();
  const requests = exchanges.length;
  const counted = forge.kind === 'github' ? (await githubUsed(forge)) - usedBefore - 1 : forge.kind === 'gitlab' ? requests : undefined;
  return {
    wallMs,
    requests,
    notModified: exchanges.filter((e) => e.status === 304).length,
    counted,
    forgeMs: exchanges.reduce((sum, e) => sum + e.answeredAt - e.receivedAt - forge.rttMs, 0) / Math.max(1, requests),
    sources: new Set(exchanges.map((e) => `${e.method} ${normalised(e.target, true)}`)).size,
    reads: exchanges.map((e) => `${e.method} ${normalised(e.target, false)}`).sort(),
    read: { checks: read.checks, findings: read.findings, checksShownMs: read.checksShownMs },
  };
}

export function median<T>(values: readonly T[], by: (value: T) => number): T {
  return [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)];
}

export function sameReads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export const thousands = (n: number): string => n.toLocaleString('en');
