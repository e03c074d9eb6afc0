// Forge paths (annotations, Code Quality findings) → files inside the repository root.
// A report comes from a third party: whatever it names must stay inside the repository, or it is dropped.
import * as path from 'node:path';

export type DropReason = 'outside' | 'absolute' | 'empty' | 'invalid';

export type ResolvedPath =
  | { readonly ok: true; readonly absolute: string; readonly relative: string }
  | { readonly ok: false; readonly reason: DropReason };

export interface ResolveOptions {
  /** The path flavour of `repoRoot`; the running OS's by default (tests pass `path.win32`). */
  readonly platformPath?: Pick<path.PlatformPath, 'join'>;
}

const WINDOWS_DRIVE = /^[A-Za-z]:/;
// Some tools (SARIF converters) report `file:///…` URIs; such a location is absolute by definition.
const FILE_URI = /^file:/i;

/**
 * Resolves `reportedPath`, which a forge gives relative to the repository root, against `repoRoot`
 * (an absolute path of this OS). `relative` always uses `/`; `absolute` uses the OS's separators.
 * Percent-escapes are not decoded: a file may really be named `a%20b.ts`.
 */
export function resolveInRepo(repoRoot: string, reportedPath: string, options: ResolveOptions = {}): ResolvedPath {
  const normalised = normaliseReportedPath(reportedPath);
  if (!normalised.ok) return normalised;
  const platformPath = options.platformPath ?? path;
  // join (not resolve): resolve would restart at a `c:`-like segment on Windows; join only normalises.
  return { ok: true, relative: normalised.relative, absolute: platformPath.join(repoRoot, normalised.relative) };
}

/** The repository-relative, `/`-separated form of a reported path, or why it cannot name a file in the repo. */
export function normaliseReportedPath(
  reportedPath: string,
): { readonly ok: true; readonly relative: string } | { readonly ok: false; readonly reason: DropReason } {
  if (typeof reportedPath !== 'string') return { ok: false, reason: 'invalid' };
  if (reportedPath === '') return { ok: false, reason: 'empty' };
  if (reportedPath.includes('\0')) return { ok: false, reason: 'invalid' };

  // Windows runners report `src\a.ts`; after this, a UNC `\\srv\x` is `//srv/x` and caught as absolute.
  const slashed = reportedPath.replace(/\\/g, '/');
  if (path.posix.isAbsolute(slashed) || WINDOWS_DRIVE.test(slashed) || FILE_URI.test(slashed)) {
    return { ok: false, reason: 'absolute' };
  }

  const normalised = path.posix.normalize(slashed).replace(/\/+$/, '');
  if (normalised === '..' || normalised.startsWith('../')) return { ok: false, reason: 'outside' };
  // `.`, `./` and `a/..` name the root itself, not a file.
  if (normalised === '' || normalised === '.') return { ok: false, reason: 'empty' };
  return { ok: true, relative: normalised };
}

/**
 * `absolute` relative to `root` (both of this OS), or undefined when it is not strictly inside: the root
 * itself, a parent, a sibling sharing a prefix, another drive. Purely lexical: resolve links first.
 */
export function pathInside(root: string, absolute: string): string | undefined {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative;
}
