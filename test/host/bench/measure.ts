// Figures of the host benchmark: samples, their median and range, the rows of the table, and an
// optional CPU profile (node:inspector inside the extension host) summarised by self time.
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';

export interface Row {
  readonly figure: string;
  readonly value: string;
}

export const rows: Row[] = [];

/** Progress for the runner, which prints workbench log lines that start with `[bench]`. */
export function say(message: string): void {
  console.log(`[bench] ${message}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value: number): string {
  if (value >= 100) return `${Math.round(value).toLocaleString('en')} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** "123 ms (range 98–140 ms, median of 5)" */
export function spread(samples: readonly number[]): string {
  return `${ms(median(samples))} (range ${ms(Math.min(...samples))}–${ms(Math.max(...samples))}, median of ${samples.length})`;
}

export function addRow(figure: string, value: string): void {
  rows.push({ figure, value });
  say(`${figure}: ${value}`);
}

/** Runs `sample` n times (each resolves with its own measured milliseconds) and adds the row. */
export async function sampled(figure: string, n: number, sample: (i: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await sample(i));
  addRow(figure, spread(samples));
  return samples;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const profileDir = process.env.MR_GATES_BENCH_PROFILE_DIR;
let session: inspector.Session | undefined;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

export const profiling = (): boolean => !!profileDir;

/**
 * With MR_GATES_BENCH_PROFILE_DIR set: profiles `work` (untimed: profiling slows it down), writes
 * `<name>.cpuprofile` there and appends the top functions by self time to its summary.txt.
 */
export async function profile(name: string, work: () => Promise<void>): Promise<void> {
  if (!profileDir) return;
  if (!session) {
    session = new inspector.Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
  }
  await post('Profiler.start');
  const started = performance.now();
  try {
    await work();
  } finally {
    const wallMs = performance.now() - started;
    const { profile: result } = await post<{ profile: Profile }>('Profiler.stop');
    fs.mkdirSync(profileDir, { recursive: true });
    fs.writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(result));
    fs.appendFileSync(path.join(profileDir, 'summary.txt'), `${summarise(name, result, wallMs)}\n`);
    say(`profiled ${name} (${ms(wallMs)} with the profiler on)`);
  }
}

/** Self time per function (name and place), the top 25, and where the wall time went by file. */
function summarise(name: string, result: Profile, wallMs: number): string {
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  result.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (result.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, time] of self) {
    const frame = byId.get(id)?.callFrame;
    // Idle time, and the profiler's own work when it stops, are no cost of MR Gates.
    if (!frame || frame.functionName === '(idle)' || frame.url === 'node:inspector') continue;
    const file = frame.url ? frame.url.replace(/^.*\/(node_modules|out|dist|lib)\//, '$1/') : '(native/vm)';
    const key = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
    byFile.set(file, (byFile.get(file) ?? 0) + time);
    total += time;
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, time]) => `  ${time.toFixed(1).padStart(8)} ms  ${((time / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
  return [`== ${name}: ${ms(wallMs)} wall with the profiler on, ${ms(total)} of samples on the extension host's thread (idle excluded)`, '-- self time by function', ...top(byFunction, 25), '-- self time by file', ...top(byFile, 8), ''].join('\n');
}
