import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathInside, resolveInRepo, type DropReason } from '../../src/core/repoPaths';

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

suite('repoPaths: pathInside', () => {
  test('a path under the root gives its relative form', () => {
    assert.equal(pathInside(ROOT, path.join(ROOT, 'src', 'a.ts')), path.join('src', 'a.ts'));
    assert.equal(pathInside(ROOT, path.join(ROOT, '..foo')), '..foo');
  });

  test('the root itself, its parent, a sibling sharing its prefix and a path above are not inside', () => {
    for (const outside of [ROOT, path.dirname(ROOT), `${ROOT}-evil${path.sep}a.ts`, path.join(ROOT, '..', 'x.ts'), path.join(ROOT, 'a', '..', '..', 'x')]) {
      assert.equal(pathInside(ROOT, outside), undefined, outside);
    }
  });
});
