// Line numbers of an old version of a file → line numbers of the current file, through a unified diff.
// A check reports findings for a commit; when the working tree differs, each finding is moved the way
// the SARIF Viewer does: a line that still exists moves to its new number, a removed (or changed) line
// is reported as deleted, with the place where it used to be.
// Pure: the caller gets the diff text from git (`git diff <sha> -- <path>`, `repository.diffBetween`).

export type HunkLineKind = ' ' | '-' | '+';

export interface HunkLine {
  readonly kind: HunkLineKind;
  readonly text: string;
}

/** One `@@ -oldStart,oldLines +newStart,newLines @@` hunk, with the counts as the header gives them. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly HunkLine[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks of a unified diff, in the order given. Everything outside a hunk (`diff --git`, `index`,
 * `---`/`+++`, `Binary files … differ`, junk) is ignored; `\ No newline at end of file` is skipped; a
 * count left out (`@@ -1 +1 @@`) is 1. A hunk ends when its counts are used up, so a removed line that
 * reads `-- x` is never taken for a `--- ` header; it also ends early at a line no hunk can hold.
 * Lines may end in CRLF. An empty line inside a hunk is an empty context line (some tools strip the space).
 * The diff should be of one file: the hunks of several files are returned together.
 */
export function parseUnifiedDiff(text: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: { header: Omit<Hunk, 'lines'>; lines: HunkLine[]; oldLeft: number; newLeft: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (current && (current.oldLeft > 0 || current.newLeft > 0)) {
      const kind = line === '' ? ' ' : line[0];
      if (kind === '\\') continue;
      const fits = (kind === ' ' && current.oldLeft > 0 && current.newLeft > 0) || (kind === '-' && current.oldLeft > 0) || (kind === '+' && current.newLeft > 0);
      if (fits) {
        current.lines.push({ kind: kind as HunkLineKind, text: line.slice(1) });
        if (kind !== '+') current.oldLeft--;
        if (kind !== '-') current.newLeft--;
        continue;
      }
      current = undefined; // A truncated hunk: the line is read again as a line outside hunks.
    }
    const header = HUNK_HEADER.exec(line);
    if (!header) continue;
    const count = (value: string | undefined): number => (value === undefined ? 1 : Number(value));
    const hunkHeader = { oldStart: Number(header[1]), oldLines: count(header[2]), newStart: Number(header[3]), newLines: count(header[4]) };
    current = { header: hunkHeader, lines: [], oldLeft: hunkHeader.oldLines, newLeft: hunkHeader.newLines };
    hunks.push({ ...hunkHeader, lines: current.lines });
  }
  return hunks;
}

export type LineStatus = 'unchanged' | 'moved' | 'deleted';
export type RangeStatus = LineStatus | 'partlyDeleted';

export interface MappedLine {
  /** The new line; for a deleted line, the same as `nearest`. */
  readonly line: number;
  readonly status: LineStatus;
  /** Only for a deleted line: the new line where it used to be (≥ 1; may be past the end of the new file). */
  readonly nearest?: number;
}

export interface MappedRange {
  readonly start: number;
  readonly end: number;
  readonly status: RangeStatus;
}

/** A run of old lines inside a hunk that were either all kept or all removed. */
interface Run {
  readonly oldFirst: number;
  readonly oldEnd: number; // exclusive
  /** Kept: the new line of `oldFirst`. Removed: the new line where the run used to be. */
  readonly newFirst: number;
  readonly removed: boolean;
  /** Removed: how many lines were added in their place (a changed block), which spread `nearest`. */
  readonly added: number;
  /** How many old lines were removed before `oldFirst`, over the whole file. */
  readonly removedBefore: number;
}

/** The old lines one hunk covers, its runs, and the shift of every line after it. */
interface Span {
  readonly oldFirst: number;
  readonly oldEnd: number; // exclusive; equal to oldFirst for a hunk that only adds lines
  readonly deltaAfter: number;
  readonly removedBefore: number;
  readonly removedAfter: number; // removedBefore + the lines this hunk removes
  readonly runs: readonly Run[];
}

/** The last index whose `oldFirst` is ≤ line, or -1. */
function lastAtOrBefore(items: ReadonlyArray<{ readonly oldFirst: number }>, line: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (items[middle].oldFirst <= line) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

type Located = { readonly kind: 'kept'; readonly line: number } | { readonly kind: 'removed'; readonly run: Run; readonly nearest: number };

/**
 * Maps 1-based lines of the old file to the new file. Built in time linear in the diff; each lookup is
 * a binary search over the hunks, then over the runs of one hunk. No per-line table of the file is kept.
 */
export class LineMap {
  private constructor(private readonly spans: readonly Span[]) {}

  static identity(): LineMap {
    return new LineMap([]);
  }

  static fromDiff(text: string): LineMap {
    return LineMap.fromHunks(parseUnifiedDiff(text));
  }

  static fromHunks(hunks: readonly Hunk[]): LineMap {
    const ordered = [...hunks].sort((a, b) => a.oldStart - b.oldStart);
    const spans: Span[] = [];
    let removedTotal = 0;
    for (const hunk of ordered) {
      // `-5,0` means "after line 5": the first line a hunk touches is the next one. Same for `+0,0`.
      let oldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
      let newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
      const oldFirst = oldLine;
      const removedBefore = removedTotal;
      const runs: Run[] = [];
      let index = 0;
      while (index < hunk.lines.length) {
        if (hunk.lines[index].kind === ' ') {
          const first = oldLine;
          const newFirst = newLine;
          const start = index;
          while (index < hunk.lines.length && hunk.lines[index].kind === ' ') index++;
          oldLine += index - start;
          newLine += index - start;
          runs.push({ oldFirst: first, oldEnd: oldLine, newFirst, removed: false, added: 0, removedBefore: removedTotal });
          continue;
        }
        // A changed block: every `-` and `+` up to the next context line.
        let removed = 0;
        let added = 0;
        while (index < hunk.lines.length && hunk.lines[index].kind !== ' ') {
          if (hunk.lines[index].kind === '-') removed++;
          else added++;
          index++;
        }
        if (removed > 0) runs.push({ oldFirst: oldLine, oldEnd: oldLine + removed, newFirst: newLine, removed: true, added, removedBefore: removedTotal });
        oldLine += removed;
        newLine += added;
        removedTotal += removed;
      }
      spans.push({ oldFirst, oldEnd: oldLine, deltaAfter: newLine - oldLine, removedBefore, removedAfter: removedTotal, runs });
    }
    return new LineMap(spans);
  }

  /** Where old line `oldLine` (1-based) is now. A line no hunk reaches (0, negative) shifts like its neighbours; NaN passes through. */
  map(oldLine: number): MappedLine {
    if (!Number.isFinite(oldLine)) return { line: oldLine, status: 'unchanged' };
    const located = this.locate(oldLine);
    if (located.kind === 'removed') return { line: located.nearest, status: 'deleted', nearest: located.nearest };
    return { line: located.line, status: located.line === oldLine ? 'unchanged' : 'moved' };
  }

  /**
   * Where old lines `start`–`end` are now. When some were removed, the range shrinks to the first and
   * last surviving lines (`partlyDeleted`); when all were, it covers where they used to be (`deleted`).
   * An end before the start is read as the start (as clampRange does).
   */
  mapRange(start: number, end: number): MappedRange {
    if (!Number.isFinite(start)) return { start, end, status: 'unchanged' };
    const last = end >= start ? end : start;
    const removed = this.removedBefore(last + 1) - this.removedBefore(start);
    if (removed === 0) {
      const first = this.map(start).line;
      const final = this.map(last).line;
      return { start: first, end: final, status: first === start && final === last ? 'unchanged' : 'moved' };
    }
    if (removed >= last - start + 1) {
      const first = this.map(start).line;
      return { start: first, end: Math.max(first, this.map(last).line), status: 'deleted' };
    }
    // Skip removed runs inwards from both ends; each step passes a whole run, so this ends quickly.
    let from = this.locate(start);
    while (from.kind === 'removed') from = this.locate(from.run.oldEnd);
    let to = this.locate(last);
    while (to.kind === 'removed') to = this.locate(to.run.oldFirst - 1);
    return { start: from.line, end: to.line, status: 'partlyDeleted' };
  }

  private locate(oldLine: number): Located {
    const spanIndex = lastAtOrBefore(this.spans, oldLine);
    if (spanIndex < 0) return { kind: 'kept', line: oldLine };
    const span = this.spans[spanIndex];
    const run = oldLine < span.oldEnd ? span.runs[lastAtOrBefore(span.runs, oldLine)] : undefined;
    if (!run || oldLine >= run.oldEnd) return { kind: 'kept', line: oldLine + span.deltaAfter };
    if (!run.removed) return { kind: 'kept', line: run.newFirst + (oldLine - run.oldFirst) };
    // A changed block's i-th removed line was where its i-th added line is; past those, at the last one.
    const spread = Math.min(oldLine - run.oldFirst, Math.max(run.added - 1, 0));
    return { kind: 'removed', run, nearest: Math.max(1, run.newFirst + spread) };
  }

  /** How many old lines before `oldLine` were removed. */
  private removedBefore(oldLine: number): number {
    const spanIndex = lastAtOrBefore(this.spans, oldLine);
    if (spanIndex < 0) return 0;
    const span = this.spans[spanIndex];
    if (oldLine >= span.oldEnd) return span.removedAfter;
    const run = span.runs[lastAtOrBefore(span.runs, oldLine)];
    if (!run) return span.removedBefore;
    if (oldLine >= run.oldEnd) return run.removedBefore + (run.removed ? run.oldEnd - run.oldFirst : 0);
    return run.removedBefore + (run.removed ? oldLine - run.oldFirst : 0);
  }
}
