// The one HTTP client every adapter uses. It owns the security rules of DESIGN.md §4:
// the token goes only to its own API origin, in a header, never over plain http except loopback, and
// a redirect to anywhere else drops it. It also owns timeouts, retries, 429 handling and body checks,
// bounds every wait (waits.ts), keeps pagination inside the API root, and redacts forge text.
import { send, type WireResponse } from './wire';
import { ForgeError, redactForgeError } from './errors';
import { errorFromResponse, parseJson, redirectTarget, toForgeError } from './httpErrors';
import { readRateBudget, type RateBudget } from './rateBudget';
import { ResponseCache } from './responseCache';
import { replaceForms, secretForms, silentLog, type LogSink } from './log';
import type { PaginationStyle } from './pagination';
import { readList } from './pagedList';
import type { HttpResponse, ListOptions, ListResult, RequestOptions, TextOptions } from './httpTypes';
import { readTail, type TextTail } from './textTail';

export type { HttpResponse, ListOptions, ListResult, RequestOptions, TextOptions } from './httpTypes';
import { isLoopbackHost, Transport } from './transport';
import { abortableDelay } from './abortableDelay';
import { clampWaitMs } from './waits';

export { clampWaitMs, pollIntervalMs, retryAfterMs } from './waits';

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
  /**
   * Applied to all forge text that goes into a ForgeError or the log (the shared RedactingLogger's
   * `redact`, which knows every token in use). The client's own token is redacted in any case.
   */
  readonly redact?: (text: string) => string;
  /** The forge does not count a 304 against its rate limit (GitHub). */
  readonly freeNotModified?: boolean;
  /** Absolute URLs outside the API root that the token may go to as well (GitLab's /api/graphql beside /api/v4). */
  readonly alsoTrusted?: readonly string[];
}

const MAX_REDIRECTS = 5;

/** How an answer's body is read: JSON by default (readResponse), or otherwise (getText). */
type AnswerReader<T> = (response: WireResponse, url: URL, method: string) => Promise<HttpResponse<T>>;
const USER_AGENT = 'mr-gates-vscode';

export class HttpClient {
  readonly apiBase: string;
  private readonly apiScope: URL;
  private readonly log: LogSink;
  private readonly tokenForms: readonly string[];
  private readonly alsoTrusted: ReadonlySet<string>;
  private readonly cache = new ResponseCache();
  private budget?: RateBudget;
  /** Answers the forge's rate limit counts (all but GitHub's 304s), since the client was made. */
  private counted = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.apiScope = new URL(`${this.apiBase}/`);
    this.tokenForms = options.token ? secretForms(options.token) : [];
    this.alsoTrusted = new Set((options.alsoTrusted ?? []).map((u) => this.describe(new URL(u))));
    const sink = options.log ?? silentLog;
    this.log = {
      debug: (m) => sink.debug(this.redact(m)),
      info: (m) => sink.info(this.redact(m)),
      warn: (m) => sink.warn(this.redact(m)),
      error: (m) => sink.error(this.redact(m)),
    };
  }

  /** Removes the client's own token (in all its forms), then whatever the `redact` option knows. */
  redact(text: string): string {
    const own = replaceForms(text, this.tokenForms);
    return this.options.redact ? this.options.redact(own) : own;
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

  /**
   * A plain-text answer (a job log), of which only the last `keepBytes` are kept. Redirects are followed
   * as for JSON, so a log stored elsewhere (GitHub's) is read without the token.
   */
  async getText(path: string, options: TextOptions): Promise<TextTail> {
    const headers = { accept: 'text/plain, */*', ...options.headers };
    const read = async (response: WireResponse, at: URL): Promise<HttpResponse<TextTail>> => {
      if (!response.ok) return this.readResponse<TextTail>(response, at, 'GET');
      const tail = await readTail(response.body, options.keepBytes, options.streamLimitBytes);
      return { status: response.status, data: tail, headers: response.headers, url: at.toString() };
    };
    return (await this.request<TextTail>('GET', path, { ...options, headers }, read)).data;
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>(method, path, options);
  }

  /** Every page of a list, as `list` reads it; for callers that need not know whether it was cut. */
  async paginate<T>(path: string, style: PaginationStyle, options: ListOptions = {}): Promise<T[]> {
    return (await this.list<T>(path, style, options)).items;
  }

  /**
   * Reads the pages of a list (pagedList.ts): page 1, then the rest together when page 1 says how
   * many there are. A next page outside the API root, a page already read, or the page cap (default
   * 50) ends the list early: what was read is returned, with `cut` saying why, and a warning is logged.
   */
  list<T>(path: string, style: PaginationStyle, options: ListOptions = {}): Promise<ListResult<T>> {
    return readList<T>(
      {
        get: (url) => this.get<unknown>(url, { signal: options.signal, headers: options.headers }),
        known: (url) => {
          const answer = this.cache.known(url);
          return answer && { status: 200, url, ...answer };
        },
        mayCarryToken: (url) => this.mayCarryToken(url),
        describe: (url) => this.describe(url),
        apiRoot: this.describe(this.apiScope),
        warn: (message) => this.log.warn(message),
        badList: (where) => redactForgeError(new ForgeError('badResponse', `expected a list from ${where}`), (t) => this.redact(t)),
      },
      this.resolve(path, options.query),
      style,
      options,
    );
  }

  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}, read?: AnswerReader<T>): Promise<HttpResponse<T>> {
    const url = this.resolve(pathOrUrl, options.query);
    const idempotent = method === 'GET' || method === 'HEAD';
    const maxRetries = idempotent ? (this.options.maxRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt<T>(method, url, options, read);
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
    const backoff = clampWaitMs((this.options.backoffMs ?? 400) * 2 ** attempt);
    switch (error.kind) {
      case 'server':
      case 'network':
        return backoff;
      case 'rateLimited': {
        const wait = clampWaitMs(error.retryAfterMs ?? backoff);
        return wait <= (this.options.maxRetryWaitMs ?? 5000) ? wait : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The rate-limit budget the forge last reported, and how many answers it has counted so far. */
  rateStatus(): { readonly budget?: RateBudget; readonly counted: number } {
    return { budget: this.budget, counted: this.counted };
  }

  /** True when the token may go to this URL: same origin as the API root and under its path, or one of `alsoTrusted`. */
  mayCarryToken(url: URL): boolean {
    return url.origin === this.apiScope.origin && (`${url.pathname}/`.startsWith(this.apiScope.pathname) || this.alsoTrusted.has(this.describe(url)));
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

  private async attempt<T>(
    method: string,
    startUrl: URL,
    options: RequestOptions,
    read: AnswerReader<T> = (response, url, m) => this.readResponse<T>(response, url, m),
  ): Promise<HttpResponse<T>> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 15000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const hasBody = options.body !== undefined;
    let url = startUrl;
    let requestMethod = method;
    const started = Date.now();
    try {
      for (let hop = 0; ; hop++) {
        const conditional = requestMethod === 'GET' ? this.cache.validatorsFor(url.toString()) : {};
        const response = await send(url, {
          method: requestMethod,
          headers: { ...this.headersFor(url, options, hasBody && requestMethod !== 'GET'), ...conditional },
          body: hasBody && requestMethod !== 'GET' ? JSON.stringify(options.body) : undefined,
          signal,
          agent: this.options.transport?.agentFor(url),
          maxBytes: this.options.maxBodyBytes ?? 8 * 1024 * 1024,
        });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          if (hop >= MAX_REDIRECTS) throw new ForgeError('badResponse', 'too many redirects');
          const next = redirectTarget(location, url);
          if (!this.mayCarryToken(next) && !options.leavesApi) this.log.warn(`Redirect from ${this.describe(url)} to ${next.origin} leaves the API: the token is not sent there.`);
          // 303, and 301/302 after POST, turn into GET as browsers do; 307/308 keep the method.
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && requestMethod !== 'GET')) requestMethod = 'GET';
          response.discard();
          url = next;
          continue;
        }
        this.budget = readRateBudget(response.headers) ?? this.budget;
        if (response.status !== 304 || !this.options.freeNotModified) this.counted++;
        // A POST may answer 304 too (GitLab's approve when already approved): nothing changed, no body.
        if (response.status === 304) response.discard();
        if (response.status === 304 && requestMethod !== 'GET') return { status: 304, data: undefined as T, headers: response.headers, url: url.toString() };
        if (response.status === 304) {
          const kept = requestMethod === 'GET' ? this.cache.answerNotModified(url.toString(), response.headers) : undefined;
          if (!kept) throw new ForgeError('badResponse', 'the forge answered 304 Not Modified to a request that had no validator');
          this.log.debug(`${requestMethod} ${this.describe(url)} → 304 (${Date.now() - started} ms)`);
          return { status: 200, data: kept.data as T, headers: kept.headers, url: url.toString(), notModified: true };
        }
        const result = await read(response, url, requestMethod);
        this.log.debug(`${requestMethod} ${this.describe(url)} → ${response.status} (${Date.now() - started} ms)`);
        return result;
      }
    } catch (e) {
      const error = redactForgeError(toForgeError(e, timeout, options.signal, timeoutMs), (t) => this.redact(t));
      if (!(e instanceof ForgeError && e.kind === 'notFound')) this.log.warn(`${requestMethod} ${this.describe(url)} failed after ${Date.now() - started} ms: ${error.message}`);
      throw error;
    }
  }

  private async readResponse<T>(response: WireResponse, url: URL, method: string): Promise<HttpResponse<T>> {
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response, text);
    if (response.status === 204 || text.trim() === '') {
      return { status: response.status, data: undefined as T, headers: response.headers, url: url.toString() };
    }
    const data = parseJson<T>(text, response.headers.get('content-type'));
    if (method === 'GET' && response.status === 200) this.cache.remember(url.toString(), data, response.headers, text.length);
    return { status: response.status, data, headers: response.headers, url: url.toString() };
  }

  /** A URL for logs and messages: origin and path only, never the query (which could hold secrets). */
  private describe(url: URL): string {
    return `${url.origin}${url.pathname}`;
  }
}
