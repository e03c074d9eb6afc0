#!/usr/bin/env node
// Runs the same host suite (out/test/host/*.test.js) in DESKTOP VS Code with @vscode/test-electron,
// for a developer machine with internet access: it downloads VS Code (into .vscode-test/) on first
// use. The offline machines and CI use test/host/run.mjs (code-server) instead.
//
//   npm run test:desktop                       build, then run every host test
//   npm run test:desktop -- --grep "sign-in"   only matching tests (also: MOCHA_GREP=...)
//   VSCODE_VERSION=1.101.0 npm run test:desktop
//
// The suite uses mocha 12, which the extension host loads with require(esm): desktop VS Code needs an
// Electron with Node >= 22.12 (VS Code 1.101 or newer). On Linux without a display, run it under
// xvfb-run. Exit code 0 only when all tests passed.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createTestWorkspace, prepareRunDir, projectRoot } from './workbench.mjs';

function parseArgs(argv) {
  let grep = process.env.MOCHA_GREP || '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' || argv[i] === '-g') grep = argv[++i] ?? '';
    else if (argv[i].startsWith('--grep=')) grep = argv[i].slice('--grep='.length);
    else {
      console.error(`unknown argument: ${argv[i]} (usage: node test/host/run-desktop.mjs [--grep <pattern>])`);
      process.exit(2);
    }
  }
  return { grep };
}

async function main() {
  const { grep } = parseArgs(process.argv.slice(2));
  const extensionTestsPath = join(projectRoot, 'out', 'test', 'host', 'index.js');
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: bundle the tests first (node esbuild.mjs --tests)`);
  if (!existsSync(join(projectRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: build the extension first (node esbuild.mjs)');

  const run = prepareRunDir('desktop');
  const { workspaceFile } = createTestWorkspace(run);
  const reportFile = join(run.dir, 'report.txt');
  const testTmp = join(run.dir, 't');
  mkdirSync(testTmp, { recursive: true });

  let failed = false;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      cachePath: join(projectRoot, '.vscode-test'),
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath,
      extensionTestsEnv: {
        MR_GATES_TEST_REPORT: reportFile,
        MR_GATES_TEST_TMP: testTmp,
        MR_GATES_TEST_GREP: grep || undefined,
      },
      launchArgs: [
        workspaceFile, // multi-root from the start: tests add folders without an extension host restart
        '--disable-extensions', // no other installed extensions (built-in ones such as vscode.git stay)
        `--user-data-dir=${run.userDataDir}`,
        `--extensions-dir=${run.extensionsDir}`,
      ],
    });
  } catch (err) {
    failed = true;
    console.error(`[desktop] ${err?.message ?? err}`);
  } finally {
    run.dispose();
  }
  if (existsSync(reportFile)) {
    const report = readFileSync(reportFile, 'utf8');
    console.log(`\n${report.trimEnd()}\n`);
    const version = /^# vscode (\S+)$/m.exec(report)?.[1];
    if (version) console.log(`[desktop] Host tests ran in VS Code ${version}`);
    if (!/^\d+ passed, 0 failed$/m.test(report)) failed = true;
  } else {
    console.error(`[desktop] no report was written (${reportFile})`);
    failed = true;
  }
  console.log(failed ? '[desktop] FAILED' : '[desktop] PASSED');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[desktop] ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
