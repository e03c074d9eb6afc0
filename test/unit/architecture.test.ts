// The layout a newcomer relies on (README "How it is built"): each folder of src/ is a floor, a file
// imports only from its own floor or the floors below, no import cycle exists, the upper floors never
// reach into one forge's folder, and files stay small. Read from the sources, type imports included.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Lower numbers are lower floors. A file may import its own floor or a lower one. */
const FLOORS: Record<string, number> = {
  'src/ids.ts': 0,
  'src/core': 0,
  'src/forges': 1,
  'src/auth': 2,
  'src/git': 2,
  'src/config.ts': 2,
  'src/state': 3,
  'src/diagnostics': 4,
  'src/views': 5,
  'src/commands': 6,
  'src/extension.ts': 7,
};
const FORGE_FOLDERS = ['src/forges/gitlab', 'src/forges/gitee', 'src/forges/github', 'src/forges/checkRuns'];
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function floorOf(file: string): { name: string; level: number } {
  const name = Object.keys(FLOORS)
    .filter((prefix) => file === prefix || file.startsWith(`${prefix}/`))
    .sort((a, b) => b.length - a.length)[0];
  assert.ok(name, `${file} is on no floor: add its folder to FLOORS and to the README map`);
  return { name, level: FLOORS[name] };
}

/** The src files a file imports (relative imports only; packages and node: modules are not floors). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = resolve(dirname(file), spec);
    const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
    const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    assert.ok(found, `${file} imports ${spec}, which does not exist`);
    return relative(process.cwd(), found).split('\\').join('/');
  });
}

function climbsIn(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const climbs: string[] = [];
  for (const [file, imports] of graph) {
    const from = floorOf(file);
    for (const target of imports) {
      const to = floorOf(target);
      if (to.level > from.level) climbs.push(`${file} (${from.name}) imports ${target} (${to.name})`);
    }
  }
  return climbs;
}

function cyclesIn(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

const files = sourceFiles('src').map((f) => f.split('\\').join('/'));
const graph = new Map(files.map((f) => [f, importsOf(f)]));

suite('architecture: floors, cycles and file sizes of src/', () => {
  test('a file imports only its own floor or the floors below', () => {
    assert.deepEqual(climbsIn(graph), []);
  });

  test('no file of src/commands or src/views imports from one forge\'s folder', () => {
    const reaching = [...graph].flatMap(([file, imports]) =>
      /^src\/(commands|views)\//.test(file) ? imports.filter((t) => FORGE_FOLDERS.some((f) => t.startsWith(`${f}/`))).map((t) => `${file} -> ${t}`) : [],
    );
    assert.deepEqual(reaching, []);
  });

  test('src/core and src/forges never import vscode', () => {
    for (const file of files.filter((f) => /^src\/(core|forges)\//.test(f))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
    }
  });

  test('there is no import cycle in src/', () => {
    assert.deepEqual(cyclesIn(graph), []);
  });

  test(`every src file stays under ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [f, readFileSync(f, 'utf8').split('\n').length] as const).filter(([, lines]) => lines > MAX_LINES);
    assert.deepEqual(long.map(([f, n]) => `${f}: ${n} lines`), []);
  });

  test('the checker sees a climb and a cycle when there is one', () => {
    const bad = new Map([
      ['src/auth/a.ts', ['src/commands/b.ts']],
      ['src/commands/b.ts', ['src/views/c.ts']],
      ['src/views/c.ts', ['src/commands/b.ts']],
    ]);
    assert.deepEqual(climbsIn(bad), ['src/auth/a.ts (src/auth) imports src/commands/b.ts (src/commands)', 'src/views/c.ts (src/views) imports src/commands/b.ts (src/commands)']);
    assert.deepEqual(cyclesIn(bad), ['src/commands/b.ts -> src/views/c.ts -> src/commands/b.ts']);
    assert.ok(graph.size > 40 && [...graph.values()].some((imports) => imports.length > 0), 'the real sources and their imports were read');
  });
});
