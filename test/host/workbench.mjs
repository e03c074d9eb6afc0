// The pieces shared by the real-host runners (test/host/run.mjs, test/e2e/run.mjs, scripts/demo.mjs):
// a throwaway run folder, code-server started in its own process group, and the workbench opened in
// Debian's Chromium through playwright-core with the extension loaded from source.
//
//   const run = prepareRunDir('e2e');                    // .vscode-test/e2e, fresh
//   const { workspaceFile } = createTestWorkspace(run);  // .vscode-test/e2e/ws/tests.code-workspace
//   const server = await startCodeServer(run);           // http://127.0.0.1:PORT, healthy
//   const wb = await openWorkbench(server, { workspaceFile, extensionDevelopmentPath: projectRoot });
//   ...
//   await wb.close(); await stop(server);                // also done on exit, SIGINT and SIGTERM
//
// Nothing here waits with a fixed sleep: every wait is a condition with a deadline.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, ensureBrowser, ensureVsCode, printTail, projectRoot } from './setup.mjs';

export { ensureVsCode, projectRoot, cacheDir, printTail };

export const chromiumPath = process.env.MR_GATES_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A quiet, deterministic workbench: no welcome page, no chat side bar, no update checks.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

// VS Code puts unix sockets into TMPDIR and the user-data-dir (e.g. tmp/vscode-ipc-<uuid>.sock,
// data/code-server-ipc.sock); a socket path must stay below 108 bytes.
const MAX_SOCKET_DIR_LENGTH = 50;

const cleanups = new Set();
let exitHandlersInstalled = false;

function installExitHandlers() {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  // Last resort, synchronous: whatever is still running dies with us.
  process.on('exit', () => {
    for (const fn of cleanups) fn(true);
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      console.error(`\n[workbench] ${signal}: stopping code-server and the browser`);
      process.exit(code);
    });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM'; // exists, but not ours
  }
}

const remoteUri = (authority, absPath) => `vscode-remote://${authority}${pathToFileURL(absPath).pathname}`;

/**
 * A fresh folder `.vscode-test/<name>/` for one run: VS Code's user data (with quiet settings),
 * extensions dir, XDG dirs, TMPDIR, the browser profile and the logs. The previous run's folder is
 * kept until the next run of the same name, for inspection. Refuses to wipe a folder a live run uses.
 */
export function prepareRunDir(name) {
  const dir = join(cacheDir, name);
  const pidFile = join(dir, 'runner.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid !== process.pid && pid > 0 && isAlive(pid)) {
      throw new Error(`another run (pid ${pid}) is using ${dir}; wait for it or stop it`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(pidFile, String(process.pid));
  // Sockets live in TMPDIR and in the user-data-dir. In a deeply nested checkout those two go to a
  // short folder under the system temp dir instead (removed again by dispose()).
  const shortBase = join(dir, 'tmp').length > MAX_SOCKET_DIR_LENGTH ? mkdtempSync(join(tmpdir(), 'mrg-')) : undefined;
  const userDataDir = join(shortBase ?? dir, 'data');
  const tmp = join(shortBase ?? dir, 'tmp');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
  const extensionsDir = join(dir, 'ext');
  const xdg = { XDG_CONFIG_HOME: join(dir, 'xdg', 'config'), XDG_DATA_HOME: join(dir, 'xdg', 'data'), XDG_CACHE_HOME: join(dir, 'xdg', 'cache') };
  for (const d of [extensionsDir, tmp, join(dir, 'browser'), ...Object.values(xdg)]) mkdirSync(d, { recursive: true });
  return {
    name,
    dir,
    userDataDir,
    extensionsDir,
    tmpDir: tmp,
    browserProfileDir: join(dir, 'browser'),
    logFile: join(dir, 'code-server.log'),
    env: { ...xdg, TMPDIR: tmp },
    dispose() {
      if (shortBase) rmSync(shortBase, { recursive: true, force: true });
      rmSync(pidFile, { force: true });
    },
  };
}

/**
 * VS Code only takes a display language it has a language pack for, and its real Chinese pack
 * (MS-CEINTL.vscode-language-pack-zh-hans) is not on the npm registry, while the machines reach no
 * extension marketplace. So the demo makes a pack of its own that declares `locale` and translates nothing: VS Code
 * then runs in that display language with its own English strings, and every extension, MR Gates
 * among them, sees vscode.env.language === locale and loads its own translations.
 *
 * code-server reads the installed packs from languagepacks.json in its user-data-dir, which VS Code
 * only rewrites when a pack is installed from the running workbench (not by --install-extension, and
 * not at startup), so the demo writes that file too, in the shape VS Code writes it.
 */
export function installDisplayLanguagePack(run, locale) {
  const id = `mr-gates-demo.display-language-${locale}`;
  const version = '0.0.0';
  const dir = join(run.extensionsDir, `${id}-${version}`);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: `display-language-${locale}`,
    publisher: 'mr-gates-demo',
    version,
    displayName: `${locale} display language, no translations (MR Gates demo)`,
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './main.i18n.json' }] }],
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const translations = join(dir, 'main.i18n.json');
  writeFileSync(translations, `${JSON.stringify({ version: '1.0.0', contents: {} })}\n`);
  const languagePacks = {
    [locale]: {
      hash: createHash('md5').update(id).update(version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(join(run.userDataDir, 'languagepacks.json'), JSON.stringify(languagePacks));
}

/**
 * The test workspace `<run>/ws/`: an empty `scratch/` folder and `tests.code-workspace` listing it.
 * Opening a .code-workspace makes the window multi-root from the start, so tests can add and remove
 * folders with `vscode.workspace.updateWorkspaceFolders` without the extension host restarting.
 */
export function createTestWorkspace(run) {
  const workspaceDir = join(run.dir, 'ws');
  mkdirSync(join(workspaceDir, 'scratch'), { recursive: true });
  const workspaceFile = join(workspaceDir, 'tests.code-workspace');
  writeFileSync(workspaceFile, `${JSON.stringify({ folders: [{ path: 'scratch' }], settings: {} }, null, 2)}\n`);
  return { workspaceDir, workspaceFile };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server for a run folder (see prepareRunDir; a name string works too) and resolves once
 * /healthz answers. The server is the leader of its own process group (`detached` = setsid()), so
 * stop() ends it together with its extension hosts and file watchers.
 * @returns {Promise<{ baseUrl: string, authority: string, port: number, pid: number, logFile: string,
 *   run: object, vscode: object, exited: Promise<string>, stop: () => Promise<void> }>}
 */
export async function startCodeServer(run, { port, args = [], healthTimeoutMs = 60_000 } = {}) {
  if (typeof run === 'string') run = prepareRunDir(run);
  const vscode = await ensureVsCode();
  port ??= await freePort();
  const authority = `127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ...run.env,
    PATH: `${vscode.nodeDir}/bin:${process.env.PATH ?? ''}`,
    // No extension marketplace: the machines are offline, and the tests install nothing from it.
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
  };
  // Do not let a surrounding VS Code (an integrated terminal) or Node options leak into this one.
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_)/.test(key) || key === 'NODE_OPTIONS') delete env[key];
  }
  const logFd = openSync(run.logFile, 'a');
  const child = spawn(
    vscode.nodeBin,
    [
      vscode.codeServerBin,
      '--bind-addr', authority,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--reconnection-grace-time', '30',
      '--user-data-dir', run.userDataDir,
      '--extensions-dir', run.extensionsDir,
      // Without this a built VS Code ignores the payload's extensionDevelopmentPath/extensionTestsPath.
      '--vscode-option', 'enable-smoke-test-driver',
      ...args,
    ],
    { cwd: run.dir, env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const pid = child.pid;
  let exitedWith;
  const exited = new Promise((resolveExit) => {
    child.on('error', (err) => resolveExit((exitedWith = `failed to start: ${err.message}`)));
    child.on('exit', (code, signal) => resolveExit((exitedWith = signal ? `killed by ${signal}` : `exit code ${code}`)));
  });

  const killGroup = (signal) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  const cleanup = () => {
    killGroup('SIGKILL');
    run.dispose?.();
  };
  cleanups.add(cleanup);
  installExitHandlers();

  let stopped;
  const server = {
    baseUrl: `http://${authority}`,
    authority,
    port,
    pid,
    logFile: run.logFile,
    run,
    vscode,
    exited,
    /** Ends the whole process group: SIGTERM, then SIGKILL after 5 s. */
    stop() {
      stopped ??= (async () => {
        if (pid && killGroup('SIGTERM')) {
          const deadline = Date.now() + 5000;
          while (Date.now() < deadline && killGroup(0)) await new Promise((r) => setTimeout(r, 100));
          killGroup('SIGKILL');
        }
        cleanups.delete(cleanup);
        run.dispose?.();
      })();
      return stopped;
    },
  };

  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (exitedWith) {
      printTail(run.logFile);
      await server.stop();
      throw new Error(`code-server ${exitedWith} before it became healthy (log: ${run.logFile})`);
    }
    try {
      const res = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      printTail(run.logFile);
      await server.stop();
      throw new Error(`code-server did not answer /healthz within ${healthTimeoutMs / 1000} s (log: ${run.logFile})`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
  }
  return server;
}

/** Stops a server started by startCodeServer (same as server.stop()). */
export function stop(server) {
  return server?.stop();
}

/**
 * The workbench address that opens `workspaceFile` (or `folder`) with the extension loaded from
 * source, optionally running a test module: what openWorkbench navigates to, and what the demo prints.
 */
export function workbenchUrl(server, { workspaceFile, folder, extensionDevelopmentPath, extensionTestsPath, extensionEnvironment } = {}) {
  const params = new URLSearchParams();
  if (workspaceFile) params.set('workspace', workspaceFile);
  else if (folder) params.set('folder', folder);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server.authority, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server.authority, extensionTestsPath)]);
  if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${server.baseUrl}/?${params}`;
}

/**
 * Opens the workbench in headless Chromium.
 *   workspaceFile | folder        what to open
 *   extensionDevelopmentPath      load this extension from source (absolute path on this machine)
 *   extensionTestsPath            run this test module in the extension host (integration tests)
 *   extensionEnvironment          extra environment variables for that extension host
 *   onLog(level, text)            every workbench log line (window.codeAutomationLog)
 * The result's waitForExit(timeoutMs) resolves with the code the extension host's test run ended
 * with (window.codeAutomationExit), or rejects on timeout, page crash or code-server exit.
 */
export async function openWorkbench(server, opts = {}) {
  const { onLog } = opts;
  if (!process.env.MR_GATES_CHROMIUM) await ensureBrowser();
  if (!existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}: install Debian's chromium package (apt-get install chromium)`);
  }
  const { chromium } = await import('playwright-core');
  const profileDir = opts.profileDir ?? server.run.browserProfileDir;
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    env: { ...process.env, TMPDIR: server.run.tmpDir },
  });
  // playwright kills the browser it launched when this process exits, however it exits.
  const closeContext = () => context.close().catch(() => {});

  const errors = [];
  let resolveExit;
  const exit = new Promise((r) => (resolveExit = r));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit({ code: Number(code) }));
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    if (level === 'error') errors.push(text);
    onLog?.(level, text);
  });
  page.on('pageerror', (err) => {
    errors.push(`page error: ${err.message}`);
    onLog?.('error', `page error: ${err.message}`);
  });
  page.on('crash', () => resolveExit({ error: 'the browser page crashed' }));
  context.on('close', () => resolveExit({ error: 'the browser closed' }));
  server.exited.then((how) => resolveExit({ error: `code-server ended (${how})` }));

  const url = workbenchUrl(server, opts);
  await page.goto(url, { timeout: 60_000 });

  return {
    context,
    page,
    url,
    /** Workbench error lines and page errors seen so far. */
    errors,
    async waitForExit(timeoutMs) {
      let timer;
      const timeout = new Promise((r) => (timer = setTimeout(() => r({ error: `no result within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs)));
      const outcome = await Promise.race([exit, timeout]);
      clearTimeout(timer);
      if (outcome.error) throw new Error(outcome.error);
      return outcome.code;
    },
    async close() {
      // context.close() can hang when the page is wedged; do not let it block the runner.
      await Promise.race([closeContext(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}
