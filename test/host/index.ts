// The module VS Code's extension host loads as `extensionTestsPath` (bundled to out/test/host/index.js).
// It runs every out/test/host/*.test.js with mocha inside the real extension host and writes a report
// the runners print: the spec reporter's lines, `# vscode <version>` and `N passed, N failed`.
//
// Environment (set by test/host/run.mjs or run-desktop.mjs through extensionEnvironment):
//   MR_GATES_TEST_REPORT  report file to write
//   MR_GATES_TEST_GREP    only run tests whose full title matches (a mocha grep pattern)
//   MR_GATES_TEST_TMP     scratch folder for the tests' temporary git repositories (see helpers.ts)
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const lines: string[] = [];
  const say = (...args: unknown[]): void => {
    const line = util.format(...args);
    lines.push(line);
    console.log(line);
  };
  // The remote extension host forwards console.* without printf formatting ("%s" would show up
  // literally), so the reporter's output is formatted here. It is also kept for the report file.
  // (console.log itself cannot be wrapped: the extension host makes it a non-configurable getter.
  // Tests that want a line in the report use log() from helpers.ts, which goes through here.)
  Mocha.reporters.Base.consoleLog = say;

  say('VS Code %s (%s, ui %s), extension host on Node %s', vscode.version, vscode.env.appHost, vscode.UIKind[vscode.env.uiKind], process.versions.node);

  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, slow: 5_000, color: false, reporter: 'spec' });
  const grep = process.env.MR_GATES_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
    say('only tests matching: %s', grep);
  }
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    const finish = (failures: number): void => {
      const stats = runner?.stats;
      const passed = stats?.passes ?? 0;
      const failed = stats?.failures ?? failures;
      const pending = stats?.pending ?? 0;
      const report = [...lines, `# vscode ${vscode.version}`];
      if (pending) report.push(`# ${pending} pending`);
      if (passed + failed === 0) report.push(grep ? `# no host test matches "${grep}"` : '# no host tests ran');
      report.push(`${passed} passed, ${failed} failed`);
      const reportFile = process.env.MR_GATES_TEST_REPORT;
      if (reportFile) {
        try {
          fs.writeFileSync(reportFile, `${report.join('\n')}\n`);
        } catch (err) {
          console.error(`cannot write the test report to ${reportFile}:`, err);
        }
      }
      if (failed > 0) reject(new Error(`${failed} host test(s) failed`));
      else if (passed === 0) reject(new Error(grep ? `no host test matches "${grep}"` : 'no host tests ran'));
      else resolve();
    };
    try {
      runner = mocha.run(finish);
    } catch (err) {
      // A test file that throws while loading ends up here.
      say('could not load the host tests: %s', err instanceof Error ? (err.stack ?? err.message) : String(err));
      finish(1);
    }
  });
}
