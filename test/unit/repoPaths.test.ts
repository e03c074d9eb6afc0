import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { countDropped, partitionAnnotations, resolveInRepo, type DropReason } from '../../src/core/repoPaths';

const ROOT = path.join(path.sep === '/' ? '/' : 'C:\\', 'home', 'dev', 'repo');

type Expected = { relative: string } | { reason: DropReason };

// [reported path, expected] — the absolute path is checked for every kept case below.
const CASES: ReadonlyArray<readonly [string, Expected]> = [
  ['src/a.ts', { relative: 'src/a.ts' }],
  ['README.md', { relative: 'README.md' }],
  ['./src/a.ts', { relative: 'src/a.ts' }],
  ['./a/./b', { relative: 'a/b' }],
  ['././a.ts', { relative: 'a.ts' }],
  ['a\\b\\c.ts', { relative: 'a/b/c.ts' }],
  ['.\\src\\a.ts', { relative: 'src/a.ts' }],
  ['a//b///c.ts', { relative: 'a/b/c.ts' }],
  ['src/日本語/файл.ts', { relative: 'src/日本語/файл.ts' }],
  ['my docs/read me.md', { relative: 'my docs/read me.md' }],
  [' leading and trailing .ts ', { relative: ' leading and trailing .ts ' }],
  ['a%20b.ts', { relative: 'a%20b.ts' }],
  ['%2e%2e/escape.ts', { relative: '%2e%2e/escape.ts' }],
  ['a/../b', { relative: 'b' }],
  ['a/b/../../c.ts', { relative: 'c.ts' }],
  ['src/dir/', { relative: 'src/dir' }],
  ['..foo/x.ts', { relative: '..foo/x.ts' }],
  ['a/..b', { relative: 'a/..b' }],
  ['~/x.ts', { relative: '~/x.ts' }],
  ['lib/a:b.ts', { relative: 'lib/a:b.ts' }],
  ['..', { reason: 'outside' }],
  ['../', { reason: 'outside' }],
  ['../x', { reason: 'outside' }],
  ['a/../../x', { reason: 'outside' }],
  ['..\\x', { reason: 'outside' }],
  ['a/b/../../../etc/passwd', { reason: 'outside' }],
  ['/abs', { reason: 'absolute' }],
  ['/etc/passwd', { reason: 'absolute' }],
  ['C:\\x', { reason: 'absolute' }],
  ['C:/x', { reason: 'absolute' }],
  ['c:x', { reason: 'absolute' }],
  ['\\\\srv\\x', { reason: 'absolute' }],
  ['\\x', { reason: 'absolute' }],
  ['//srv/share/x', { reason: 'absolute' }],
  ['file:///etc/passwd', { reason: 'absolute' }],
  ['', { reason: 'empty' }],
  ['.', { reason: 'empty' }],
  ['./', { reason: 'empty' }],
  ['a/..', { reason: 'empty' }],
  ['a\0b.ts', { reason: 'invalid' }],
  ['\0', { reason: 'invalid' }],
];

suite('repoPaths: resolveInRepo', () => {
  for (const [reported, expected] of CASES) {
    test(`${JSON.stringify(reported)} → ${JSON.stringify(expected)}`, () => {
      const result = resolveInRepo(ROOT, reported);
      if ('relative' in expected) {
        assert.ok(result.ok, `expected ${JSON.stringify(reported)} to be kept`);
        assert.equal(result.relative, expected.relative);
        assert.equal(result.absolute, path.join(ROOT, ...expected.relative.split('/')));
        const fromRoot = path.relative(ROOT, result.absolute);
        assert.ok(fromRoot !== '..' && !fromRoot.startsWith(`..${path.sep}`) && !path.isAbsolute(fromRoot), 'stays inside');
      } else {
        assert.deepEqual(result, { ok: false, reason: expected.reason });
      }
    });
  }

  test('the table covers every drop reason', () => {
    const reasons = new Set(CASES.flatMap(([, expected]) => ('reason' in expected ? [expected.reason] : [])));
    assert.deepEqual([...reasons].sort(), ['absolute', 'empty', 'invalid', 'outside']);
  });

  test('a repository root with spaces and unicode is kept as it is', () => {
    const root = path.join(ROOT, '..', 'Мои проекты', 'репо 1');
    const result = resolveInRepo(root, './src/main.ts');
    assert.deepEqual(result, { ok: true, relative: 'src/main.ts', absolute: path.join(root, 'src', 'main.ts') });
  });

  test('a repository root with a trailing separator gives the same absolute path', () => {
    const result = resolveInRepo(ROOT + path.sep, 'a.ts');
    assert.ok(result.ok);
    assert.equal(result.absolute, path.join(ROOT, 'a.ts'));
  });

  test('escaping is judged against the repository root, not against the files around it', () => {
    // Resolves to the root's sibling `repo-evil`, which merely shares a prefix with the root.
    assert.deepEqual(resolveInRepo(ROOT, '../repo-evil/a.ts'), { ok: false, reason: 'outside' });
  });

  test('a non-string path (loose JSON) is invalid instead of throwing', () => {
    assert.deepEqual(resolveInRepo(ROOT, undefined as unknown as string), { ok: false, reason: 'invalid' });
    assert.deepEqual(resolveInRepo(ROOT, 42 as unknown as string), { ok: false, reason: 'invalid' });
  });

  test('on a Windows root, the absolute path uses backslashes and a `c:`-like segment cannot restart it', () => {
    const options = { platformPath: path.win32 };
    assert.deepEqual(resolveInRepo('C:\\Users\\dev\\repo', 'src/a.ts', options), {
      ok: true,
      relative: 'src/a.ts',
      absolute: 'C:\\Users\\dev\\repo\\src\\a.ts',
    });
    const tricky = resolveInRepo('C:\\repo', 'lib/d:evil.ts', options);
    assert.ok(tricky.ok);
    assert.equal(tricky.absolute, 'C:\\repo\\lib\\d:evil.ts');
  });

  test('on a POSIX root, the absolute path is a POSIX path', () => {
    assert.deepEqual(resolveInRepo('/home/dev/my repo', 'a\\b.ts', { platformPath: path.posix }), {
      ok: true,
      relative: 'a/b.ts',
      absolute: '/home/dev/my repo/a/b.ts',
    });
  });
});

suite('repoPaths: partitionAnnotations and countDropped', () => {
  const items = [
    { path: 'src/a.ts', startLine: 1, message: 'kept' },
    { path: '../outside.ts', startLine: 2, message: 'outside' },
    { path: '/etc/passwd', startLine: 3, message: 'absolute' },
    { path: './src\\b.ts', startLine: 4, message: 'kept too' },
    { path: '', startLine: 5, message: 'empty' },
    { path: 'x/../../y', startLine: 6, message: 'outside again' },
  ];

  test('keeps the items inside the repository, in order, with their own fields and the resolved paths', () => {
    const { kept } = partitionAnnotations(ROOT, items);
    assert.deepEqual(
      kept.map((k) => [k.message, k.startLine, k.path, k.relative, k.absolute]),
      [
        ['kept', 1, 'src/a.ts', 'src/a.ts', path.join(ROOT, 'src', 'a.ts')],
        ['kept too', 4, './src\\b.ts', 'src/b.ts', path.join(ROOT, 'src', 'b.ts')],
      ],
    );
  });

  test('drops the others with the original item and the reason', () => {
    const { dropped } = partitionAnnotations(ROOT, items);
    assert.deepEqual(
      dropped.map((d) => [d.item.message, d.reason]),
      [
        ['outside', 'outside'],
        ['absolute', 'absolute'],
        ['empty', 'empty'],
        ['outside again', 'outside'],
      ],
    );
    assert.equal(dropped[0].item, items[1], 'the dropped item is the caller’s object, not a copy');
  });

  test('countDropped counts per reason, with zeroes for the reasons that did not occur', () => {
    const { dropped } = partitionAnnotations(ROOT, items);
    assert.deepEqual(countDropped(dropped), { outside: 2, absolute: 1, empty: 1, invalid: 0 });
  });

  test('no items → nothing kept, nothing dropped', () => {
    assert.deepEqual(partitionAnnotations(ROOT, []), { kept: [], dropped: [] });
  });
});
