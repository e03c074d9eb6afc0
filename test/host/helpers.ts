// Tools for the host tests (test/host/*.test.ts), which run inside a real VS Code extension host.
//
// Rule of thumb: never sleep. Wait for a condition with waitFor(), and give it the event that
// signals a change, so the wait ends as soon as the condition holds.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format, promisify } from 'util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

const execFileAsync = promisify(execFile);

/**
 * Prints a line into the test report (and the workbench log), indented under the running test.
 * Use it instead of console.log, whose output only reaches the workbench log.
 */
export function log(...args: unknown[]): void {
  Mocha.reporters.Base.consoleLog(`      ${format(...args)}`);
}

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** What is being waited for; it goes into the timeout error. */
  message?: string;
  /** Re-check the condition whenever this event fires (the normal trigger). */
  event?: vscode.Event<unknown>;
  /** Fallback re-check interval for changes without an event (default 200 ms). */
  pollMs?: number;
}

/**
 * Waits for a condition, not for time: resolves with the first value `probe` returns that is not
 * `undefined` (`null`, `false`, `0` and `''` are results too; return `undefined` for "not yet").
 * The probe runs at once, whenever `event` fires, and — only as a fallback for state without a
 * change event — every `pollMs`. A probe that throws counts as "not yet"; its last error is part of
 * the timeout message. Rejects after `timeoutMs` with `message`.
 *
 *   const repo = await waitFor(() => git.repositories.find(isMine), { event: git.onDidOpenRepository, message: 'repo opened' });
 */
export function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, opts: WaitForOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, message = 'condition', event, pollMs = 200 } = opts;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let running = false;
    let again = false;
    let lastError: unknown;
    const disposables: { dispose(): void }[] = [];
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const d of disposables) d.dispose();
      fn();
    };
    const check = async (): Promise<void> => {
      if (settled) return;
      if (running) {
        again = true; // a change arrived while probing: probe once more afterwards
        return;
      }
      running = true;
      try {
        do {
          again = false;
          try {
            const value = await probe();
            if (value !== undefined) {
              done(() => resolve(value));
              return;
            }
          } catch (err) {
            lastError = err;
          }
        } while (again && !settled);
      } finally {
        running = false;
      }
    };
    const timer = setTimeout(() => {
      const why = lastError === undefined ? '' : ` (last probe error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${message}${why}`)));
    }, timeoutMs);
    const poll = setInterval(() => void check(), pollMs);
    if (event) disposables.push(event(() => void check()));
    void check();
  });
}

/** A fresh folder for one test, under MR_GATES_TEST_TMP (the run's scratch folder) or the OS temp dir. */
export function tmpDir(name: string): string {
  const base = process.env.MR_GATES_TEST_TMP || path.join(os.tmpdir(), 'mr-gates-host-tests');
  fs.mkdirSync(base, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40) || 'tmp';
  return fs.realpathSync(fs.mkdtempSync(path.join(base, `${safe}-`)));
}

/** Runs git in `cwd`, with no system/global config influence on identity. Returns stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return stdout;
}

export interface GitRepoOptions {
  /** Where to create the repository (default: a new tmpDir('repo')). */
  dir?: string;
  /** Remotes to add: name -> URL. */
  remotes: Record<string, string>;
  /** The branch to create and check out (default 'main'). */
  branch?: string;
  /** Files of the initial commit, path -> content (default: a README.md). */
  files?: Record<string, string>;
}

/** Creates a git repository with one commit, the given branch checked out and the given remotes. Returns its real path. */
export async function makeGitRepo(options: GitRepoOptions): Promise<string> {
  const dir = options.dir ?? tmpDir('repo');
  fs.mkdirSync(dir, { recursive: true });
  const root = fs.realpathSync(dir);
  const branch = options.branch ?? 'main';
  await git(root, 'init', '-q', '-b', branch);
  await git(root, 'config', 'user.name', 'MR Gates Tests');
  await git(root, 'config', 'user.email', 'tests@example.invalid');
  await git(root, 'config', 'commit.gpgsign', 'false');
  const files = options.files ?? { 'README.md': '# test repository\n' };
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '--allow-empty', '-m', 'initial commit');
  for (const [name, url] of Object.entries(options.remotes)) await git(root, 'remote', 'add', name, url);
  return root;
}

const samePath = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);
const findFolder = (uri: vscode.Uri): vscode.WorkspaceFolder | undefined =>
  vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === uri.scheme && samePath(f.uri.fsPath, uri.fsPath));

// VS Code refuses a second updateWorkspaceFolders() before the first one's change event: queue them.
let folderQueue: Promise<unknown> = Promise.resolve();
function queued<T>(fn: () => Promise<T>): Promise<T> {
  const next = folderQueue.then(fn, fn);
  folderQueue = next.catch(() => undefined);
  return next;
}

function changeFolders(apply: () => boolean, matches: (e: vscode.WorkspaceFoldersChangeEvent) => boolean, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for the workspace to ${what}`));
    }, 15_000);
    const sub = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      if (!matches(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
    if (!apply()) {
      clearTimeout(timer);
      sub.dispose();
      reject(new Error(`VS Code refused to ${what}`));
    }
  });
}

/**
 * Adds a folder to the (multi-root) test workspace; resolves after onDidChangeWorkspaceFolders
 * reported it. Does nothing if the folder is already open. Returns the workspace folder.
 */
export function addWorkspaceFolder(uri: vscode.Uri, name?: string): Promise<vscode.WorkspaceFolder> {
  return queued(async () => {
    if (!findFolder(uri)) {
      const count = vscode.workspace.workspaceFolders?.length ?? 0;
      await changeFolders(
        () => vscode.workspace.updateWorkspaceFolders(count, 0, name ? { uri, name } : { uri }),
        (e) => e.added.some((f) => samePath(f.uri.fsPath, uri.fsPath)),
        `add ${uri.fsPath}`,
      );
    }
    const folder = findFolder(uri);
    if (!folder) throw new Error(`${uri.fsPath} is not a workspace folder after adding it`);
    return folder;
  });
}

/** Removes a folder from the workspace; resolves after onDidChangeWorkspaceFolders reported it. No-op if absent. */
export function removeWorkspaceFolder(uri: vscode.Uri): Promise<void> {
  return queued(async () => {
    const folder = findFolder(uri);
    if (!folder) return;
    await changeFolders(
      () => vscode.workspace.updateWorkspaceFolders(folder.index, 1),
      (e) => e.removed.some((f) => samePath(f.uri.fsPath, uri.fsPath)),
      `remove ${uri.fsPath}`,
    );
  });
}

// The few parts of the built-in git extension's API (extensions/git/src/api/git.d.ts, v1) the tests use.
export interface GitBranch {
  readonly name?: string;
  readonly commit?: string;
  readonly upstream?: { readonly remote: string; readonly name: string };
}
export interface GitRemote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}
export interface GitRepositoryState {
  readonly HEAD: GitBranch | undefined;
  readonly remotes: GitRemote[];
  readonly onDidChange: vscode.Event<void>;
}
export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  status(): Promise<void>;
}
export interface GitAPI {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitAPI;
}

/** Activates the built-in git extension and returns its API v1, once it has initialized. */
export async function getGitApi(): Promise<GitAPI> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) throw new Error('the built-in git extension (vscode.git) is not available');
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports.enabled) throw new Error('the git extension is disabled (git.enabled is false?)');
  const api = exports.getAPI(1);
  await waitFor(() => (api.state === 'initialized' ? true : undefined), {
    event: api.onDidChangeState,
    message: 'the git extension to initialize',
    timeoutMs: 20_000,
  });
  return api;
}

/** The git API's repository whose root is `rootPath`, if it has one open. */
export function findGitRepository(api: GitAPI, rootPath: string): GitRepository | undefined {
  const want = realpathOr(rootPath);
  return api.repositories.find((r) => realpathOr(r.rootUri.fsPath) === want);
}

/** Resolves once the git extension has opened a repository at `rootPath` (e.g. after addWorkspaceFolder). */
export async function waitForGitRepository(rootPath: string, timeoutMs = 20_000): Promise<GitRepository> {
  const api = await getGitApi();
  return waitFor(() => findGitRepository(api, rootPath), {
    event: api.onDidOpenRepository,
    message: `the git extension to open the repository at ${rootPath}`,
    timeoutMs,
  });
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Runs git in a repository the git extension has open, then has the extension read its state again,
 * as it does when its file watcher fires. The watcher alone can miss a change that lands while the
 * extension is still reading a just-opened repository (seen once in twenty host runs).
 */
export async function gitInOpenRepo(root: string, ...args: string[]): Promise<string> {
  const out = await git(root, ...args);
  await findGitRepository(await getGitApi(), root)?.status();
  return out;
}
