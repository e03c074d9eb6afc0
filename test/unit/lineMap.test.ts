import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import * as path from 'node:path';
import { LineMap, parseUnifiedDiff } from '../../src/core/lineMap';

const lines = (...rows: string[]): string => rows.join('\n') + '\n';
const unchanged = (line: number) => ({ line, status: 'unchanged' });
const moved = (line: number) => ({ line, status: 'moved' });
const deleted = (nearest: number) => ({ line: nearest, status: 'deleted', nearest });

// Deterministic PRNG (mulberry32), so a failing seed can be replayed.
function prng(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** A random edit of a random file of unique lines; `survivors` maps each kept old index to its new index. */
function randomEdit(random: (below: number) => number, fresh: () => string) {
  const before = Array.from({ length: random(40) }, fresh);
  const after: string[] = [];
  const survivors = new Map<number, number>();
  const insert = () => {
    for (let n = random(4) === 0 ? 1 + random(3) : 0; n > 0; n--) after.push(fresh());
  };
  before.forEach((text, index) => {
    insert();
    const roll = random(10);
    if (roll < 6) survivors.set(index, after.push(text) - 1);
    else if (roll < 8) after.push(fresh()); // modified
  });
  insert();
  return { before, after, survivors };
}

/** Old index → new index of the lines a longest common subsequence keeps. */
function lcsMatches(before: readonly string[], after: readonly string[]): Map<number, number> {
  const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--)
    for (let j = after.length - 1; j >= 0; j--) table[i][j] = before[i] === after[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const matches = new Map<number, number>();
  for (let i = 0, j = 0; i < before.length && j < after.length; ) {
    if (before[i] === after[j]) matches.set(i++, j++);
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return matches;
}

/** A unified diff (git's header conventions, `context` lines around changes) built from `matches`. */
function unifiedDiff(before: readonly string[], after: readonly string[], matches: Map<number, number>, context: number): string {
  const ops: Array<{ kind: ' ' | '-' | '+'; text: string }> = [];
  let j = 0;
  before.forEach((text, i) => {
    const target = matches.get(i);
    if (target === undefined) return void ops.push({ kind: '-', text });
    while (j < target) ops.push({ kind: '+', text: after[j++] });
    ops.push({ kind: ' ', text });
    j++;
  });
  while (j < after.length) ops.push({ kind: '+', text: after[j++] });
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  let out = 'diff --git a/f b/f\n--- a/f\n+++ b/f\n';
  for (let k = 0; k < changed.length; ) {
    let last = k;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * context + 1) last++;
    const from = Math.max(0, changed[k] - context);
    const to = Math.min(ops.length, changed[last] + context + 1);
    const count = (kind: string, end: number) => ops.slice(0, end).filter((op) => op.kind !== kind).length;
    const [oldBefore, newBefore, oldCount, newCount] = [count('+', from), count('-', from), count('+', to) - count('+', from), count('-', to) - count('-', from)];
    out += `@@ -${oldCount ? oldBefore + 1 : oldBefore},${oldCount} +${newCount ? newBefore + 1 : newBefore},${newCount} @@\n`;
    out += ops.slice(from, to).map((op) => op.kind + op.text + '\n').join('');
    k = last + 1;
  }
  return out;
}

/** Checks every old line and a few ranges of a LineMap against the known survivors. */
function assertMapsLike(map: LineMap, oldLength: number, newLength: number, survivors: Map<number, number>, label: string): void {
  for (let i = 0; i < oldLength; i++) {
    const got = map.map(i + 1);
    const target = survivors.get(i);
    if (target !== undefined) {
      assert.deepEqual(got, target === i ? unchanged(i + 1) : moved(target + 1), `${label}: line ${i + 1}`);
      continue;
    }
    assert.equal(got.status, 'deleted', `${label}: line ${i + 1}`);
    // Where it used to be: after the new place of the survivor above, at most at that of the survivor below.
    const above = [...survivors].filter(([o]) => o < i).map(([, n]) => n + 1).pop() ?? 0;
    const below = [...survivors].find(([o]) => o > i)?.[1] ?? newLength;
    assert.ok(got.nearest! > above && got.nearest! <= below + 1, `${label}: nearest ${got.nearest} of line ${i + 1} not in (${above}, ${below + 1}]`);
  }
  for (let start = 1; start <= oldLength; start += 3) {
    const end = Math.min(oldLength, start + 4);
    const kept = Array.from({ length: end - start + 1 }, (_, k) => survivors.get(start - 1 + k)).filter((n) => n !== undefined);
    const range = map.mapRange(start, end);
    if (kept.length === 0) assert.equal(range.status, 'deleted', `${label}: range ${start}-${end}`);
    else {
      const status = kept.length < end - start + 1 ? 'partlyDeleted' : kept[0] === start - 1 && kept.at(-1) === end - 1 ? 'unchanged' : 'moved';
      assert.deepEqual(range, { start: kept[0] + 1, end: kept.at(-1)! + 1, status }, `${label}: range ${start}-${end}`);
    }
  }
}

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  // `git diff --no-index` exits with 1 when the files differ.
  if (result.status !== 0 && result.status !== 1) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

suite('lineMap: parseUnifiedDiff', () => {
  test('reads the header counts and each line’s kind and text', () => {
    const hunks = parseUnifiedDiff('@@ -3,3 +3,3 @@ function f() {\n a\n-b\n+B\n c\n');
    assert.deepEqual(hunks, [
      { oldStart: 3, oldLines: 3, newStart: 3, newLines: 3, lines: [{ kind: ' ', text: 'a' }, { kind: '-', text: 'b' }, { kind: '+', text: 'B' }, { kind: ' ', text: 'c' }] },
    ]);
  });

  test('a header without counts means one line on each side', () => {
    assert.deepEqual(parseUnifiedDiff('@@ -1 +1 @@\n-x\n+y\n'), [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [{ kind: '-', text: 'x' }, { kind: '+', text: 'y' }] }]);
    assert.deepEqual(parseUnifiedDiff('@@ -4 +4,2 @@\n x\n+y\n')[0].lines.length, 2);
  });

  test('a new file is one hunk from -0,0; a deleted file one hunk to +0,0', () => {
    assert.deepEqual(parseUnifiedDiff('--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+a\n+b\n'), [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, lines: [{ kind: '+', text: 'a' }, { kind: '+', text: 'b' }] }]);
    assert.deepEqual(parseUnifiedDiff('@@ -1,2 +0,0 @@\n-a\n-b\n')[0].lines.map((l) => l.kind), ['-', '-']);
  });

  test('several hunks keep their order; headers, index lines, binary notices and junk are ignored', () => {
    const text = 'diff --git a/f b/f\nindex 1234567..89abcde 100644\n--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n a\n+n\nsome junk\n@@ -9,1 +10,0 @@\n-z\n';
    assert.deepEqual(parseUnifiedDiff(text).map((h) => [h.oldStart, h.newStart, h.lines.length]), [[1, 1, 2], [9, 10, 1]]);
    assert.deepEqual(parseUnifiedDiff('diff --git a/x.png b/x.png\nindex 1..2 100644\nBinary files a/x.png and b/x.png differ\n'), []);
    assert.deepEqual(parseUnifiedDiff(''), []);
    assert.deepEqual(parseUnifiedDiff('@@ not a header @@\n+a\n'), []);
  });

  test('“\\ No newline at end of file” is skipped and does not use up a count', () => {
    const hunks = parseUnifiedDiff('@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n@@ -9 +9 @@\n-x\n+y\n');
    assert.deepEqual(hunks[0].lines.map((l) => l.kind + l.text), [' a', '-b', '+b']);
    assert.equal(hunks.length, 2);
  });

  test('CRLF line ends parse like LF, with no carriage return left in the text', () => {
    const text = 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+n\n b\n';
    assert.deepEqual(parseUnifiedDiff(text.replace(/\n/g, '\r\n')), parseUnifiedDiff(text));
    assert.equal(parseUnifiedDiff(text.replace(/\n/g, '\r\n'))[0].lines[2].text, 'b');
  });

  test('a removed “-- x” or added “++ y” line stays in its hunk though it looks like a file header', () => {
    const hunks = parseUnifiedDiff('@@ -1,2 +1,2 @@\n--- x\n+++ y\n a\n');
    assert.deepEqual(hunks[0].lines, [{ kind: '-', text: '-- x' }, { kind: '+', text: '++ y' }, { kind: ' ', text: 'a' }]);
  });

  test('a truncated hunk ends at the first line it cannot hold; an empty line is empty context', () => {
    const hunks = parseUnifiedDiff('@@ -1,5 +1,5 @@\n a\n\n-b\ndiff --git a/g b/g\n@@ -7 +7 @@\n-c\n+d\n');
    assert.deepEqual(hunks[0].lines.map((l) => l.kind + l.text), [' a', ' ', '-b']);
    assert.equal(hunks[1].oldStart, 7);
    // More removed lines than the header counts: the hunk ends at the first one too many.
    assert.deepEqual(parseUnifiedDiff('@@ -1 +1,2 @@\n-a\n-b\n+c\n+d\n')[0].lines.map((l) => l.kind + l.text), ['-a']);
  });
});

suite('lineMap: LineMap', () => {
  test('identity, and a diff with no hunks, map every line and range to itself', () => {
    for (const map of [LineMap.identity(), LineMap.fromDiff('Binary files a/x and b/x differ\n')]) {
      assert.deepEqual(map.map(17), unchanged(17));
      assert.deepEqual(map.mapRange(3, 9), { start: 3, end: 9, status: 'unchanged' });
    }
  });

  test('lines inserted above move a line down; below leave it; inside a range stretch it', () => {
    const map = LineMap.fromDiff(lines('@@ -5,2 +5,4 @@', ' five', '+new1', '+new2', ' six'));
    assert.deepEqual([map.map(4), map.map(5), map.map(6), map.map(100)], [unchanged(4), unchanged(5), moved(8), moved(102)]);
    assert.deepEqual(map.mapRange(5, 6), { start: 5, end: 8, status: 'moved' });
    assert.deepEqual(map.mapRange(1, 4), { start: 1, end: 4, status: 'unchanged' });
  });

  test('a -N,0 insertion hunk (git diff -U0) inserts after line N', () => {
    const map = LineMap.fromDiff(lines('@@ -2,0 +3,2 @@', '+a', '+b'));
    assert.deepEqual([map.map(2), map.map(3)], [unchanged(2), moved(5)]);
  });

  test('removed lines are deleted, with nearest where they were; the lines after move up', () => {
    const map = LineMap.fromDiff(lines('@@ -4,4 +4,2 @@', ' four', '-five', '-six', ' seven'));
    assert.deepEqual([map.map(4), map.map(5), map.map(6), map.map(7), map.map(30)], [unchanged(4), deleted(5), deleted(5), moved(5), moved(28)]);
    assert.deepEqual(map.mapRange(5, 6), { start: 5, end: 5, status: 'deleted' });
    assert.deepEqual(map.mapRange(4, 7), { start: 4, end: 5, status: 'partlyDeleted' });
    assert.deepEqual(map.mapRange(5, 7), { start: 5, end: 5, status: 'partlyDeleted' });
  });

  test('a changed line counts as deleted; in a changed block each line stays near its replacement', () => {
    const one = LineMap.fromDiff(lines('@@ -3 +3 @@', '-old', '+new'));
    assert.deepEqual([one.map(2), one.map(3), one.map(4)], [unchanged(2), deleted(3), unchanged(4)]);
    const block = LineMap.fromDiff(lines('@@ -2,4 +2,3 @@', ' a', '-b', '-c', '-d', '+B', '+C'));
    assert.deepEqual([block.map(3), block.map(4), block.map(5), block.map(6)], [deleted(3), deleted(4), deleted(4), moved(5)]);
    assert.deepEqual(block.mapRange(3, 5), { start: 3, end: 4, status: 'deleted' });
  });

  test('several hunks with mixed deltas shift each gap by the sum of the hunks before it', () => {
    const text = lines('@@ -2,1 +2,3 @@', ' b', '+x', '+y', '@@ -10,3 +12,1 @@', ' j', '-k', '-l', '@@ -20,1 +20,2 @@', '-t', '+T1', '+T2');
    const map = LineMap.fromDiff(text);
    const got = [1, 2, 3, 9, 10, 11, 12, 13, 19, 20, 21].map((n) => map.map(n));
    assert.deepEqual(got, [unchanged(1), unchanged(2), moved(5), moved(11), moved(12), deleted(13), deleted(13), unchanged(13), unchanged(19), deleted(20), moved(22)]);
    assert.deepEqual(map.mapRange(9, 21), { start: 11, end: 22, status: 'partlyDeleted' });
    assert.deepEqual(map.mapRange(3, 9), { start: 5, end: 11, status: 'moved' });
  });

  test('hunks given out of order are mapped as if sorted', () => {
    const hunks = parseUnifiedDiff(lines('@@ -2,0 +3,1 @@', '+a', '@@ -9,0 +11,1 @@', '+b'));
    assert.deepEqual(LineMap.fromHunks([...hunks].reverse()).map(10), moved(12));
  });

  test('a deleted file: every line is deleted at line 1; a new file shifts nothing it did not have', () => {
    const gone = LineMap.fromDiff(lines('--- a/f', '+++ /dev/null', '@@ -1,3 +0,0 @@', '-a', '-b', '-c'));
    assert.deepEqual([gone.map(1), gone.map(3)], [deleted(1), deleted(1)]);
    assert.deepEqual(gone.mapRange(1, 3), { start: 1, end: 1, status: 'deleted' });
    const born = LineMap.fromDiff(lines('--- /dev/null', '+++ b/f', '@@ -0,0 +1,2 @@', '+a', '+b'));
    assert.deepEqual(born.map(1), moved(3));
  });

  test('lines removed at the end of the file are deleted with nearest just past the new end', () => {
    const map = LineMap.fromDiff(lines('@@ -3,3 +3,1 @@', ' c', '-d', '-e'));
    assert.deepEqual([map.map(4), map.map(5)], [deleted(4), deleted(4)]);
  });

  test('appending to a file without a final newline counts its last line as changed', () => {
    const map = LineMap.fromDiff(lines('@@ -1,2 +1,3 @@', ' a', '-b', '\\ No newline at end of file', '+b', '+c', '\\ No newline at end of file'));
    assert.deepEqual([map.map(1), map.map(2)], [unchanged(1), deleted(2)]);
  });

  test('CRLF diffs, junk and headers change nothing in the mapping', () => {
    const body = ['@@ -5,2 +5,3 @@', ' e', '+n', ' f'];
    const plain = LineMap.fromDiff(lines(...body));
    const noisy = LineMap.fromDiff(lines('diff --git a/f b/f', 'index 0..1 100644', '--- a/f', '+++ b/f', ...body, 'trailing junk').replace(/\n/g, '\r\n'));
    for (const n of [1, 5, 6, 7]) assert.deepEqual(noisy.map(n), plain.map(n));
    assert.deepEqual(noisy.map(6), moved(7));
  });

  test('an end before the start is read as the start; NaN passes through', () => {
    const map = LineMap.fromDiff(lines('@@ -1,0 +2,1 @@', '+a'));
    assert.deepEqual(map.mapRange(5, 2), { start: 6, end: 6, status: 'moved' });
    assert.equal(map.mapRange(Number.NaN, 3).status, 'unchanged');
    assert.equal(map.map(Number.NaN).status, 'unchanged');
  });

  test('the output of a real `git diff <sha> -- <path>` maps each kept line to where it is', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linemap-'));
    try {
      const before = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
      const after = [...before.slice(0, 3), 'inserted A', 'inserted B', ...before.slice(3, 9), 'line 10 changed', ...before.slice(10, 19), ...before.slice(22), 'appended'];
      writeFileSync(path.join(dir, 'f.txt'), lines(...before));
      git(dir, 'init', '-q');
      git(dir, 'add', 'f.txt');
      git(dir, 'commit', '-q', '-m', 'x');
      writeFileSync(path.join(dir, 'f.txt'), lines(...after));
      const sha = git(dir, 'rev-parse', 'HEAD').trim();
      const diff = git(dir, 'diff', '--no-color', '--no-ext-diff', sha, '--', 'f.txt');
      assert.match(diff, /^diff --git/);
      const survivors = new Map(before.flatMap((text, i) => (after.includes(text) ? [[i, after.indexOf(text)] as [number, number]] : [])));
      assertMapsLike(LineMap.fromDiff(diff), before.length, after.length, survivors, 'git diff');
      assert.deepEqual(LineMap.fromDiff(diff).map(10), deleted(12));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('property: random edits of random files, diffed by an LCS in the test, map every survivor exactly', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      let counter = 0;
      // Even seeds: unique lines (survivors known by construction). Odd: few distinct lines (LCS is the truth).
      const fresh = seed % 2 === 0 ? () => `line ${seed}-${counter++}` : () => ['{', '}', '', 'x'][random(4)];
      const { before, after, survivors } = randomEdit(random, fresh);
      const truth = seed % 2 === 0 ? survivors : lcsMatches(before, after);
      const diff = unifiedDiff(before, after, lcsMatches(before, after), random(4));
      assertMapsLike(LineMap.fromDiff(seed % 3 === 0 ? diff.replace(/\n/g, '\r\n') : diff), before.length, after.length, truth, `seed ${seed}`);
    }
  });

  test('property: random edits diffed by `git diff --no-index` map every survivor exactly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linemap-'));
    try {
      for (let seed = 1; seed <= 12; seed++) {
        const random = prng(1000 + seed);
        let counter = 0;
        const { before, after, survivors } = randomEdit(random, () => `row ${counter++}`);
        writeFileSync(path.join(dir, 'old.txt'), before.length ? lines(...before) : '');
        writeFileSync(path.join(dir, 'new.txt'), after.length ? lines(...after) : '');
        const diff = git(dir, 'diff', '--no-index', '--no-color', '--no-ext-diff', '--diff-algorithm=myers', `-U${seed % 4}`, 'old.txt', 'new.txt');
        assertMapsLike(LineMap.fromDiff(diff), before.length, after.length, survivors, `git seed ${seed}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Its speed is measured in bench/annotations.ts, not asserted here.
  test('a diff with 20,000 hunks maps lines far down the file', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `@@ -${i * 10 + 1} +${i * 11 + 1},2 @@\n-o\n+n\n+m\n`).join('');
    const map = LineMap.fromDiff(text);
    assert.deepEqual(map.map(199_995), moved(219_995));
    assert.equal(map.map(199_991).status, 'deleted');
  });
});
