// One build script for the extension bundle and the test bundles.
//   node esbuild.mjs           production bundle: dist/extension.js (minified, with a sourcemap)
//   node esbuild.mjs --dev     the same bundle, unminified
//   node esbuild.mjs --tests   every test/bench entry bundled to out/ (CommonJS, vscode and mocha external)
// Tests are bundled rather than compiled file by file so that the dependencies run the same way in
// tests as in the shipped extension.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));

function findEntries(dir, suffixes) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findEntries(full, suffixes));
    else if (suffixes.some((s) => name.endsWith(s))) out.push(full);
  }
  return out;
}

// Stubs (build/): code of https-proxy-agent's dependencies that MR Gates never runs.
const alias = { debug: './build/debug-noop.cjs' };
// Modules of agent-base that it reaches by relative paths, which `alias` cannot name.
const RELATIVE_STUBS = [{ importer: join('node_modules', 'agent-base'), path: './helpers', stub: 'agent-base-helpers.cjs' }];
const relativeStubs = {
  name: 'relative-stubs',
  setup(build) {
    build.onResolve({ filter: /^\.\/helpers$/ }, (resolve) => {
      const stub = RELATIVE_STUBS.find((s) => s.path === resolve.path && resolve.importer.includes(s.importer));
      return stub ? { path: join(process.cwd(), 'build', 'stubs', stub.stub) } : undefined;
    });
  },
};
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', alias, plugins: [relativeStubs] };

if (args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  const entries = [
    ...findEntries('test/unit', ['.test.ts']),
    ...findEntries('test/host', ['.test.ts', 'index.ts']),
    ...findEntries('test/contract', ['.test.ts']),
    ...findEntries('bench', ['.ts']).filter((f) => !f.includes('/lib/')),
    'test/fake-forge/cli.ts',
    'test/fake-forge/demo-world.ts',
  ];
  await esbuild.build({
    ...common,
    entryPoints: entries,
    outdir: 'out',
    outbase: '.',
    sourcemap: 'inline',
    // typescript: the unit tests that read the sources load it from node_modules, not from a bundle.
    external: ['vscode', 'mocha', 'typescript'],
  });
} else {
  const production = !args.has('--dev');
  await esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    minify: production,
    sourcemap: true,
    sourcesContent: false,
    metafile: false,
  });
}
