// The one HTTP client every adapter uses. It owns the security rules of DESIGN.md §4:
// the token goes only to its own API origin, in a header, never over plain http except loopback, and
// a redirect to anywhere else drops it. It also owns timeouts, retries, 429 handling and body checks.
import fetch, { FetchError, type Response } from 'node-fetch';
import { ForgeError, kindForStatus } from './errors';
import { silentLog, type LogSink } from './log';
import { nextPageUrl, type PaginationStyle } from './pagination';
import { isLoopbackHost, Transport } from './transport';

export interface HttpClientOptions {
  /** Absolute API root, e.g. https://gitlab.example/gitlab/api/v4. The token is scoped to it. */
  readonly apiBase: string;
  readonly token?: string;
  /** Header(s) carrying the token, per forge. */
  readonly authHeaders?: (token: string) => Record<string, string>;
  readonly defaultHeaders?: Record<string, string>;
  readonly transport?: Transport;
  readonly log?: LogSink;
  readonly timeoutMs?: number;
  /** Extra tries for idempotent requests after a 5xx, a network error, or a short 429. */
  readonly maxRetries?: number;
  /** First backoff delay; doubles per try. */
  readonly backoffMs?: number;
  /** A 429 asking to wait longer than this is not retried in place: the caller backs off instead. */
  readonly maxRetryWaitMs?: number;
  /** Bodies larger than this are refused as badResponse. */
  readonly maxBodyBytes?: number;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: { get(name: string): string | null };
  readonly url: string;
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'mr-gates-vscode';

export class HttpClient {
  readonly apiBase: string;
  private readonly apiScope: URL;
  private readonly log: LogSink;

  constructor(private readonly options: HttpClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.apiScope = new URL(`${this.apiBase}/`);
    this.log = options.log ?? silentLog;
  }

  /** Resolves an API path ("/user") or an absolute URL (a Link header's) against the API root. */
  resolve(pathOrUrl: string, query?: RequestOptions['query']): URL {
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(`${this.apiBase}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>(method, path, options);
  }

  /** Reads every page of a list. `extract` picks the array out of a page (GitHub wraps some lists). */
  async paginate<T>(
    path: string,
    style: PaginationStyle,
    options: RequestOptions & { maxPages?: number; extract?: (page: unknown) => unknown } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    const maxPages = options.maxPages ?? 50;
    let url: string | undefined = this.resolve(path, options.query).toString();
    for (let page = 0; url && page < maxPages; page++) {
      const response: HttpResponse<unknown> = await this.get<unknown>(url, { signal: options.signal, headers: options.headers });
      const list = options.extract ? options.extract(response.data) : response.data;
      if (!Array.isArray(list)) throw new ForgeError('badResponse', `expected a list from ${this.describe(new URL(response.url))}`);
      items.push(...(list as T[]));
      url = list.length === 0 ? undefined : nextPageUrl(style, response.url, response.headers);
    }
    return items;
  }

  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = this.resolve(pathOrUrl, options.query);
    const idempotent = method === 'GET' || method === 'HEAD';
    const maxRetries = idempotent ? (this.options.maxRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt<T>(method, url, options);
      } catch (e) {
        const waitMs = attempt < maxRetries ? this.retryDelay(e, attempt) : undefined;
        if (waitMs === undefined) throw e;
        this.log.info(`${method} ${this.describe(url)}: ${(e as Error).message}; retrying in ${waitMs} ms`);
        await abortableDelay(waitMs, options.signal);
      }
    }
  }

  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (!(error instanceof ForgeError)) return undefined;
    const backoff = (this.options.backoffMs ?? 400) * 2 ** attempt;
    switch (error.kind) {
      case 'server':
      case 'network':
        return backoff;
      case 'rateLimited': {
        const wait = error.retryAfterMs ?? backoff;
        return wait <= (this.options.maxRetryWaitMs ?? 5000) ? wait : undefined;
      }
      default:
        return undefined;
    }
  }

  /** True when the token may go to this URL: same origin as the API root and under its path. */
  mayCarryToken(url: URL): boolean {
    return url.origin === this.apiScope.origin && `${url.pathname}/`.startsWith(this.apiScope.pathname);
  }

  private headersFor(url: URL, options: RequestOptions, withBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...this.options.defaultHeaders,
      ...options.headers,
    };
    if (withBody) headers['content-type'] = 'application/json';
    const { token, authHeaders } = this.options;
    if (token && authHeaders && this.mayCarryToken(url)) {
      if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
        throw new ForgeError('insecure', `${url.origin} uses plain http; use https, or a loopback address for local testing`);
      }
      Object.assign(headers, authHeaders(token));
    }
    return headers;
  }

  private async attempt<T>(method: string, startUrl: URL, options: RequestOptions): Promise<HttpResponse<T>> {
    const timeoutMs = this.options.timeoutMs ?? 15000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const hasBody = options.body !== undefined;
    let url = startUrl;
    let requestMethod = method;
    const started = Date.now();
    try {
      for (let hop = 0; ; hop++) {
        const response = await fetch(url.toString(), {
          method: requestMethod,
          headers: this.headersFor(url, options, hasBody && requestMethod !== 'GET'),
          body: hasBody && requestMethod !== 'GET' ? JSON.stringify(options.body) : undefined,
          redirect: 'manual',
          signal,
          agent: (u: URL) => this.options.transport?.agentFor(u),
          size: this.options.maxBodyBytes ?? 8 * 1024 * 1024,
        });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          if (hop >= MAX_REDIRECTS) throw new ForgeError('badResponse', 'too many redirects');
          const next = new URL(location, url);
          if (!this.mayCarryToken(next)) this.log.warn(`Redirect from ${this.describe(url)} to ${next.origin} leaves the API: the token is not sent there.`);
          // 303, and 301/302 after POST, turn into GET as browsers do; 307/308 keep the method.
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && requestMethod !== 'GET')) requestMethod = 'GET';
          url = next;
          continue;
        }
        const result = await this.readResponse<T>(response, url);
        this.log.debug(`${requestMethod} ${this.describe(url)} → ${response.status} (${Date.now() - started} ms)`);
        return result;
      }
    } catch (e) {
      const error = this.toForgeError(e, timeout, options.signal, timeoutMs);
      if (!(e instanceof ForgeError && e.kind === 'notFound')) this.log.warn(`${requestMethod} ${this.describe(url)} failed after ${Date.now() - started} ms: ${error.message}`);
      throw error;
    }
  }

  private async readResponse<T>(response: Response, url: URL): Promise<HttpResponse<T>> {
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response, text);
    if (response.status === 204 || text.trim() === '') {
      return { status: response.status, data: undefined as T, headers: response.headers, url: url.toString() };
    }
    return { status: response.status, data: parseJson<T>(text, response.headers.get('content-type')), headers: response.headers, url: url.toString() };
  }

  private toForgeError(e: unknown, timeout: AbortSignal, userSignal: AbortSignal | undefined, timeoutMs: number): ForgeError {
    if (e instanceof ForgeError) return e;
    if (userSignal?.aborted) return new ForgeError('canceled');
    if (timeout.aborted) return new ForgeError('timeout', `no answer within ${Math.round(timeoutMs / 1000)} s`);
    if (e instanceof FetchError) {
      if (e.type === 'max-size') return new ForgeError('badResponse', 'the response is too large');
      if (e.type === 'invalid-json') return new ForgeError('badResponse', 'the response is not valid JSON');
      return new ForgeError('network', networkDetail(e));
    }
    return new ForgeError('network', e instanceof Error ? e.message : String(e));
  }

  /** A URL for logs and messages: origin and path only, never the query (which could hold secrets). */
  private describe(url: URL): string {
    return `${url.origin}${url.pathname}`;
  }
}

function networkDetail(e: FetchError): string {
  const code = (e as FetchError & { code?: string }).code ?? e.errno;
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
      return code ? `${code}: ${e.message}` : e.message;
  }
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(text);
}

function parseJson<T>(text: string, contentType: string | null): T {
  if (looksLikeHtml(text, contentType)) {
    throw new ForgeError('badResponse', 'the server answered with an HTML page instead of JSON; check the instance URL, or a proxy may be in the way');
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ForgeError('badResponse', `the JSON is malformed or cut short (${text.length} bytes received)`);
  }
}

/** Seconds, or an HTTP date, or a Unix reset time, whichever the forge sent. */
export function retryAfterMs(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset.trim())) {
    const value = Number(reset);
    // RateLimit-Reset is a Unix time on GitLab and GitHub; small numbers are delta-seconds (IETF draft).
    return value > 1e9 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  return undefined;
}

function errorFromResponse(response: Response, text: string): ForgeError {
  let kind = kindForStatus(response.status);
  const rateLimitExhausted = response.headers.get('x-ratelimit-remaining') === '0' || response.headers.get('ratelimit-remaining') === '0';
  if (response.status === 403 && rateLimitExhausted) kind = 'rateLimited';
  const wait = kind === 'rateLimited' ? retryAfterMs(response.headers) : undefined;
  return new ForgeError(kind, forgeMessage(text, response), response.status, wait);
}

/** The forge's own words from an error body: GitLab {message|error}, GitHub {message, errors}, or plain text. */
function forgeMessage(text: string, response: Response): string {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (looksLikeHtml(text, response.headers.get('content-type'))) return `${status}, an HTML page instead of JSON`;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const parts = [body.message, body.error, body.error_description]
      .map((m) => (typeof m === 'string' ? m : m && typeof m === 'object' ? JSON.stringify(m) : undefined))
      .filter((m): m is string => !!m);
    if (Array.isArray(body.errors)) parts.push(...body.errors.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))));
    if (parts.length) return clip(parts.join('; '));
  } catch {
    // not JSON: fall through to the plain text
  }
  const plain = text.trim();
  return plain ? `${status}: ${clip(plain)}` : status;
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ForgeError('canceled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ForgeError('canceled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
