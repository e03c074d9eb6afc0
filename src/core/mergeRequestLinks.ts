// What Open Merge Request… accepts: the URL of an MR/PR on a known instance, or `!12` / `#12` / `12`
// for a project of the workspace. Pure code, no `vscode`: the command hands in the known instances
// (public hosts and the configured ones, origins normalised) and says the problem in the user's words.
import type { ForgeKind } from './model';
import { decodeSegments as decodePathSegments } from './urlSegments';

export interface KnownInstance {
  readonly forge: ForgeKind;
  /** scheme://host[:port][/prefix], normalised (lowercase host, no trailing slash). */
  readonly origin: string;
}

/** An MR/PR named by its URL: where it lives, and its number. */
export interface LinkedMergeRequest {
  readonly forge: ForgeKind;
  readonly origin: string;
  readonly projectPath: string;
  readonly number: number;
}

export type MergeRequestInput =
  | { readonly kind: 'url'; readonly target: LinkedMergeRequest }
  /** A number for a workspace project; the sigil as typed (`!`, `#`, or none). */
  | { readonly kind: 'number'; readonly number: number; readonly sigil: '!' | '#' | '' };

export type InputProblem =
  | 'empty'
  /** Neither a URL nor `!N` / `#N`. */
  | 'notUnderstood'
  /** A URL whose scheme is not http(s) (javascript:, file:, …). */
  | 'scheme'
  /** A URL on a host that is no public forge and no configured instance. */
  | 'unknownHost'
  /** A URL on a known instance that is not an MR/PR page of a project. */
  | 'notMergeRequest'
  /** A number that is zero, too large or not a plain number. */
  | 'badNumber';

export type ParsedInput = { readonly ok: true; readonly input: MergeRequestInput } | { readonly ok: false; readonly problem: InputProblem };

/** GitLab's iid and the PR numbers are 32-bit integers on the forges' side. */
export const MAX_MERGE_REQUEST_NUMBER = 2_147_483_647;
/** Nothing longer than this is a URL anyone pastes; a longer one is not parsed at all. */
const MAX_INPUT_LENGTH = 2048;

/** A positive decimal number without sign, exponent or leading zeros, no larger than the forges take. */
export function parseMergeRequestNumber(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_MERGE_REQUEST_NUMBER ? n : undefined;
}

export function parseMergeRequestInput(raw: string, instances: readonly KnownInstance[]): ParsedInput {
  const text = raw.trim();
  if (!text) return { ok: false, problem: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, problem: 'notUnderstood' };
  const short = /^([!#]?)\s*([0-9]+)$/.exec(text);
  if (short) {
    const number = parseMergeRequestNumber(short[2]);
    return number ? { ok: true, input: { kind: 'number', number, sigil: short[1] as '!' | '#' | '' } } : { ok: false, problem: 'badNumber' };
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return { ok: false, problem: 'notUnderstood' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'notUnderstood' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  const segments = decodeSegments(url.pathname);
  if (!segments) return { ok: false, problem: 'notMergeRequest' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const instance = bestInstance(url.protocol, url.port ? `${host}:${url.port}` : host, segments, instances);
  if (!instance) return { ok: false, problem: 'unknownHost' };
  const found = mergeRequestPath(instance.forge, segments.slice(instance.prefix.length));
  if (!found) return { ok: false, problem: 'notMergeRequest' };
  const number = parseMergeRequestNumber(found.number);
  if (!number) return { ok: false, problem: 'badNumber' };
  return { ok: true, input: { kind: 'url', target: { forge: instance.forge, origin: instance.origin, projectPath: found.projectPath, number } } };
}

/** The configured instance (or public host) serving this URL: same scheme, host and port, the longest path prefix. */
function bestInstance(scheme: string, hostPort: string, segments: readonly string[], instances: readonly KnownInstance[]): (KnownInstance & { prefix: string[] }) | undefined {
  let best: (KnownInstance & { prefix: string[] }) | undefined;
  for (const instance of instances) {
    let origin: URL;
    try {
      origin = new URL(instance.origin);
    } catch {
      continue;
    }
    const prefix = decodeSegments(origin.pathname);
    if (!prefix || origin.protocol !== scheme || origin.host.toLowerCase() !== hostPort) continue;
    if (!prefix.every((segment, i) => segments[i] === segment)) continue;
    if (!best || prefix.length > best.prefix.length) best = { ...instance, prefix };
  }
  return best;
}

/**
 * The project and number of an MR/PR page, and of its tabs (…/diffs, …/files, …/checks):
 * GitLab `group/sub/project/-/merge_requests/12`, GitHub `owner/repo/pull/12`, Gitee `owner/repo/pulls/12`.
 */
function mergeRequestPath(forge: ForgeKind, segments: readonly string[]): { projectPath: string; number: string } | undefined {
  if (forge === 'gitlab') {
    const dash = segments.indexOf('-');
    if (dash < 2 || segments[dash + 1] !== 'merge_requests' || segments[dash + 2] === undefined) return undefined;
    return { projectPath: segments.slice(0, dash).join('/'), number: segments[dash + 2] };
  }
  const word = forge === 'github' ? 'pull' : 'pulls';
  if (segments.length < 4 || segments[2] !== word) return undefined;
  return { projectPath: `${segments[0]}/${segments[1]}`, number: segments[3] };
}

/** The decoded segments, refused also for a NUL or a segment with spaces at its ends (a pasted link is typed text). */
function decodeSegments(path: string): string[] | undefined {
  const segments = decodePathSegments(path);
  return segments && segments.every((segment) => !segment.includes('\0') && segment.trim() === segment) ? segments : undefined;
}
