// Forge line/column numbers (1-based, end column inclusive) → editor positions (0-based, end exclusive).
// Reports are often older than the file on disk, so every number is clamped into the document.

/** Where a forge says a finding is. Numbers may be missing or junk when they come from a loose report. */
export interface ReportedSpan {
  readonly startLine?: number | null;
  readonly endLine?: number | null;
  readonly startColumn?: number | null;
  readonly endColumn?: number | null;
}

/**
 * Why the range is not exactly what the forge reported:
 * - `lineAfterEnd`: a line past the end of the file (the file probably changed since the report);
 * - `lineBeforeStart`: line 0 or negative;
 * - `lineMissing`: no usable start line (missing, NaN), so the finding sits on line 1.
 */
export type RangeNote = 'lineAfterEnd' | 'lineBeforeStart' | 'lineMissing';

export interface EditorRange {
  readonly startLine0: number;
  readonly startCol0: number;
  readonly endLine0: number;
  readonly endCol0: number;
  readonly note?: RangeNote;
}

/**
 * The end column of a whole line when the line's length is unknown. VS Code clamps a position to
 * the line; this stays within the 2^30 "small integer" range the editor uses internally.
 */
export const END_OF_LINE = 0x3fffffff;

type LineCheck = { readonly line: number; readonly note?: RangeNote };

/** A usable 1-based line, or undefined when the value is missing or not a number. */
function readLine(value: number | null | undefined): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  return Math.trunc(value);
}

function clampLine(line: number, lineCount: number): LineCheck {
  if (line < 1) return { line: 1, note: 'lineBeforeStart' };
  if (line > lineCount) return { line: lineCount, note: 'lineAfterEnd' };
  return { line };
}

/** A usable 1-based column, or undefined. */
function readColumn(value: number | null | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const column = Math.trunc(value);
  return column >= 1 ? column : undefined;
}

// When several things are off, the note that best explains a misplaced diagnostic wins.
const NOTE_PRIORITY: readonly RangeNote[] = ['lineAfterEnd', 'lineMissing', 'lineBeforeStart'];

function firstNote(notes: ReadonlyArray<RangeNote | undefined>): RangeNote | undefined {
  return NOTE_PRIORITY.find((note) => notes.includes(note));
}

/**
 * Converts a forge span into an editor range inside a document of `lineCount` lines.
 * Columns count only on a single-line span that needed no clamping; otherwise whole lines are
 * covered, to the end line's length (`lineLength`, 0-based line) or END_OF_LINE.
 * An end line before the start line is ignored (the span becomes the start line).
 */
export function clampRange(span: ReportedSpan, lineCount: number, lineLength?: (line0: number) => number): EditorRange {
  const lines = Number.isFinite(lineCount) && lineCount >= 1 ? Math.trunc(lineCount) : 1;

  const reportedStart = readLine(span.startLine);
  const start: LineCheck = reportedStart === undefined ? { line: 1, note: 'lineMissing' } : clampLine(reportedStart, lines);

  // A missing end line means a single-line span; a reversed one is junk and collapses to the start.
  const givenEnd = readLine(span.endLine) ?? reportedStart;
  const end: LineCheck =
    reportedStart === undefined || givenEnd === undefined || givenEnd < reportedStart ? start : clampLine(givenEnd, lines);

  const note = firstNote([start.note, end.note]);
  const startLine0 = start.line - 1;
  const endLine0 = end.line - 1;
  const measured = lineLength ? lineLength(endLine0) : Number.NaN;
  const endOfLine = Number.isFinite(measured) ? Math.max(0, measured) : END_OF_LINE;
  const wholeLines: EditorRange = { startLine0, startCol0: 0, endLine0, endCol0: endOfLine, ...(note ? { note } : {}) };

  const singleExactLine = note === undefined && reportedStart !== undefined && givenEnd === reportedStart;
  if (!singleExactLine) return wholeLines;

  const startColumn = readColumn(span.startColumn);
  const endColumn = readColumn(span.endColumn);
  const startCol0 = startColumn === undefined ? 0 : startColumn - 1;
  // The forge's end column is inclusive and 1-based, which is exactly the 0-based exclusive end.
  const endCol0 = endColumn === undefined || endColumn - 1 < startCol0 ? endOfLine : Math.min(endColumn, endOfLine);
  // A start column past the end of the line means the line changed since the report.
  if (startCol0 > endOfLine) return wholeLines;
  return { startLine0, startCol0, endLine0, endCol0 };
}
