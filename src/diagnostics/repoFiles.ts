// The files a forge's report names, looked up safely. A report comes from a third party, and so may a
// committed symlink: every path resolves through realpath inside the repository's real root, only
// regular files are read, each read is bounded in size and time, and a FIFO or a device can never
// block a thread. The only file-system access of diagnostics/ and views/ is here. No vscode import,
// so the unit tests run it in plain Node.
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { mapWithConcurrency } from '../core/concurrency';
import { LruMap } from '../core/lruMap';
import { normaliseReportedPath, pathInside } from '../core/repoPaths';

export interface ReadLimits {
  /** A bigger file is `tooLarge` and gets no diagnostics. */
  readonly maxBytes: number;
  /** Per file, from realpath to the last byte; a slower file is `unreadable`. */
  readonly timeoutMs: number;
  /** Files resolved and read at the same time. */
  readonly concurrency: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 4 * 1024 * 1024, timeoutMs: 2000, concurrency: 16 };

/** Why a reported file is not read; `invalid` is a path that cannot name a file (empty, NUL, not a string). */
export type RefusalKind = 'outside' | 'notRegular' | 'tooLarge' | 'unreadable' | 'invalid';

export const REFUSAL_KINDS: readonly RefusalKind[] = ['outside', 'notRegular', 'tooLarge', 'unreadable', 'invalid'];

/**
 * What is known about one reported path. `relative` is the `/`-separated path in the repository.
 * `absolute` of a readable file is the real file (links followed), under the root as given: the file to
 * put diagnostics on and to open, never a place outside the repository.
 */
export interface ReadableRepoFile {
  readonly kind: 'readable';
  readonly relative: string;
  readonly absolute: string;
  readonly lines: readonly string[];
}

export type RepoFile =
  | ReadableRepoFile
  | { readonly kind: 'missing'; readonly relative: string }
  | { readonly kind: RefusalKind; readonly relative?: string };

// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer. O_NOFOLLOW: a link swapped
// in after realpath is refused rather than followed. Neither exists on Windows, which has no FIFOs.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const MIN_CHUNK_BYTES = 64 * 1024;

function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function readBounded(handle: fs.FileHandle, expectedSize: number, maxBytes: number, signal: AbortSignal): Promise<Buffer | 'tooLarge' | 'aborted'> {
  const chunks: Buffer[] = [];
  let total = 0;
  // The file may grow after fstat: read until EOF, but never more than one byte past the limit.
  for (;;) {
    if (signal.aborted) return 'aborted';
    const size = Math.min(maxBytes + 1 - total, Math.max(expectedSize - total + 1, MIN_CHUNK_BYTES));
    const chunk = Buffer.allocUnsafe(size);
    const { bytesRead } = await handle.read(chunk, 0, size, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return 'tooLarge';
    // A regular file reads short only at its end: no second read just to see EOF.
    if (bytesRead < size) return Buffer.concat(chunks, total);
  }
}

/** What identifies a version of a file without reading it. */
function versionOf(stat: { dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
}

/**
 * The files read before, by the path they were reported at (under the root) and version (device, inode,
 * size, mtime, ctime): a publish reads again only the files that changed, and looks at the others with
 * one stat. stat follows links: if the path now reaches the same inode in the same version, it is the
 * file that was judged inside the repository and read, whatever links lead to it. Bounded in files and
 * in characters, least recently used out first.
 */
export class FileLinesCache {
  private readonly entries: LruMap<{ version: string; file: ReadableRepoFile; chars: number }>;

  constructor(maxFiles = 4000, maxChars = 64 * 1024 * 1024) {
    this.entries = new LruMap(maxFiles, maxChars, (entry) => entry.chars);
  }

  get(reportedAt: string, version: string): ReadableRepoFile | undefined {
    const entry = this.entries.get(reportedAt);
    return entry?.version === version ? entry.file : undefined;
  }

  set(reportedAt: string, version: string, file: ReadableRepoFile, chars: number): void {
    this.entries.set(reportedAt, { version, file, chars });
  }
}

async function openRegularFile(real: string, relative: string, absolute: string, limits: ReadLimits, signal: AbortSignal, keep?: (version: string, file: ReadableRepoFile, chars: number) => void): Promise<RepoFile> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(real, OPEN_FLAGS);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing', relative };
    // A socket cannot be opened at all (ENXIO); a link swapped in after realpath gives ELOOP.
    const stat = await fs.lstat(real).catch(() => undefined);
    return { kind: stat && !stat.isFile() ? 'notRegular' : 'unreadable', relative };
  }
  try {
    // fstat of the open handle, not stat of the path: what is judged is what would be read.
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'notRegular', relative };
    if (stat.size > limits.maxBytes) return { kind: 'tooLarge', relative };
    const content = await readBounded(handle, stat.size, limits.maxBytes, signal);
    if (content === 'tooLarge') return { kind: 'tooLarge', relative };
    if (content === 'aborted') return { kind: 'unreadable', relative };
    const text = content.toString('utf8');
    const file: ReadableRepoFile = { kind: 'readable', relative, absolute, lines: text.split(/\r?\n/) };
    // Kept under the version fstat saw before the read: a write during the read makes it differ next time.
    keep?.(versionOf(stat), file, text.length);
    return file;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const reportedPathIn = (root: string, relative: string): string => path.join(root, ...relative.split('/'));

/** A file read before and unchanged since, by one stat; undefined for anything else. */
async function cachedFile(root: string, relative: string, cache: FileLinesCache): Promise<RepoFile | undefined> {
  const reportedAt = reportedPathIn(root, relative);
  const stat = await fs.stat(reportedAt).catch(() => undefined);
  return stat?.isFile() ? cache.get(reportedAt, versionOf(stat)) : undefined;
}

/** stat opens nothing (no FIFO can hold it), so many go at once; the slow-disk deadline still holds. */
const CACHE_CHECKS_AT_ONCE = 128;

async function resolveOne(root: string, realRoot: string, relative: string, limits: ReadLimits, signal: AbortSignal, cache?: FileLinesCache): Promise<RepoFile> {
  const reportedAt = reportedPathIn(root, relative);
  let real: string;
  try {
    real = await fs.realpath(reportedAt);
  } catch (error) {
    return { kind: isMissing(error) ? 'missing' : 'unreadable', relative };
  }
  if (signal.aborted) return { kind: 'unreadable', relative };
  // The real root itself can only be reached by a link to it (`.` is refused earlier): a folder.
  if (real === realRoot) return { kind: 'notRegular', relative };
  const inRepo = pathInside(realRoot, real);
  if (inRepo === undefined) return { kind: 'outside', relative };
  return openRegularFile(real, relative, path.join(root, inRepo), limits, signal, cache && ((version, file, chars) => cache.set(reportedAt, version, file, chars)));
}

/**
 * `work`'s result, or `late` once `timeoutMs` passed; then `work`'s signal is aborted, so it stops at its
 * next step (and closes what it opened). A rejection of `work` counts as `late` too.
 */
export async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, late: T): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(late);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal).catch(() => late), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves and reads every reported path of one repository (forge form: relative to `root`, `/` or `\`).
 * The result has one entry per reported path. Never rejects: a problem is the entry's kind.
 */
export async function resolveRepoFiles(root: string, reportedPaths: Iterable<string>, limits: Partial<ReadLimits> = {}, cache?: FileLinesCache): Promise<Map<string, RepoFile>> {
  const bounds: ReadLimits = { ...DEFAULT_READ_LIMITS, ...limits };
  const result = new Map<string, RepoFile>();
  const byRelative = new Map<string, string[]>();
  for (const reported of new Set(reportedPaths)) {
    const normalised = normaliseReportedPath(reported);
    if (!normalised.ok) {
      result.set(reported, { kind: normalised.reason === 'outside' || normalised.reason === 'absolute' ? 'outside' : 'invalid' });
      continue;
    }
    byRelative.set(normalised.relative, [...(byRelative.get(normalised.relative) ?? []), reported]);
  }
  if (byRelative.size === 0) return result;

  const realRoot = await fs.realpath(root).catch(() => undefined);
  const relatives = [...byRelative.keys()];
  const known = new Map<string, RepoFile>();
  if (cache && realRoot !== undefined) {
    const found = await withDeadline(() => mapWithConcurrency(relatives, CACHE_CHECKS_AT_ONCE, (relative) => cachedFile(root, relative, cache)), bounds.timeoutMs, []);
    found.forEach((file, i) => file && known.set(relatives[i], file));
  }
  const toRead = relatives.filter((relative) => !known.has(relative));
  const read = realRoot === undefined
    ? toRead.map((relative): RepoFile => ({ kind: 'missing', relative }))
    : await mapWithConcurrency(toRead, bounds.concurrency, (relative) =>
        withDeadline((signal) => resolveOne(root, realRoot, relative, bounds, signal, cache), bounds.timeoutMs, { kind: 'unreadable', relative }),
      );
  toRead.forEach((relative, i) => known.set(relative, read[i]));
  for (const relative of relatives) {
    for (const reported of byRelative.get(relative) ?? []) result.set(reported, known.get(relative) as RepoFile);
  }
  return result;
}

/** The part of a RepoFile the tree shows; lines are left out, so a content change alone does not redraw. */
function visible(file: RepoFile | undefined): string {
  return file === undefined ? '' : `${file.kind}\0${file.relative ?? ''}\0${file.kind === 'readable' ? file.absolute : ''}`;
}

/**
 * Per repository, per reported path: the publisher's last resolution. A synchronous lookup for the tree,
 * which renders before the first publish may have finished: a path not yet indexed is undefined, and
 * onDidChange names the repository once the index learns more.
 */
export class RepoFileIndex {
  private readonly roots = new Map<string, ReadonlyMap<string, RepoFile>>();
  private readonly listeners = new Set<(root: string) => void>();

  lookup(root: string, reportedPath: string): RepoFile | undefined {
    return this.roots.get(root)?.get(reportedPath);
  }

  /** Replaces what is known about a repository's files. */
  update(root: string, files: ReadonlyMap<string, RepoFile>): void {
    const previous = this.roots.get(root);
    this.roots.set(root, files);
    const changed = !previous || previous.size !== files.size || [...files].some(([reported, file]) => visible(previous.get(reported)) !== visible(file));
    if (changed) this.fire(root);
  }

  forget(root: string): void {
    if (this.roots.delete(root)) this.fire(root);
  }

  onDidChange(listener: (root: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private fire(root: string): void {
    for (const listener of [...this.listeners]) listener(root);
  }
}
