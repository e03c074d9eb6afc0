// How the HTTP client words what went wrong: a forge's error body, a body it cannot read, a network
// failure. Each returns a ForgeError whose detail is one short line; the client redacts it afterwards.
import { WireError, type WireResponse } from './wire';
import { ForgeError, kindForStatus } from './errors';
import { retryAfterMs } from './waits';

const MAX_DETAIL = 300;

export function networkDetail(e: WireError): string {
  const code = e.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved; check the URL';
    case 'ECONNREFUSED':
      return 'the connection was refused; is the instance running at that address?';
    case 'ECONNRESET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'the connection was closed before the answer arrived';
    case 'CERT_HAS_EXPIRED':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `the TLS certificate was not trusted (${code}); set mrGates.tls.caFile to your CA`;
    default:
      return oneLine(code ? `${code}: ${e.message}` : e.message);
  }
}

/** Text for a message: URLs lose their query (it may hold secrets), control characters and runs of space go. */
export function oneLine(text: string): string {
  const flat = text
    .replace(/(https?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

export function parseJson<T>(text: string, contentType: string | null): T {
  if (looksLikeHtml(text, contentType)) {
    throw new ForgeError('badResponse', 'the server answered with an HTML page instead of JSON; check the instance URL, or a proxy may be in the way');
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ForgeError('badResponse', `the JSON is malformed or cut short (${text.length} bytes received)`);
  }
}

export function errorFromResponse(response: WireResponse, text: string): ForgeError {
  let kind = kindForStatus(response.status);
  const rateLimitExhausted = response.headers.get('x-ratelimit-remaining') === '0' || response.headers.get('ratelimit-remaining') === '0';
  if (response.status === 403 && rateLimitExhausted) kind = 'rateLimited';
  const wait = kind === 'rateLimited' ? retryAfterMs(response.headers) : undefined;
  return new ForgeError(kind, forgeMessage(text, response), response.status, wait);
}

/** The forge's own words from an error body: GitLab {message|error}, GitHub {message, errors}, or plain text. */
function forgeMessage(text: string, response: WireResponse): string {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (looksLikeHtml(text, response.headers.get('content-type'))) return `${status}, an HTML page instead of JSON`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the plain text below
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    const parts = [fields.message, fields.error, fields.error_description].map((m) => wordsOf(m)).filter((m) => m !== '');
    if (Array.isArray(fields.errors)) parts.push(...fields.errors.map((x) => wordsOf(x)).filter((m) => m !== ''));
    if (parts.length) return oneLine(parts.join('; '));
  }
  const plain = oneLine(text);
  return plain ? `${status}: ${plain}` : status;
}

/**
 * Readable words from a JSON value: GitLab's validation errors `{"title":["can't be blank"]}` become
 * "title: can't be blank", a list is joined with "; ", GitHub's error objects list their fields.
 */
function wordsOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || depth > 3) return '';
  if (Array.isArray(value)) return value.map((v) => wordsOf(v, depth + 1)).filter((w) => w !== '').join('; ');
  return Object.entries(value)
    .map(([key, v]) => [key, wordsOf(v, depth + 1)])
    .filter(([, w]) => w !== '')
    .map(([key, w]) => (key === 'base' ? w : `${key}: ${w}`))
    .join(', ');
}

/** Where a redirect goes; only http(s) URLs are followed. */
export function redirectTarget(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ForgeError('badResponse', 'the forge redirected to an address that cannot be read');
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new ForgeError('badResponse', `the forge redirected to a ${next.protocol} address, which is refused`);
  return next;
}

/** Whatever a fetch threw, as the ForgeError a user can be told about. */
export function toForgeError(e: unknown, timeout: AbortSignal, userSignal: AbortSignal | undefined, timeoutMs: number): ForgeError {
  if (e instanceof ForgeError) return e;
  if (userSignal?.aborted) return new ForgeError('canceled');
  if (timeout.aborted) return new ForgeError('timeout', `no complete answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
  if (e instanceof WireError) {
    if (e.type === 'max-size') return new ForgeError('badResponse', 'the response is too large');
    return new ForgeError('network', networkDetail(e));
  }
  return new ForgeError('network', oneLine(e instanceof Error ? e.message : String(e)));
}
