#!/usr/bin/env node
// Runs the host tests (out/test/host/*.test.js) inside a REAL VS Code: code-server's Node extension
// host, with the workbench opened in headless Debian Chromium and the extension loaded from source.
//
//   npm run test:host                          build, then run every host test
//   npm run test:host -- --grep "sign-in"      only tests whose full title matches (also: MOCHA_GREP=...)
//   node test/host/run.mjs --verbose           also print every workbench log line while running
//
// Needs the bundles (node esbuild.mjs && node esbuild.mjs --tests). Installs Node 24 and code-server
// into .vscode-test/ on first use (test/host/setup.mjs). This run's files: .vscode-test/run/
// (code-server.log, report.txt, ws/, the tests' temp repos in t/). Exit code 0 only when all passed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTestWorkspace, ensureVsCode, openWorkbench, prepareRunDir, printTail, projectRoot, startCodeServer } from './workbench.mjs';

const TIMEOUT_MS = Number(process.env.MR_GATES_HOST_TIMEOUT_MS) || 10 * 60_000;
const started = Date.now();
const say = (msg) => console.log(`[host ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

function parseArgs(argv) {
  const opts = { grep: process.env.MOCHA_GREP || '', verbose: process.env.VERBOSE === '1' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep' || arg === '-g') opts.grep = argv[++i] ?? '';
    else if (arg.startsWith('--grep=')) opts.grep = arg.slice('--grep='.length);
    else if (arg === '--verbose') opts.verbose = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node test/host/run.mjs [--grep <pattern>] [--verbose]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${arg} (usage: node test/host/run.mjs [--grep <pattern>] [--verbose])`);
      process.exit(2);
    }
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // Every fake forge the tests start appends its exchanges here (emptied now, so a failed run leaves
  // nothing stale), for test/contract/ (npm run test:contract).
  const exchangesFile = join(projectRoot, 'test-results', 'exchanges', 'host.jsonl');
  mkdirSync(dirname(exchangesFile), { recursive: true });
  writeFileSync(exchangesFile, '');
  // MR_GATES_EXTENSION_PATH: load another extension folder (only for debugging the harness itself).
  const extensionPath = process.env.MR_GATES_EXTENSION_PATH || projectRoot;
  const testsEntry = join(projectRoot, 'out', 'test', 'host', 'index.js');
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: bundle the tests first (node esbuild.mjs --tests)`);
  const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(extensionPath, main))) throw new Error(`${join(extensionPath, main)} is missing: build the extension first (node esbuild.mjs)`);

  await ensureVsCode(); // the first time, this installs for a few minutes; the deadline starts after it
  // Whatever happens from here on, this process ends: a hard deadline beyond the test timeout.
  setTimeout(() => {
    console.error('[host] runner deadline exceeded, giving up');
    process.exit(3);
  }, TIMEOUT_MS + 2 * 60_000).unref();

  const run = prepareRunDir('run');
  const { workspaceFile } = createTestWorkspace(run);
  const reportFile = join(run.dir, 'report.txt');
  const testTmp = join(run.dir, 't');
  mkdirSync(testTmp, { recursive: true });

  const server = await startCodeServer(run);
  say(`code-server ${server.vscode.version} (VS Code ${server.vscode.vscodeVersion}) on ${server.baseUrl}`);
  let workbench;
  let code;
  try {
    const extensionEnvironment = { MR_GATES_TEST_REPORT: reportFile, MR_GATES_TEST_TMP: testTmp, MR_GATES_EXCHANGES: exchangesFile };
    if (opts.grep) extensionEnvironment.MR_GATES_TEST_GREP = opts.grep;
    workbench = await openWorkbench(server, {
      workspaceFile,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsEntry,
      extensionEnvironment,
      onLog: opts.verbose ? (level, text) => console.log(`[workbench:${level}] ${text.slice(0, 2000)}`) : undefined,
    });
    say(`workbench open, running the tests${opts.grep ? ` matching "${opts.grep}"` : ''} ...`);
    try {
      code = await workbench.waitForExit(TIMEOUT_MS);
    } catch (err) {
      say(`FAILED: ${err.message}`);
      code = -1;
    }
  } finally {
    if (existsSync(reportFile)) {
      const report = readFileSync(reportFile, 'utf8');
      console.log(`\n${report.trimEnd()}\n`);
      const version = /^# vscode (\S+)$/m.exec(report)?.[1];
      if (version) say(`Host tests ran in VS Code ${version}`);
      if (code === 0 && !/^\d+ passed, 0 failed$/m.test(report)) code = 1; // belt and braces
    } else {
      say(`no report was written (${reportFile})`);
      code = code === 0 ? 1 : code;
    }
    if (code !== 0) {
      printTail(server.logFile, 30);
      const errors = workbench?.errors ?? [];
      if (errors.length) {
        console.error(`----- workbench errors (${errors.length}, last 20) -----`);
        for (const e of errors.slice(-20)) console.error(e.slice(0, 1500));
        console.error('-----');
      }
    }
    await workbench?.close();
    await server.stop();
  }
  say(code === 0 ? 'PASSED' : `FAILED (extension host exit code ${code}); files in ${run.dir}`);
  return code === 0 ? 0 : 1;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (err) => {
    console.error(`[host] ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
