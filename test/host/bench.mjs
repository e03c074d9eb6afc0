#!/usr/bin/env node
// Runs the host benchmark of issue 9 (test/host/bench/, bundled to out/test/host/bench/index.js) inside
// a REAL VS Code: code-server's Node extension host with the workbench in headless Chromium, as
// test/host/run.mjs does for the host tests. Not a test and not part of `npm test`: the last step of
// `npm run bench`. Prints a markdown table `| figure | value |` and writes it to test-results/bench/5-host.md.
//
//   node test/host/bench.mjs              after node esbuild.mjs && node esbuild.mjs --tests
//   node test/host/bench.mjs --profile    also CPU profiles (inside the host, untimed) to
//                                         test-results/host-profile/ (*.cpuprofile, summary.txt);
//                                         build with `node esbuild.mjs --dev` first for readable names
//   node test/host/bench.mjs --verbose    also print every workbench log line
//
// This run's files: .vscode-test/bench/ (code-server.log, results.json, the repositories in t/).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestWorkspace, ensureVsCode, openWorkbench, prepareRunDir, printTail, projectRoot, startCodeServer } from './workbench.mjs';

const TIMEOUT_MS = Number(process.env.MR_GATES_HOST_TIMEOUT_MS) || 15 * 60_000;
const started = Date.now();
const say = (msg) => console.log(`[host-bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

function parseArgs(argv) {
  const opts = { profile: false, verbose: process.env.VERBOSE === '1' };
  for (const arg of argv) {
    if (arg === '--profile') opts.profile = true;
    else if (arg === '--verbose') opts.verbose = true;
    else {
      console.error(`unknown argument: ${arg} (usage: node test/host/bench.mjs [--profile] [--verbose])`);
      process.exit(2);
    }
  }
  return opts;
}

function table(result) {
  const escape = (text) => String(text).replaceAll('|', '\\|');
  const { environment: env } = result;
  return [
    '| figure | value |',
    '|---|---|',
    ...result.rows.map((r) => `| ${escape(r.figure)} | ${escape(r.value)} |`),
    '',
    `Host benchmark in VS Code ${env.vscode} (code-server, extension host on Node ${env.node}), ${env.cpus}; the fake Gitee on loopback, RTT 0.${env.profiled ? ' Profiled run: the profiler was on only outside the timed samples.' : ''}`,
    '',
  ].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const testsEntry = join(projectRoot, 'out', 'test', 'host', 'bench', 'index.js');
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: bundle the tests first (node esbuild.mjs --tests)`);
  const main = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(projectRoot, main))) throw new Error(`${join(projectRoot, main)} is missing: build the extension first (node esbuild.mjs)`);

  await ensureVsCode();
  setTimeout(() => {
    console.error('[host-bench] runner deadline exceeded, giving up');
    process.exit(3);
  }, TIMEOUT_MS + 2 * 60_000).unref();

  const run = prepareRunDir('bench');
  const { workspaceFile } = createTestWorkspace(run);
  const resultsFile = join(run.dir, 'results.json');
  const testTmp = join(run.dir, 't');
  mkdirSync(testTmp, { recursive: true });
  const profileDir = join(projectRoot, 'test-results', 'host-profile');
  if (opts.profile) rmSync(profileDir, { recursive: true, force: true });

  const server = await startCodeServer(run);
  say(`code-server ${server.vscode.version} (VS Code ${server.vscode.vscodeVersion}) on ${server.baseUrl}`);
  let workbench;
  let code;
  try {
    const extensionEnvironment = { MR_GATES_BENCH_RESULTS: resultsFile, MR_GATES_TEST_TMP: testTmp };
    if (opts.profile) extensionEnvironment.MR_GATES_BENCH_PROFILE_DIR = profileDir;
    workbench = await openWorkbench(server, {
      workspaceFile,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: testsEntry,
      extensionEnvironment,
      onLog: (level, text) => {
        if (opts.verbose) console.log(`[workbench:${level}] ${text.slice(0, 2000)}`);
        else if (text.startsWith('[bench]')) say(text.slice('[bench] '.length));
      },
    });
    say('workbench open, running the host benchmark ...');
    try {
      code = await workbench.waitForExit(TIMEOUT_MS);
    } catch (err) {
      say(`FAILED: ${err.message}`);
      code = -1;
    }
  } finally {
    if (code !== 0) {
      printTail(server.logFile, 30);
      for (const e of (workbench?.errors ?? []).slice(-20)) console.error(e.slice(0, 1500));
    }
    await workbench?.close();
    await server.stop();
  }
  if (!existsSync(resultsFile)) {
    say(`no results were written (${resultsFile})`);
    return 1;
  }
  const result = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (result.error || code !== 0) {
    say(`FAILED (extension host exit code ${code}): ${result.error ?? 'see the log above'}`);
    return 1;
  }
  const markdown = table(result);
  const out = join(projectRoot, 'test-results', 'bench', '5-host.md');
  mkdirSync(join(projectRoot, 'test-results', 'bench'), { recursive: true });
  writeFileSync(out, markdown);
  console.log(`\n${markdown}`);
  if (opts.profile) say(`CPU profiles and their summary: ${join('test-results', 'host-profile')}/`);
  say(`written to ${join('test-results', 'bench', '5-host.md')}`);
  return 0;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (err) => {
    console.error(`[host-bench] ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
