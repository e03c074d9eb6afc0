// The host benchmark of issue 9, loaded by test/host/bench.mjs as the extension host's
// `extensionTestsPath` (bundled to out/test/host/bench/index.js). Not a test: `npm run test:host` never
// runs it (test/host/index.ts loads only out/test/host/*.test.js), and it asserts no time, only that
// what it timed happened (10,000 diagnostics published, 500 runs in the tree).
//
// Environment (set by bench.mjs through extensionEnvironment):
//   MR_GATES_BENCH_RESULTS      JSON file to write the rows (or the error) to
//   MR_GATES_BENCH_PROFILE_DIR  also write CPU profiles of a warm publish and of the tree there
//   MR_GATES_TEST_TMP           scratch folder for the repositories (see helpers.ts)
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { removeWorkspaceFolder } from '../helpers';
import { mrGates, setInstances, signOut } from '../mrGates';
import { ms, rows, say } from './measure';
import { openMain, publishBench } from './publish';
import { logBench } from './logs';
import { queueBench } from './queue';
import { treeBench } from './tree';
import { makeWorld, type BenchWorld } from './world';

const SETTINGS: Record<string, unknown> = {
  // No poll may replace an entry the benchmark set, or start a publish in the middle of a figure.
  pollInterval: 3600,
  notifications: 'off',
};

async function configure(values: Record<string, unknown> | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('mrGates');
  for (const key of Object.keys(SETTINGS)) await config.update(key, values?.[key], vscode.ConfigurationTarget.Global);
}

function write(result: object): void {
  const file = process.env.MR_GATES_BENCH_RESULTS;
  if (file) fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

export async function run(): Promise<void> {
  const environment = {
    vscode: vscode.version,
    node: process.versions.node,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
    profiled: !!process.env.MR_GATES_BENCH_PROFILE_DIR,
  };
  say(`VS Code ${environment.vscode}, extension host on Node ${environment.node}, ${environment.cpus}`);
  let world: BenchWorld | undefined;
  try {
    const api = await mrGates();
    await configure(SETTINGS);
    const started = performance.now();
    world = await makeWorld();
    say(`world made in ${ms(performance.now() - started)}: ${world.root}`);
    await openMain(api, world);
    await publishBench(api, world);
    await treeBench(api, world);
    await logBench();
    // Last: it sets the instances to its own forges.
    await queueBench(api);
    write({ environment, rows });
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    say(`FAILED: ${message}`);
    write({ environment, rows, error: message });
    throw err;
  } finally {
    if (world) {
      await signOut(world.forge.url).catch(() => undefined);
      await removeWorkspaceFolder(vscode.Uri.file(world.root)).catch(() => undefined);
      await world.forge.close();
    }
    await setInstances([]);
    await configure(undefined);
  }
}
