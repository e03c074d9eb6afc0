#!/usr/bin/env node
// `npm run demo`: try MR Gates with no account. Starts a fake GitLab, Gitee and GitHub Enterprise on
// 127.0.0.1 (seeded with a demo project), makes one git repository per forge whose remote points at
// it, and opens them in a real VS Code with the extension loaded from source:
//
//   npm run demo              code-server on 127.0.0.1; open the printed URL in a browser
//   npm run demo -- --desktop a desktop `code` on PATH, with --extensionDevelopmentPath
//   PORT=8123 npm run demo    choose the port (default: 8123, or a free one if taken)
//
// Sign in with the printed token (the Sign In button on a "Not signed in" row of the MR Gates view). Ctrl-C stops it all.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, prepareRunDir, projectRoot, startCodeServer, workbenchUrl } from '../test/host/workbench.mjs';

const desktop = process.argv.includes('--desktop');
const { createDemoWorld } = createRequire(import.meta.url)('../out/test/fake-forge/demo-world.js');

async function portToUse() {
  const wanted = Number(process.env.PORT) || 8123;
  const probe = await import('node:net').then(
    ({ createServer }) =>
      new Promise((resolve) => {
        const server = createServer().once('error', () => resolve(false));
        server.listen(wanted, '127.0.0.1', () => server.close(() => resolve(true)));
      }),
  );
  return probe ? wanted : freePort();
}

function waitForCtrlC(cleanup) {
  return new Promise((resolve) => {
    const stop = async () => {
      await cleanup();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function main() {
  const run = prepareRunDir('demo');
  const world = await createDemoWorld(join(run.dir, 'world'));
  const banner = (how) => {
    console.log('\nMR Gates demo is running.\n');
    console.log(how);
    console.log(`\n  Sign in with this token:  ${world.token}`);
    console.log('  (the Sign In button on a "Not signed in to 127.0.0.1:…" row of the MR Gates view, then paste it)\n');
    console.log(`  Fake forges: ${Object.entries(world.forges).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log('\nPress Ctrl-C to stop.');
  };

  if (desktop) {
    if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('no `code` on PATH; run without --desktop to use code-server');
    const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${projectRoot}`, world.workspaceFile], { stdio: 'inherit' });
    child.on('error', (e) => console.error(`code: ${e.message}`));
    banner(`  A VS Code window opened ${world.workspaceFile}`);
    await waitForCtrlC(() => world.close());
    return;
  }

  const server = await startCodeServer(run, { port: await portToUse() });
  const url = workbenchUrl(server, { workspaceFile: world.workspaceFile, extensionDevelopmentPath: projectRoot });
  banner(`  Open this URL in a browser on this machine (VS Code ${server.vscode.vscodeVersion}):\n\n  ${url}`);
  await waitForCtrlC(async () => {
    await server.stop();
    await world.close();
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`demo: ${e?.message ?? e}`);
    process.exit(1);
  },
);
