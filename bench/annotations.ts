// Benchmark (not a test): the per-annotation CPU work before VS Code's DiagnosticCollection.set, in
// plain Node — path resolution (resolveInRepo), line mapping (LineMap) and clamping (clampRange).
// Prints a markdown table (and writes test-results/bench/2-annotations.md for bench/readme-table.mjs).
// Heap figures need `node --expose-gc`; without it they include garbage.
import * as path from 'node:path';
import { LineMap } from '../src/core/lineMap';
import { clampRange, type EditorRange } from '../src/core/lineMapping';
import { resolveInRepo } from '../src/core/repoPaths';
import { emitMarkdown } from './lib/report';
import { intPrng } from './lib/prng';

const CHECK_RUNS = 50;
const FILES = 1_000;
const ANNOTATIONS = 10_000;
const ROOT = path.resolve('bench-repo');

type SyntheticAnnotation = { readonly path: string; readonly startLine: number; readonly endLine: number; readonly startColumn?: number; readonly endColumn?: number };

const fileName = (file: number): string => `src/module${file % 40}/file${file}.ts`;
/** Line counts by relative path, as the publisher's cache of read files would have them. */
const LINE_COUNTS = new Map(Array.from({ length: FILES }, (_, file) => [fileName(file), 200 + ((file * 37) % 1800)]));
const lineLength = (line0: number): number => 20 + (line0 % 60);

/** 50 check runs × 200 annotations over 1,000 files; a third span several lines, the rest one line with columns. */
function syntheticRuns(): SyntheticAnnotation[][] {
  const random = intPrng(42);
  return Array.from({ length: CHECK_RUNS }, () =>
    Array.from({ length: ANNOTATIONS / CHECK_RUNS }, () => {
      const file = random(FILES);
      const startLine = 1 + random(LINE_COUNTS.get(fileName(file)) ?? 1);
      return random(3) === 0
        ? { path: fileName(file), startLine, endLine: startLine + random(8) }
        : { path: fileName(file), startLine, endLine: startLine, startColumn: 1 + random(20), endColumn: 21 + random(20) };
    }),
  );
}

/** What the publisher does per annotation, minus reading the file and building the vscode.Diagnostic. */
function mapAll(runs: readonly SyntheticAnnotation[][]): EditorRange[] {
  const out: EditorRange[] = [];
  const maps = new Map<string, LineMap>();
  for (const run of runs) {
    for (const annotation of run) {
      const resolved = resolveInRepo(ROOT, annotation.path);
      if (!resolved.ok) continue;
      let map = maps.get(resolved.absolute);
      if (!map) maps.set(resolved.absolute, (map = LineMap.identity()));
      const moved = map.mapRange(annotation.startLine, annotation.endLine);
      const lineCount = LINE_COUNTS.get(resolved.relative) ?? 1;
      out.push(clampRange({ ...annotation, startLine: moved.start, endLine: moved.end }, lineCount, lineLength));
    }
  }
  return out;
}

/** A `git diff` of a 5,000-line file: 20 lines inserted after line 10, and line 2,500 changed. */
function editDiff(): string {
  const context = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ` line ${from + i}`);
  return [
    'diff --git a/src/big.ts b/src/big.ts',
    'index 1111111..2222222 100644',
    '--- a/src/big.ts',
    '+++ b/src/big.ts',
    '@@ -8,6 +8,26 @@ export class Big {',
    ...context(8, 10),
    ...Array.from({ length: 20 }, (_, i) => `+inserted ${i}`),
    ...context(11, 13),
    '@@ -2497,7 +2517,7 @@ export class Big {',
    ...context(2497, 2499),
    '-line 2500',
    '+line 2500, edited',
    ...context(2501, 2503),
    '',
  ].join('\n');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

function main(): void {
  const rows: Array<[string, string]> = [];
  const runs = syntheticRuns();

  // (1) Mapping time: one cold pass, then the median of 5 warm ones.
  let started = performance.now();
  mapAll(runs);
  const coldMs = performance.now() - started;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    mapAll(runs);
    warm.push(performance.now() - started);
  }
  const warmMs = median(warm);
  const scope = `${ANNOTATIONS.toLocaleString('en')} annotations, ${FILES.toLocaleString('en')} files, ${CHECK_RUNS} check runs`;
  rows.push([`map ${scope} (resolveInRepo + LineMap identity + clampRange), cold`, `${coldMs.toFixed(2)} ms = ${((coldMs / ANNOTATIONS) * 1000).toFixed(3)} ms per 1,000`]);
  rows.push([`same, warm (median of 5)`, `${warmMs.toFixed(2)} ms = ${((warmMs / ANNOTATIONS) * 1000).toFixed(3)} ms per 1,000`]);

  // (2) Heap growth while the mapped ranges are held, as the publisher holds them until collection.set.
  const before = heapUsed();
  const kept = mapAll(runs);
  const growth = heapUsed() - before;
  const how = gc ? 'after global.gc()' : 'no --expose-gc: includes uncollected garbage';
  rows.push([`heap growth holding ${kept.length.toLocaleString('en')} mapped ranges (${how})`, `${(growth / 1024 / 1024).toFixed(2)} MB = ${Math.round(growth / kept.length)} bytes per annotation`]);

  // (3) Re-map after an edit: parse the diff, build the LineMap, map 500 annotations of the file.
  const diff = editDiff();
  const random = intPrng(7);
  const spans = Array.from({ length: 500 }, () => {
    const start = 1 + random(5_000);
    return [start, start + random(3)] as const;
  });
  const remaps: number[] = [];
  let changed = 0;
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    const map = LineMap.fromDiff(diff);
    changed = 0;
    for (const [start, end] of spans) if (map.mapRange(start, end).status !== 'unchanged') changed++;
    remaps.push(performance.now() - started);
  }
  const remapFigure = `${(median(remaps) * 1000).toFixed(1)} µs (fastest ${(Math.min(...remaps) * 1000).toFixed(1)} µs)`;
  rows.push([`re-map 500 annotations of a 5,000-line file after an edit (+20 lines near the top, 1 changed; ${changed} moved or deleted), median of 20`, remapFigure]);

  const table = ['| figure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)];
  emitMarkdown('2-annotations.md', [...table, '', `Node ${process.version}; ${gc ? 'run with --expose-gc' : 'run without --expose-gc'}.`].join('\n'));
}

main();
