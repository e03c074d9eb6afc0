// Show Log as the user waits for it: from the command to the log open in an editor with the cursor on
// the failing line, for a 10 MB GitLab trace (fetched whole, its last 2 MB kept, cleaned, shown), in
// the real host against the fake GitLab on 127.0.0.1 (RTT 0).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { checkRef, openDemo } from '../mrGates';
import { sampled } from './measure';

const RUNS = 5;
const TRACE_MB = 10;

export async function logBench(): Promise<void> {
  const demo = await openDemo('gitlab');
  try {
    const unit = await checkRef(demo.root, 'unit');
    const line = `\x1b[32m$ step\x1b[0m ${'x'.repeat(80)}\n`;
    demo.forge.setJobLog(Number(unit.checkId.split(':')[1]), `${line.repeat(Math.ceil((TRACE_MB * 1024 * 1024) / line.length))}ERROR: Job failed: exit code 1\n`);
    await sampled(`Show Log of a ${TRACE_MB} MB GitLab trace: command → the log's last 2 MB open at the failing line (RTT 0)`, RUNS, async () => {
      const started = performance.now();
      const result = await vscode.commands.executeCommand<{ ok: boolean; cut?: string }>('mrGates.showLog', unit);
      const took = performance.now() - started;
      assert.ok(result.ok && result.cut === 'head', 'the log was shown, cut to its end');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      return took;
    });
  } finally {
    await demo.close();
  }
}
