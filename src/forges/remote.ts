// Git remote URL -> { forge, origin, projectPath }. Pure code: no `vscode`, no network.
// Hand-written on top of Node's URL class: git-url-parse misreads `host:group/proj.git` (scp form without a
// user) and knows nothing of instance path prefixes or lookalike hosts, which is most of the work here.
import type { ForgeKind, ForgeLocation, InstanceConfig } from '../core/model';
import { decodeSegments } from '../core/urlSegments';

/** The public forges, by host. Configured instances never override these. */
export const PUBLIC_HOSTS: Readonly<Record<string, ForgeKind>> = Object.freeze({
  'gitlab.com': 'gitlab',
  'jihulab.com': 'gitlab',
  'gitee.com': 'gitee',
  'github.com': 'github',
});

/** Hosts that serve a public forge's ssh on port 443. They have no web UI of their own. */
const SSH_ALIAS_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  'altssh.gitlab.com': 'gitlab.com',
  'ssh.github.com': 'github.com',
});

/** URL schemes whose host is a forge's but whose port says nothing about its web UI. */
const SSH_LIKE_SCHEMES = new Set(['ssh:', 'git+ssh:', 'ssh+git:', 'git:']);

/** `[user@]host:path`, git's scp-like syntax: no slash before the first colon. */
const SCP_LIKE = /^(?:[^@:/\s]+@)?(\[[^\]/]+\]|[^@:/\s[\]]+):(.+)$/;

interface ParsedRemote {
  /** http(s) remotes tell the web scheme and port; ssh-like ones say nothing about them. */
  readonly web?: { readonly scheme: string; readonly port: string };
  readonly host: string;
  /** Decoded path segments, without a trailing `.git`. */
  readonly segments: readonly string[];
}

interface ParsedInstance {
  readonly forge: ForgeKind;
  readonly origin: string;
  readonly host: string;
  /** Only a port written in the URL; default ports are dropped by normalisation. */
  readonly port: string;
  /** Decoded, for matching remote paths. */
  readonly prefix: readonly string[];
  /** As written in the origin: `/gitlab` or empty. */
  readonly prefixPath: string;
}

/**
 * Normalises a user-typed or configured instance URL to an origin: scheme://host[:port][/prefix], lowercased host,
 * no trailing slash, no query/fragment/credentials. Throws for anything that is not an http(s) URL.
 */
export function normaliseOrigin(url: string): string {
  const trimmed = url.trim();
  if (!trimmed) throw new Error('The instance URL is empty. Expected something like https://gitlab.example.com');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    // The input is not echoed: it may carry a token.
    throw new Error('The instance URL is not a valid URL. Expected something like https://gitlab.example.com');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`The instance URL must start with http:// or https://, not ${parsed.protocol}//`);
  }
  const host = canonicalHost(parsed.hostname);
  if (!host) throw new Error('The instance URL has no host name.');
  const prefix = parsed.pathname.split('/').filter(Boolean).join('/');
  return `${parsed.protocol}//${withPort(host, parsed.port)}${prefix ? `/${prefix}` : ''}`;
}

/** Which forge serves this origin: a public host, or one of the configured instances; undefined if unknown. */
export function forgeForOrigin(origin: string, instances: readonly InstanceConfig[] = []): ForgeKind | undefined {
  let url: URL;
  try {
    url = new URL(normaliseOrigin(origin));
  } catch {
    return undefined;
  }
  const host = canonicalHost(url.hostname);
  const publicForge = publicForgeOf(host);
  if (publicForge) return publicForge;
  const segments = decodeSegments(url.pathname);
  if (!segments) return undefined;
  return bestInstance({ web: { scheme: url.protocol, port: url.port }, host, segments }, parseInstances(instances))?.forge;
}

/** A git remote URL plus the configured instances -> where the project lives, or undefined when the host is not a known forge. */
export function parseRemote(remoteUrl: string, instances: readonly InstanceConfig[] = []): ForgeLocation | undefined {
  const remote = parseRemoteUrl(remoteUrl.trim());
  if (!remote) return undefined;

  const publicHost = remote.web ? remote.host : (lookup(SSH_ALIAS_HOSTS, remote.host) ?? remote.host);
  const publicForge = publicForgeOf(publicHost);
  if (publicForge) {
    const origin = remote.web ? `${remote.web.scheme}//${withPort(publicHost, remote.web.port)}` : `https://${publicHost}`;
    return location(publicForge, origin, remote.segments);
  }

  const instance = bestInstance(remote, parseInstances(instances));
  if (!instance) return undefined;
  if (!remote.web) return location(instance.forge, instance.origin, remote.segments);
  const origin = `${remote.web.scheme}//${withPort(remote.host, remote.web.port)}${instance.prefixPath}`;
  return location(instance.forge, origin, remote.segments.slice(instance.prefix.length));
}

function parseRemoteUrl(remote: string): ParsedRemote | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return undefined;
    }
    const segments = repositorySegments(url.pathname);
    const host = canonicalHost(url.hostname);
    if (!segments || !host) return undefined;
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return { web: { scheme: url.protocol, port: url.port }, host, segments };
    }
    return SSH_LIKE_SCHEMES.has(url.protocol) ? { host, segments } : undefined;
  }
  const scp = SCP_LIKE.exec(remote);
  // A one-letter "host" is a Windows drive (C:/repo), as git itself decides.
  if (!scp || /^[a-z]$/i.test(scp[1])) return undefined;
  const segments = repositorySegments(scp[2]);
  const host = canonicalHost(scp[1]);
  return segments && host ? { host, segments } : undefined;
}

/** The repository path of a remote: its segments without a trailing `.git`. */
function repositorySegments(path: string): string[] | undefined {
  const segments = decodeSegments(path);
  const last = segments ? segments.length - 1 : -1;
  if (segments && last >= 0 && segments[last].endsWith('.git')) {
    segments[last] = segments[last].slice(0, -'.git'.length);
    if (!segments[last]) return undefined;
  }
  return segments;
}

function parseInstances(instances: readonly InstanceConfig[]): ParsedInstance[] {
  const parsed: ParsedInstance[] = [];
  for (const instance of instances) {
    let origin: string;
    try {
      origin = normaliseOrigin(instance.url);
    } catch {
      continue; // A broken setting must not stop the other instances (or the public hosts) from working.
    }
    const url = new URL(origin);
    const prefix = decodeSegments(url.pathname);
    const host = canonicalHost(url.hostname);
    // Config may not remap a public host.
    if (!prefix || publicForgeOf(host)) continue;
    const prefixPath = url.pathname === '/' ? '' : url.pathname;
    parsed.push({ forge: instance.forge, origin, host, port: url.port, prefix, prefixPath });
  }
  return parsed;
}

/** The instance serving this remote; for http(s) the longest matching path prefix wins. */
function bestInstance(remote: ParsedRemote, instances: readonly ParsedInstance[]): ParsedInstance | undefined {
  // ssh paths are never prefixed, so an ssh remote matches by host alone and the first instance wins.
  if (!remote.web) return instances.find((instance) => instance.host === remote.host);
  const webPort = remote.web.port;
  let best: ParsedInstance | undefined;
  for (const instance of instances) {
    if (instance.host !== remote.host || (instance.port && instance.port !== webPort)) continue;
    if (!instance.prefix.every((segment, i) => remote.segments[i] === segment)) continue;
    if (!best || instance.prefix.length > best.prefix.length) best = instance;
  }
  return best;
}

function location(forge: ForgeKind, origin: string, segments: readonly string[]): ForgeLocation | undefined {
  const valid = forge === 'gitlab' ? segments.length >= 2 : segments.length === 2;
  return valid ? { forge, origin, projectPath: segments.join('/') } : undefined;
}

function publicForgeOf(host: string): ForgeKind | undefined {
  return lookup(PUBLIC_HOSTS, host);
}

/** Own properties only, so that a host named `constructor` finds nothing. */
function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Lowercase, without the trailing dot of a fully qualified name (`gitlab.com.` is gitlab.com). */
function canonicalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function withPort(host: string, port: string): string {
  return port ? `${host}:${port}` : host;
}

/** The instances an MR URL may be on: the public hosts over https, then the configured ones (never remapping a public host). */
export function knownInstances(instances: readonly InstanceConfig[] = []): { forge: ForgeKind; origin: string }[] {
  const configured = parseInstances(instances).map(({ forge, origin }) => ({ forge, origin }));
  return [...Object.entries(PUBLIC_HOSTS).map(([host, forge]) => ({ forge, origin: `https://${host}` })), ...configured];
}
