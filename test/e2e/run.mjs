#!/usr/bin/env node
// UI smoke test in the REAL workbench: code-server + headless Debian Chromium (playwright-core), the
// extension loaded from source (no .vsix). Opens the "MR Gates" activity-bar container, waits for
// its "Gates" view and saves test-results/screenshots/gates-view.png.
//
//   npm run test:e2e            build the extension, then run this
//   node test/e2e/run.mjs       (needs dist/extension.js)
//
// MR_GATES_E2E_SETUP=path/to/module.mjs: before the workbench opens, that module's
// `setup({ workspaceDir, workspaceFile, runDir })` is awaited; it may put files into the workspace
// and may return `{ extensionEnvironment }` (extra environment variables for the extension host).
// This run's files: .vscode-test/e2e/ (code-server.log, ws/). Exit code 0 on success.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createTestWorkspace,
  ensureVsCode,
  openWorkbench,
  prepareRunDir,
  printTail,
  projectRoot,
  startCodeServer,
} from '../host/workbench.mjs';

const CONTAINER_TITLE = 'MR Gates';
const VIEW_NAME = 'Gates';
const TIMEOUT_MS = Number(process.env.MR_GATES_E2E_TIMEOUT_MS) || 3 * 60_000;
const shotsDir = join(projectRoot, 'test-results', 'screenshots');
const started = Date.now();
const say = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

async function main() {
  // MR_GATES_EXTENSION_PATH: load another extension folder (only for debugging the harness itself).
  const extensionPath = process.env.MR_GATES_EXTENSION_PATH || projectRoot;
  const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(extensionPath, main))) throw new Error(`${join(extensionPath, main)} is missing: build the extension first (node esbuild.mjs)`);
  await ensureVsCode();
  setTimeout(() => {
    console.error('[e2e] runner deadline exceeded, giving up');
    process.exit(3);
  }, TIMEOUT_MS + 60_000).unref();

  const run = prepareRunDir('e2e');
  const { workspaceDir, workspaceFile } = createTestWorkspace(run);
  let extensionEnvironment;
  if (process.env.MR_GATES_E2E_SETUP) {
    const hook = await import(pathToFileURL(resolve(process.env.MR_GATES_E2E_SETUP)).href);
    const extra = await hook.setup?.({ workspaceDir, workspaceFile, runDir: run.dir });
    extensionEnvironment = extra?.extensionEnvironment;
    say(`setup hook ${process.env.MR_GATES_E2E_SETUP} done`);
  }
  mkdirSync(shotsDir, { recursive: true });
  for (const old of ['gates-view.png', 'e2e-failure.png']) rmSync(join(shotsDir, old), { force: true });

  const server = await startCodeServer(run);
  say(`code-server ${server.vscode.version} (VS Code ${server.vscode.vscodeVersion}) on ${server.baseUrl}`);
  let workbench;
  let ok = false;
  try {
    workbench = await openWorkbench(server, { workspaceFile, extensionDevelopmentPath: extensionPath, extensionEnvironment });
    const { page } = workbench;
    const deadline = Date.now() + TIMEOUT_MS;
    const left = () => Math.max(1000, deadline - Date.now());

    await page.locator('.monaco-workbench').waitFor({ timeout: left() });
    say('workbench up');
    const container = page.locator(`.activitybar [aria-label^="${CONTAINER_TITLE}"]`).first();
    await container.click({ timeout: Math.min(left(), 30_000) }).catch((err) => {
      throw new Error(`no "${CONTAINER_TITLE}" container in the activity bar (contributes.viewsContainers?): ${err.message.split('\n')[0]}`);
    });
    say(`opened the "${CONTAINER_TITLE}" container`);

    // Every view is a `.pane` whose header is labelled "<view name> Section" (the header is merely
    // hidden when the container has a single view and shows "MR GATES: GATES" as its title).
    const pane = page.locator('[id="workbench.parts.sidebar"] .pane', {
      has: page.locator(`.pane-header[aria-label="${VIEW_NAME} Section"]`),
    });
    await pane.locator('.pane-body').first().waitFor({ state: 'visible', timeout: left() });
    // Rendered: tree rows, welcome content or a webview are in the view's body.
    const content = pane.locator('.pane-body').locator('.monaco-list-row, .welcome-view-content, .message:not(.hide), iframe, .webview');
    await content.first().waitFor({ state: 'visible', timeout: Math.min(left(), 30_000) });
    say(`the "${VIEW_NAME}" view rendered`);
    // No hover tooltip over the activity bar in the picture.
    await page.mouse.move(900, 600);
    await page.locator('.workbench-hover, .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    const shot = join(shotsDir, 'gates-view.png');
    await page.screenshot({ path: shot });
    say(`screenshot: ${shot}`);
    ok = true;
  } catch (err) {
    say(`FAILED: ${err.message.split('\n')[0]}`);
    const shot = join(shotsDir, 'e2e-failure.png');
    await workbench?.page.screenshot({ path: shot }).catch(() => {});
    if (workbench) say(`failure screenshot: ${shot}`);
    printTail(server.logFile, 30);
    for (const e of (workbench?.errors ?? []).slice(-20)) console.error(`[workbench:error] ${e.slice(0, 1500)}`);
  } finally {
    await workbench?.close();
    await server.stop();
  }
  say(ok ? 'PASSED' : `FAILED; files in ${run.dir}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[e2e] ERROR: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
