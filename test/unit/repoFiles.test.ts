import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileLinesCache, RepoFileIndex, resolveRepoFiles, withDeadline, type RepoFile } from '../../src/diagnostics/repoFiles';

const SECRET = 'the secret outside the repository\n';

/** A folder holding an outside file and folder, and `repo/` with links of every kind. */
function makeWorld(): { base: string; root: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mr-gates-repofiles-')));
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(base, 'outside-dir'));
  fs.writeFileSync(path.join(base, 'outside-dir', 'inner.txt'), SECRET);
  execFileSync('mkfifo', [path.join(base, 'outside-fifo')]);
  const root = path.join(base, 'repo');
  fs.mkdirSync(path.join(root, 'src', 'nested'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'src', 'app.ts'), 'one\r\ntwo\nthree');
  fs.writeFileSync(path.join(root, 'docs', '报告 final 版.md'), '# 报告\n');
  fs.writeFileSync(path.join(root, 'src', 'nested', 'deep.ts'), 'deep\n');
  fs.symlinkSync('../secret.txt', path.join(root, 'leak.txt'));
  fs.symlinkSync('../outside-dir', path.join(root, 'linked-dir'));
  fs.symlinkSync('../outside-fifo', path.join(root, 'leak-fifo'));
  fs.symlinkSync('/dev/zero', path.join(root, 'zero'));
  fs.symlinkSync('app.ts', path.join(root, 'src', 'alias.ts'));
  fs.symlinkSync('nested', path.join(root, 'src', 'inner-link'));
  fs.symlinkSync('missing-target', path.join(root, 'dangling'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  fs.writeFileSync(path.join(root, 'big.log'), Buffer.alloc(4 * 1024 * 1024 + 1, 'x'));
  fs.writeFileSync(path.join(root, 'exactly-limit.log'), Buffer.alloc(4 * 1024 * 1024, 'x'));
  return { base, root };
}

async function resolveOne(root: string, reported: string, limits = {}): Promise<RepoFile | undefined> {
  return (await resolveRepoFiles(root, [reported], limits)).get(reported);
}

/** The file a readable entry names, else its kind: one value to compare. */
function absoluteOf(file: RepoFile | undefined): string | undefined {
  return file?.kind === 'readable' ? file.absolute : file?.kind;
}

suite('repoFiles: resolveRepoFiles', () => {
  let world: { base: string; root: string };
  suiteSetup(() => {
    world = makeWorld();
  });
  suiteTeardown(() => {
    fs.rmSync(world.base, { recursive: true, force: true });
  });

  test('a plain file is read, with its lines (CRLF or LF) and its path inside the repository', async () => {
    assert.deepEqual(await resolveOne(world.root, './src\\app.ts'), { kind: 'readable', relative: 'src/app.ts', absolute: path.join(world.root, 'src', 'app.ts'), lines: ['one', 'two', 'three'] });
  });

  test('a committed link to ../secret.txt is outside the repository', async () => {
    assert.deepEqual(await resolveOne(world.root, 'leak.txt'), { kind: 'outside', relative: 'leak.txt' });
  });

  test('a file reached through a link to a folder outside is outside the repository', async () => {
    assert.deepEqual(await resolveOne(world.root, 'linked-dir/inner.txt'), { kind: 'outside', relative: 'linked-dir/inner.txt' });
  });

  test('a link to a FIFO outside is refused before anything opens it', async () => {
    assert.deepEqual(await resolveOne(world.root, 'leak-fifo'), { kind: 'outside', relative: 'leak-fifo' });
  });

  test('a link inside the repository to a file inside is followed: the real file is read', async () => {
    assert.equal(absoluteOf(await resolveOne(world.root, 'src/alias.ts')), path.join(world.root, 'src', 'app.ts'));
    assert.equal(absoluteOf(await resolveOne(world.root, 'src/inner-link/deep.ts')), path.join(world.root, 'src', 'nested', 'deep.ts'));
  });

  test('a link to /dev/zero is outside the repository', async () => {
    assert.deepEqual(await resolveOne(world.root, 'zero'), { kind: 'outside', relative: 'zero' });
  });

  test('a device inside the root is not a regular file (fstat of the open handle)', async () => {
    // /dev as the "repository": the device is inside it, so only the file-type check can refuse it.
    assert.deepEqual(await resolveOne('/dev', 'zero'), { kind: 'notRegular', relative: 'zero' });
    assert.deepEqual(await resolveOne('/dev', 'null'), { kind: 'notRegular', relative: 'null' });
  });

  test('a FIFO in the working tree is not a regular file, and opening it does not block', async () => {
    // A blocking open would wait for a writer forever: this test would hit mocha's timeout.
    assert.deepEqual(await resolveOne(world.root, 'pipe'), { kind: 'notRegular', relative: 'pipe' });
  });

  test('a folder is not a regular file; the root itself is not a file path', async () => {
    assert.deepEqual(await resolveOne(world.root, 'src'), { kind: 'notRegular', relative: 'src' });
    assert.deepEqual(await resolveOne(world.root, 'src/'), { kind: 'notRegular', relative: 'src' });
    assert.deepEqual(await resolveOne(world.root, '.'), { kind: 'invalid' });
    assert.deepEqual(await resolveOne(world.root, 'a\0b'), { kind: 'invalid' });
  });

  test('a file over 4 MB is too large; exactly 4 MB is read', async () => {
    assert.deepEqual(await resolveOne(world.root, 'big.log'), { kind: 'tooLarge', relative: 'big.log' });
    assert.equal((await resolveOne(world.root, 'exactly-limit.log'))?.kind, 'readable');
    assert.deepEqual(await resolveOne(world.root, 'src/app.ts', { maxBytes: 5 }), { kind: 'tooLarge', relative: 'src/app.ts' });
  });

  test('unicode and space names are read', async () => {
    const file = await resolveOne(world.root, 'docs/报告 final 版.md');
    assert.deepEqual(file, { kind: 'readable', relative: 'docs/报告 final 版.md', absolute: path.join(world.root, 'docs', '报告 final 版.md'), lines: ['# 报告', ''] });
  });

  test('`../` and absolute paths are outside the repository, and nothing is read', async () => {
    for (const reported of ['../secret.txt', 'src/../../secret.txt', '..\\secret.txt', path.join(world.base, 'secret.txt'), 'file:///etc/passwd']) {
      assert.deepEqual(await resolveOne(world.root, reported), { kind: 'outside' }, reported);
    }
  });

  test('a missing file, a path through a file and a dangling link are missing', async () => {
    assert.deepEqual(await resolveOne(world.root, 'docs/missing.md'), { kind: 'missing', relative: 'docs/missing.md' });
    assert.deepEqual(await resolveOne(world.root, 'src/app.ts/x'), { kind: 'missing', relative: 'src/app.ts/x' });
    assert.deepEqual(await resolveOne(world.root, 'dangling'), { kind: 'missing', relative: 'dangling' });
  });

  test('a repository root reached through a link is judged by its real path; files keep the root as given', async () => {
    const linkedRoot = path.join(world.base, 'root-link');
    fs.symlinkSync('repo', linkedRoot);
    assert.equal(absoluteOf(await resolveOne(linkedRoot, 'src/alias.ts')), path.join(linkedRoot, 'src', 'app.ts'));
    assert.deepEqual(await resolveOne(linkedRoot, 'leak.txt'), { kind: 'outside', relative: 'leak.txt' });
  });

  test('a root that does not exist makes every file missing', async () => {
    assert.deepEqual(await resolveOne(path.join(world.base, 'gone'), 'a.ts'), { kind: 'missing', relative: 'a.ts' });
  });

  test('every reported path gets an entry; two spellings of one file share one read', async () => {
    const reported = ['src/app.ts', './src/app.ts', 'pipe', 'leak.txt', 'big.log', '../x', 'docs/missing.md'];
    const files = await resolveRepoFiles(world.root, reported, { concurrency: 2 });
    assert.deepEqual([...files.keys()].sort(), [...reported].sort());
    assert.equal(files.get('src/app.ts'), files.get('./src/app.ts'));
    assert.deepEqual(reported.map((r) => files.get(r)?.kind), ['readable', 'readable', 'notRegular', 'outside', 'tooLarge', 'outside', 'missing']);
  });
});

suite('repoFiles: withDeadline', () => {
  test('work that never finishes gives the late value and sees its signal aborted', async () => {
    let seen: AbortSignal | undefined;
    const result = await withDeadline((signal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    }, 1, 'late');
    assert.equal(result, 'late');
    assert.equal(seen?.aborted, true);
  });

  test('work that finishes in time gives its value; a rejection gives the late value', async () => {
    assert.equal(await withDeadline(async () => 'done', 60_000, 'late'), 'done');
    assert.equal(await withDeadline(async () => Promise.reject(new Error('boom')), 60_000, 'late'), 'late');
  });
});

suite('repoFiles: RepoFileIndex', () => {
  const readable = (lines: string[]): RepoFile => ({ kind: 'readable', relative: 'a.ts', absolute: '/r/a.ts', lines });

  test('looks up by repository and reported path; unknown is undefined', () => {
    const index = new RepoFileIndex();
    index.update('/r', new Map([['a.ts', readable(['x'])]]));
    assert.equal(index.lookup('/r', 'a.ts')?.kind, 'readable');
    assert.equal(index.lookup('/r', 'b.ts'), undefined);
    assert.equal(index.lookup('/other', 'a.ts'), undefined);
  });

  test('fires the repository when what the tree shows changed, not when only the content did', () => {
    const index = new RepoFileIndex();
    const fired: string[] = [];
    const subscription = index.onDidChange((root) => fired.push(root));
    index.update('/r', new Map([['a.ts', readable(['x'])]]));
    index.update('/r', new Map([['a.ts', readable(['y'])]]));
    index.update('/r', new Map([['a.ts', { kind: 'notRegular', relative: 'a.ts' }]]));
    index.update('/r', new Map([['a.ts', { kind: 'notRegular', relative: 'a.ts' }], ['b.ts', { kind: 'outside' }]]));
    index.forget('/r');
    index.forget('/r');
    subscription.dispose();
    index.update('/r', new Map());
    assert.deepEqual(fired, ['/r', '/r', '/r', '/r']);
  });
});

suite('repoFiles: FileLinesCache (issue 9: a publish reads only the files that changed)', () => {
  let world: { base: string; root: string };
  setup(() => (world = makeWorld()));
  teardown(() => fs.rmSync(world.base, { recursive: true, force: true }));

  const linesOf = (file: RepoFile | undefined) => (file?.kind === 'readable' ? file.lines : undefined);

  test('an unchanged file is not read again: the very same lines come back', async () => {
    const cache = new FileLinesCache();
    const first = linesOf((await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache)).get('src/app.ts'));
    const second = linesOf((await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache)).get('src/app.ts'));
    assert.deepEqual(first, ['one', 'two', 'three']);
    assert.equal(second, first, 'the cached array itself');
  });

  test('a changed file is read again, even at the same size', async () => {
    const cache = new FileLinesCache();
    await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache);
    fs.writeFileSync(path.join(world.root, 'src', 'app.ts'), 'ONE\r\nTWO\nTHREE');
    assert.deepEqual(linesOf((await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache)).get('src/app.ts')), ['ONE', 'TWO', 'THREE']);
  });

  test('a file read before and then swapped for a link out of the repository is refused, not served from the cache', async () => {
    const cache = new FileLinesCache();
    await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache);
    fs.rmSync(path.join(world.root, 'src', 'app.ts'));
    fs.symlinkSync('../../secret.txt', path.join(world.root, 'src', 'app.ts'));
    assert.equal((await resolveRepoFiles(world.root, ['src/app.ts'], {}, cache)).get('src/app.ts')?.kind, 'outside');
  });

  test('bounded in files: the least recently used goes first', async () => {
    const cache = new FileLinesCache(1);
    const read = async (p: string) => linesOf((await resolveRepoFiles(world.root, [p], {}, cache)).get(p));
    const app = await read('src/app.ts');
    await read('src/nested/deep.ts');
    assert.notEqual(await read('src/app.ts'), app, 'read again after it was pushed out');
  });
});
