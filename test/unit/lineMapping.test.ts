import * as assert from 'node:assert/strict';
import { END_OF_LINE, clampRange, type ReportedSpan } from '../../src/core/lineMapping';

// A 10-line document whose 0-based line n is 20 + n characters long.
const LINE_COUNT = 10;
const lineLength = (line0: number): number => 20 + line0;

suite('lineMapping: clampRange on lines', () => {
  test('a single 1-based line becomes that 0-based line, whole, to the line’s length', () => {
    assert.deepEqual(clampRange({ startLine: 3, endLine: 3 }, LINE_COUNT, lineLength), {
      startLine0: 2,
      startCol0: 0,
      endLine0: 2,
      endCol0: 22,
    });
  });

  test('without lineLength, a whole line ends at END_OF_LINE, which the editor clamps', () => {
    assert.deepEqual(clampRange({ startLine: 1, endLine: 1 }, LINE_COUNT), { startLine0: 0, startCol0: 0, endLine0: 0, endCol0: END_OF_LINE });
    assert.ok(END_OF_LINE > 1_000_000 && END_OF_LINE < 2 ** 31);
  });

  test('a multi-line span covers from the start of the first line to the end of the last', () => {
    assert.deepEqual(clampRange({ startLine: 2, endLine: 5 }, LINE_COUNT, lineLength), {
      startLine0: 1,
      startCol0: 0,
      endLine0: 4,
      endCol0: 24,
    });
  });

  test('the first and last lines of the file map to 0 and lineCount - 1 with no note', () => {
    const range = clampRange({ startLine: 1, endLine: LINE_COUNT }, LINE_COUNT, lineLength);
    assert.equal(range.startLine0, 0);
    assert.equal(range.endLine0, 9);
    assert.equal(range.note, undefined);
  });

  test('a line past the end of the file clamps to the last line with note lineAfterEnd', () => {
    assert.deepEqual(clampRange({ startLine: 42, endLine: 42 }, LINE_COUNT, lineLength), {
      startLine0: 9,
      startCol0: 0,
      endLine0: 9,
      endCol0: 29,
      note: 'lineAfterEnd',
    });
  });

  test('a span that starts inside and ends past the file keeps its start and ends on the last line', () => {
    const range = clampRange({ startLine: 8, endLine: 15 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startLine0, range.endLine0, range.endCol0, range.note], [7, 9, 29, 'lineAfterEnd']);
  });

  test('line 0 and negative lines become line 1 with note lineBeforeStart', () => {
    for (const line of [0, -1, -500]) {
      assert.deepEqual(clampRange({ startLine: line, endLine: line }, LINE_COUNT, lineLength), {
        startLine0: 0,
        startCol0: 0,
        endLine0: 0,
        endCol0: 20,
        note: 'lineBeforeStart',
      }, `line ${line}`);
    }
  });

  test('a span from line 0 to line 3 keeps its end', () => {
    const range = clampRange({ startLine: 0, endLine: 3 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startLine0, range.endLine0, range.note], [0, 2, 'lineBeforeStart']);
  });

  test('an end line before the start line collapses to the start line', () => {
    assert.deepEqual(clampRange({ startLine: 6, endLine: 2 }, LINE_COUNT, lineLength), {
      startLine0: 5,
      startCol0: 0,
      endLine0: 5,
      endCol0: 25,
    });
  });

  test('a missing or NaN start line goes to line 1 with note lineMissing', () => {
    const spans: ReportedSpan[] = [{}, { startLine: Number.NaN, endLine: Number.NaN }, { startLine: null, endLine: 4 }];
    for (const span of spans) {
      assert.deepEqual(clampRange(span, LINE_COUNT, lineLength), { startLine0: 0, startCol0: 0, endLine0: 0, endCol0: 20, note: 'lineMissing' });
    }
  });

  test('a wrong-typed line from loose JSON is treated as missing, not coerced', () => {
    const span = { startLine: '7', endLine: '7' } as unknown as ReportedSpan;
    assert.equal(clampRange(span, LINE_COUNT, lineLength).note, 'lineMissing');
  });

  test('a missing end line means a single-line span, and its columns still count', () => {
    assert.deepEqual(clampRange({ startLine: 4, startColumn: 3, endColumn: 6 }, LINE_COUNT, lineLength), {
      startLine0: 3,
      startCol0: 2,
      endLine0: 3,
      endCol0: 6,
    });
  });

  test('Infinity is past the end; -Infinity is before the start', () => {
    assert.equal(clampRange({ startLine: Infinity, endLine: Infinity }, LINE_COUNT).note, 'lineAfterEnd');
    assert.equal(clampRange({ startLine: Infinity, endLine: Infinity }, LINE_COUNT).startLine0, 9);
    assert.equal(clampRange({ startLine: -Infinity, endLine: 1 }, LINE_COUNT).note, 'lineBeforeStart');
  });

  test('fractional lines are truncated', () => {
    const range = clampRange({ startLine: 2.9, endLine: 3.1 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startLine0, range.endLine0], [1, 2]);
  });

  test('when both ends are off, lineAfterEnd wins over lineBeforeStart', () => {
    const range = clampRange({ startLine: -3, endLine: 99 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startLine0, range.endLine0, range.note], [0, 9, 'lineAfterEnd']);
  });

  test('an empty or nonsense line count is treated as a one-line document', () => {
    for (const count of [0, -4, Number.NaN]) {
      const range = clampRange({ startLine: 3, endLine: 3 }, count);
      assert.deepEqual([range.startLine0, range.endLine0, range.note], [0, 0, 'lineAfterEnd'], `lineCount ${count}`);
    }
  });
});

suite('lineMapping: clampRange on columns', () => {
  test('GitHub columns 5..10 (1-based, inclusive) become 4..10 (0-based, end exclusive)', () => {
    assert.deepEqual(clampRange({ startLine: 2, endLine: 2, startColumn: 5, endColumn: 10 }, LINE_COUNT, lineLength), {
      startLine0: 1,
      startCol0: 4,
      endLine0: 1,
      endCol0: 10,
    });
  });

  test('a one-character span (start column = end column) covers exactly that character', () => {
    const range = clampRange({ startLine: 2, endLine: 2, startColumn: 7, endColumn: 7 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [6, 7]);
  });

  test('columns are ignored when the span covers several lines', () => {
    const range = clampRange({ startLine: 2, endLine: 3, startColumn: 5, endColumn: 10 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [0, 22]);
  });

  test('columns are ignored when the line had to be clamped (they belong to another version of the file)', () => {
    const after = clampRange({ startLine: 50, endLine: 50, startColumn: 5, endColumn: 10 }, LINE_COUNT, lineLength);
    assert.deepEqual([after.startCol0, after.endCol0, after.note], [0, 29, 'lineAfterEnd']);
    const before = clampRange({ startLine: 0, endLine: 0, startColumn: 5, endColumn: 10 }, LINE_COUNT, lineLength);
    assert.deepEqual([before.startCol0, before.endCol0], [0, 20]);
  });

  test('null columns (GitHub sends start_column: null) mean the whole line', () => {
    const range = clampRange({ startLine: 2, endLine: 2, startColumn: null, endColumn: null }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [0, 21]);
  });

  test('only a start column: from it to the end of the line', () => {
    const range = clampRange({ startLine: 2, endLine: 2, startColumn: 5 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [4, 21]);
  });

  test('only an end column: from the start of the line to it', () => {
    const range = clampRange({ startLine: 2, endLine: 2, endColumn: 8 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [0, 8]);
  });

  test('an end column before the start column runs to the end of the line', () => {
    const range = clampRange({ startLine: 2, endLine: 2, startColumn: 9, endColumn: 3 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [8, 21]);
  });

  test('column 0, negative or NaN columns are ignored', () => {
    const range = clampRange({ startLine: 2, endLine: 2, startColumn: 0, endColumn: Number.NaN }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [0, 21]);
    const negative = clampRange({ startLine: 2, endLine: 2, startColumn: -4, endColumn: 6 }, LINE_COUNT, lineLength);
    assert.deepEqual([negative.startCol0, negative.endCol0], [0, 6]);
  });

  test('an end column past the end of the line is cut to the line’s length', () => {
    const range = clampRange({ startLine: 1, endLine: 1, startColumn: 15, endColumn: 400 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [14, 20]);
  });

  test('a start column just after the last character gives an empty range at the end of the line', () => {
    const range = clampRange({ startLine: 1, endLine: 1, startColumn: 21 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [20, 20]);
  });

  test('a start column beyond the end of the line falls back to the whole line', () => {
    const range = clampRange({ startLine: 1, endLine: 1, startColumn: 60, endColumn: 70 }, LINE_COUNT, lineLength);
    assert.deepEqual([range.startCol0, range.endCol0], [0, 20]);
  });

  test('without lineLength, columns are taken as given', () => {
    const range = clampRange({ startLine: 1, endLine: 1, startColumn: 60, endColumn: 70 }, LINE_COUNT);
    assert.deepEqual([range.startCol0, range.endCol0], [59, 70]);
  });

  test('lineLength is asked about the 0-based end line', () => {
    const asked: number[] = [];
    clampRange({ startLine: 3, endLine: 7 }, LINE_COUNT, (line0) => (asked.push(line0), 5));
    assert.deepEqual(asked, [6]);
  });

  test('a lineLength that returns junk falls back to END_OF_LINE', () => {
    const range = clampRange({ startLine: 2, endLine: 2 }, LINE_COUNT, () => Number.NaN);
    assert.equal(range.endCol0, END_OF_LINE);
  });
});
