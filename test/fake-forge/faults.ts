// Per-route fault injection. A fault is matched on the method and the raw path after the instance
// prefix; the newest matching fault wins. Parts combine: `delayMs` is waited first, then the
// first of hang / reset / redirectTo / slowBody / malformed / status applies; `headers` alone are
// added to the normal answer.
import type { Reply } from './types';
import { pathMatches } from './recorder';
import { mergeHeaders, statusText, toRaw, type RawReply } from './wire';

export type MalformedKind = 'html' | 'truncated' | 'wrongType' | 'huge' | 'empty';

export interface Fault {
  /**
   * Answer with this status and `body` (default: a `{"message":"<status> <reason>"}` JSON body).
   * Also the status of `redirectTo` and `malformed`.
   */
  status?: number;
  /** A string is sent as text/plain (unless `headers` set a content-type); an object as JSON. Alone: status 200. */
  body?: string | object;
  /** Extra response headers (e.g. Retry-After). Alone, they are added to the normal answer. */
  headers?: Record<string, string>;
  /** Wait this long, then answer (normally, or as the rest of the fault says). */
  delayMs?: number;
  /**
   * Answer only once this settles (after delayMs): a test holds one answer until the client has sent
   * another request, which shows the two went out together rather than one after the other.
   */
  until?: Promise<unknown>;
  /**
   * html: an HTML page (a sign-in page with 200, an nginx error page otherwise);
   * truncated: the normal JSON cut in half, content-type and content-length consistent;
   * wrongType: JSON of the wrong type (a string for an object, an object for an array);
   * huge: a JSON body over 5 MB, sent chunked; empty: an empty body (200 unless `status`).
   */
  malformed?: MalformedKind;
  /** Destroy the socket without answering. */
  reset?: true;
  /** Redirect here (status default 302). A value starting with '/' is resolved against the instance url. */
  redirectTo?: string;
  /** Never answer (until the client gives up or the forge closes). */
  hang?: true;
  /**
   * Send the status, the headers and the first half of the normal body, then withhold the rest until
   * the client gives up or the forge closes: a body that trickles slower than any client timeout.
   */
  slowBody?: true;
}

export interface FaultMatch {
  /** Any method when omitted; case-insensitive. */
  method?: string;
  /** Exact raw path after the prefix (`/api/v4/user`), or a RegExp tested against it. */
  path: string | RegExp;
  /** How many matching requests get the fault; forever when omitted. */
  times?: number;
}

export interface FaultHandle {
  /** Requests that got this fault so far. */
  readonly hits: number;
  /** False once removed or used up. */
  readonly active: boolean;
  remove(): void;
}

/** The size of a `huge` body: comfortably over 5 MB. */
export const HUGE_BODY_BYTES = 6 * 1024 * 1024;

interface Entry {
  readonly match: FaultMatch;
  readonly fault: Fault;
  remaining: number;
  hits: number;
  active: boolean;
}

const FAULT_KEYS: ReadonlyArray<keyof Fault> = ['status', 'body', 'headers', 'delayMs', 'until', 'malformed', 'reset', 'redirectTo', 'hang', 'slowBody'];

/**
 * A fault that only delays or holds the answer: it is the normal one, validators and 304s included (a
 * round-trip time must not turn conditional requests off). Added headers change what the answer says
 * (a pagination link, a rate limit), so such an answer is always sent whole, without validators.
 */
export function answersNormally(fault: Fault): boolean {
  return FAULT_KEYS.every((key) => key === 'delayMs' || key === 'until' || fault[key] === undefined);
}

export class FaultRegistry {
  private entries: Entry[] = [];

  add(match: FaultMatch, fault: Fault): FaultHandle {
    if (!FAULT_KEYS.some((k) => fault[k] !== undefined)) throw new Error('fake forge: empty fault');
    if (match.times !== undefined && (!Number.isInteger(match.times) || match.times < 1)) throw new Error('fake forge: times must be >= 1');
    const entry: Entry = { match, fault, remaining: match.times ?? Infinity, hits: 0, active: true };
    this.entries.push(entry);
    const remove = (): void => {
      entry.active = false;
      this.entries = this.entries.filter((e) => e !== entry);
    };
    return {
      get hits() {
        return entry.hits;
      },
      get active() {
        return entry.active;
      },
      remove,
    };
  }

  clear(): void {
    for (const entry of this.entries) entry.active = false;
    this.entries = [];
  }

  /** The newest active fault for this request; counts the hit and retires used-up faults. */
  take(method: string, path: string): Fault | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry.match.method !== undefined && entry.match.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(path, entry.match.path)) continue;
      entry.hits++;
      entry.remaining--;
      if (entry.remaining <= 0) {
        entry.active = false;
        this.entries.splice(i, 1);
      }
      return entry.fault;
    }
    return undefined;
  }
}

function htmlPage(status: number): string {
  if (status === 200) {
    // What an SSO proxy or a captive portal answers in place of the API.
    return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>\n' +
      '<body><form method="post" action="/users/sign_in"><input name="login"><input name="password" type="password"></form></body></html>\n';
  }
  const title = `${status} ${statusText(status)}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function wrongTypeOf(value: unknown): unknown {
  if (Array.isArray(value)) return { message: 'expected an array, got an object' };
  if (value !== null && typeof value === 'object') return 'expected an object, got a string';
  return [];
}

function hugeBody(): Buffer {
  const head = '{"message":"huge","padding":"';
  const tail = '"}';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(HUGE_BODY_BYTES, 'x'), Buffer.from(tail)]);
}

/**
 * The answer for a fault that answers (hang and reset are the server's business, delay too).
 * `normal` produces the route's real reply when the fault needs it.
 */
export async function renderFault(
  fault: Fault,
  normal: () => Promise<Reply>,
  instanceUrl: string,
  common: Record<string, string>,
): Promise<RawReply> {
  if (fault.redirectTo !== undefined) {
    const location = fault.redirectTo.startsWith('/') ? instanceUrl + fault.redirectTo : fault.redirectTo;
    return { status: fault.status ?? 302, headers: mergeHeaders(fault.headers, { location }), body: '' };
  }
  if (fault.slowBody) {
    const raw = toRaw(await normal(), common);
    const body = Buffer.from(raw.body);
    // A content-length beyond what is written keeps the client waiting for the rest; `chunked` stops the
    // server from setting the true length (with the header present, Node sends no chunked framing).
    const headers = mergeHeaders(raw.headers, fault.headers, { 'content-length': String(Math.max(body.length, 1)) });
    return { status: fault.status ?? raw.status, headers, body: body.subarray(0, Math.floor(body.length / 2)), chunked: true };
  }
  if (fault.malformed !== undefined) {
    switch (fault.malformed) {
      case 'html': {
        const status = fault.status ?? 200;
        return { status, headers: mergeHeaders(fault.headers, { 'content-type': 'text/html; charset=utf-8' }), body: htmlPage(status) };
      }
      case 'empty':
        return { status: fault.status ?? 200, headers: mergeHeaders(common, { 'content-type': 'application/json; charset=utf-8' }, fault.headers), body: '' };
      case 'huge':
        return { status: fault.status ?? 200, headers: mergeHeaders(common, { 'content-type': 'application/json; charset=utf-8' }, fault.headers), body: hugeBody(), chunked: true };
      case 'truncated': {
        const raw = toRaw(await normal(), common);
        const text = raw.body.toString();
        return { status: fault.status ?? raw.status, headers: mergeHeaders(raw.headers, fault.headers), body: text.slice(0, Math.floor(text.length / 2)) };
      }
      case 'wrongType': {
        const reply = await normal();
        const swapped: Reply = { status: fault.status ?? reply.status, json: wrongTypeOf(reply.json), headers: reply.headers };
        const raw = toRaw(swapped, common);
        return { ...raw, headers: mergeHeaders(raw.headers, fault.headers) };
      }
    }
  }
  if (fault.status !== undefined || fault.body !== undefined) {
    const status = fault.status ?? 200;
    const body = fault.body ?? { message: `${status} ${statusText(status)}` };
    const reply: Reply = typeof body === 'string' ? { status, text: body } : { status, json: body };
    return toRaw({ ...reply, headers: fault.headers }, common);
  }
  // Only delay and/or headers: the normal answer, with the extra headers.
  const raw = toRaw(await normal(), common);
  return { ...raw, headers: mergeHeaders(raw.headers, fault.headers) };
}
