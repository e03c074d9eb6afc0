// FakeForge: a real HTTP server on 127.0.0.1 (random port) that speaks one forge's API subset,
// keeps state, injects faults per route and records every request. Tests start it in-process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ForgeKind } from '../../src/core/model';
import { checksOf, type ChecksState } from './checks-state';
import { answersNormally, FaultRegistry, renderFault, type Fault, type FaultHandle, type FaultMatch } from './faults';
import { giteeApi } from './gitee';
import { closeLogStorage, logDownloads, setJobLog, type LogDownload } from './job-logs';
import { githubApi } from './github';
import { gitlabApi } from './gitlab';
import { gitlabOf, type GitLabState } from './gitlab-state';
import type { Clock } from './clock';
import { ExchangeLog, RequestLog, type RequestPredicate, type WaitOptions } from './recorder';
import { ForgeState, type NewProject, type NewUser, type Project, type User } from './state';
import { faultParts, flattenHeaders, parseBody, readBody, requestRecord } from './incoming';
import { ReplyError, type ForgeApi, type ForgeInfo, type RecordedRequest, type Reply, type RouteContext } from './types';
import { responseRecord, toRaw, type RawReply } from './wire';
import { withValidators } from './validators';

export interface FakeForgeOptions {
  kind: ForgeKind;
  /** A path prefix for the whole instance, e.g. '/gitlab' (https://host/gitlab style installs). */
  prefix?: string;
  /** GitHub only: serve the API under /api/v3 (GitHub Enterprise Server) instead of at the root. */
  githubEnterprise?: boolean;
  /**
   * Where to append every exchange as a JSON line (test/contract/ checks them). Default: the file named by
   * MR_GATES_EXCHANGES, if any; `false` turns recording off.
   */
  exchanges?: string | false;
  /**
   * Every request waits this long before it is answered, validators applied as usual (a delay fault skips
   * them), and `timings` records each answer: a network round trip in front of the forge, for bench/.
   */
  roundTripMs?: number;
}

/** One answered request, when the forge runs with a round trip: what bench/ reads of a refresh. */
export interface TimedExchange {
  readonly method: string;
  /** The request target as the client sent it: path and query. */
  readonly target: string;
  readonly status: number;
  /** Date.now() when the request arrived, and when its answer left. */
  readonly receivedAt: number;
  readonly answeredAt: number;
}

const CHUNK = 64 * 1024;

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

function apiFor(options: FakeForgeOptions): ForgeApi {
  if (options.githubEnterprise && options.kind !== 'github') throw new Error('fake forge: githubEnterprise needs kind github');
  switch (options.kind) {
    case 'gitlab':
      return gitlabApi();
    case 'gitee':
      return giteeApi();
    case 'github':
      return githubApi(options.githubEnterprise ?? false);
  }
}

export class FakeForge {
  readonly kind: ForgeKind;
  /** `http://127.0.0.1:PORT`: scheme, host and port only. */
  readonly origin: string;
  /** The instance URL, prefix included: what a sign-in URL or git remote uses. */
  readonly url: string;
  /** GitLab: url + '/api/v4'; Gitee: url + '/api/v5'; GitHub: url, or url + '/api/v3' (Enterprise). */
  readonly apiBase: string;
  readonly port: number;
  /** '' or '/something'. */
  readonly prefix: string;
  readonly state: ForgeState;
  readonly info: ForgeInfo;

  private readonly api: ForgeApi;
  private readonly log = new RequestLog();
  private readonly exchanges: ExchangeLog | undefined;
  private readonly githubEnterprise: boolean;
  private readonly faults = new FaultRegistry();
  private readonly roundTripMs: number;
  /** Each answer, in order, when the forge runs with a round trip (`clearTimings()` empties it). */
  readonly timings: TimedExchange[] = [];
  private readonly delays = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  private closed = false;
  private closing?: Promise<void>;

  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    options: FakeForgeOptions,
    api: ForgeApi,
  ) {
    this.kind = options.kind;
    this.api = api;
    this.port = (server.address() as AddressInfo).port;
    this.prefix = normalizePrefix(options.prefix);
    this.origin = `http://127.0.0.1:${this.port}`;
    this.url = this.origin + this.prefix;
    this.apiBase = this.url + api.apiRoot;
    this.state = new ForgeState(options.kind);
    this.info = { kind: this.kind, origin: this.origin, host: `127.0.0.1:${this.port}`, url: this.url, apiBase: this.apiBase };
    this.githubEnterprise = options.githubEnterprise ?? false;
    this.roundTripMs = options.roundTripMs ?? 0;
    this.exchanges = options.exchanges === false ? undefined : options.exchanges ? new ExchangeLog(options.exchanges) : ExchangeLog.fromEnv();
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  static async start(options: FakeForgeOptions): Promise<FakeForge> {
    const api = apiFor(options);
    const server = createServer();
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeForge(server, sockets, options, api);
  }

  // ---- state ----------------------------------------------------------------------------------

  addUser(user: NewUser): User {
    return this.state.addUser(user);
  }

  addProject(project: NewProject): Project {
    return this.state.addProject(project);
  }

  /** The clock entities' timestamps come from: `forge.clock.advance(ms)` moves time without waiting. */
  get clock(): Clock {
    return this.state.clock;
  }

  /** GitLab only: the merge-request world's seeding methods and state (gitlab-state.ts). Throws on other kinds. */
  get gitlab(): GitLabState {
    return gitlabOf(this.state);
  }

  /** Gitee only: the pull-request / check-run world (checks-state.ts). Throws on other kinds. */
  get gitee(): ChecksState {
    return checksOf(this.state, 'gitee');
  }

  /** GitHub only: pull requests, check runs, commit statuses (checks-state.ts). Throws on other kinds. */
  get github(): ChecksState {
    return checksOf(this.state, 'github');
  }

  // ---- request log ----------------------------------------------------------------------------

  /** Every request received, in order (live array; do not mutate). */
  get requests(): readonly RecordedRequest[] {
    return this.log.requests;
  }

  clearRequests(): void {
    this.log.clear();
  }

  clearTimings(): void {
    this.timings.length = 0;
  }

  /** Recorded requests with this method whose path (after the prefix) equals / matches `path`. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.log.to(method, path);
  }

  /** Calls `listener` for every new request; returns an unsubscribe function. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    return this.log.onRequest(listener);
  }

  /** Resolves with the first request (already recorded, unless includePast is false, or future) matching `predicate`. */
  waitForRequest(predicate: RequestPredicate, options?: WaitOptions): Promise<RecordedRequest> {
    return this.log.waitFor(predicate, options);
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** The log a job answers with: a GitLab job id, or a GitHub Actions check run id (job-logs.ts). */
  setJobLog(jobId: number, text: string): void {
    setJobLog(this.state, jobId, text);
  }

  /** GitHub: what its log storage (another origin) was asked for, and whether a token came along. */
  logDownloads(): Promise<readonly LogDownload[]> {
    return logDownloads(this.state);
  }

  inject(match: FaultMatch, fault: Fault): FaultHandle {
    return this.faults.add(match, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Stops listening and destroys open sockets (hanging and keep-alive ones too). Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.log.dispose();
    this.faults.clear();
    for (const delay of [...this.delays]) {
      clearTimeout(delay.timer);
      delay.done();
    }
    const storage = closeLogStorage(this.state);
    this.closing = Promise.all([new Promise<void>((resolve) => this.server.close(() => resolve())), storage]).then(() => undefined);
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    return this.closing;
  }

  // ---- request handling -----------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => entry.done(), ms),
        done: () => {
          this.delays.delete(entry);
          resolve();
        },
      };
      this.delays.add(entry);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    let record: RecordedRequest | undefined;
    try {
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
      const inside = this.prefix === '' || rawPath === this.prefix || rawPath.startsWith(`${this.prefix}/`);
      const path = inside ? rawPath.slice(this.prefix.length) || '/' : rawPath;
      const rawBody = await readBody(req);
      const headers = flattenHeaders(req.rawHeaders);
      const request: RecordedRequest = {
        seq: this.log.nextSeq(),
        method: (req.method ?? 'GET').toUpperCase(),
        path,
        rawUrl,
        query: Object.fromEntries([...query.keys()].map((k) => [k, query.get(k) ?? ''])),
        headers,
        body: parseBody(rawBody, headers['content-type']),
        rawBody,
        credential: inside ? this.api.credential(headers, query) : undefined,
        outsidePrefix: !inside,
        at: Date.now(),
      };
      record = request;
      this.log.record(request);
      if (this.closed) {
        this.exchange(request, undefined, undefined);
        return;
      }
      if (!inside) {
        // What the reverse proxy in front of a path-prefixed install answers.
        this.reply(res, request, { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>\n' });
        return;
      }
      if (this.roundTripMs > 0) {
        await this.sleep(this.roundTripMs);
        if (this.closed) {
          this.exchange(request, undefined, undefined);
          return;
        }
      }
      const fault = this.faults.take(request.method, path);
      if (fault?.delayMs !== undefined) {
        await this.sleep(fault.delayMs);
        if (this.closed) {
          this.exchange(request, undefined, fault);
          return;
        }
      }
      if (fault?.until) {
        await fault.until.catch(() => undefined);
        if (this.closed) {
          this.exchange(request, undefined, fault);
          return;
        }
      }
      if (fault?.hang || fault?.reset) {
        this.exchange(request, undefined, fault);
        if (!fault.hang) req.socket.destroy();
        return; // a hang: the socket stays open until the client aborts or close()
      }
      const common = this.api.commonHeaders?.() ?? {};
      const normal = (): Promise<Reply> => this.dispatch(request, path, query);
      const raw =
        fault && !answersNormally(fault)
          ? await renderFault(fault, normal, this.url, common)
          : withValidators(toRaw(await normal(), common), request, this.api.validators);
      if (raw.status === 304 && this.api.validators === 'weakMatch') this.api.notCounted?.();
      this.reply(res, request, raw, fault);
    } catch (error) {
      console.error('fake forge: handler failed', error);
      if (res.headersSent || res.destroyed) return;
      const raw = toRaw({ status: 500, json: { message: '500 Internal Server Error' } });
      if (record) this.exchange(record, raw, undefined);
      this.send(res, raw);
    }
  }

  private reply(res: ServerResponse, record: RecordedRequest, raw: RawReply, fault?: Fault): void {
    this.exchange(record, raw, fault);
    this.send(res, raw);
    if (this.roundTripMs > 0) {
      this.timings.push({ method: record.method, target: record.rawUrl, status: raw.status, receivedAt: record.at, answeredAt: Date.now() });
    }
  }

  /** Appends the exchange to MR_GATES_EXCHANGES's file (when recording), before the answer leaves. */
  private exchange(record: RecordedRequest, raw: RawReply | undefined, fault: Fault | undefined): void {
    if (!this.exchanges) return;
    const q = record.rawUrl.indexOf('?');
    this.exchanges.append({
      v: 1,
      forge: this.kind,
      apiRoot: this.api.apiRoot,
      prefix: this.prefix,
      ghes: this.githubEnterprise,
      seq: record.seq,
      method: record.method,
      path: record.path,
      outsidePrefix: record.outsidePrefix,
      query: q < 0 ? [] : [...new URLSearchParams(record.rawUrl.slice(q + 1))],
      request: requestRecord(record),
      response: raw ? responseRecord(raw) : undefined,
      fault: fault ? faultParts(fault) : null,
    });
  }

  private async dispatch(record: RecordedRequest, path: string, query: URLSearchParams): Promise<Reply> {
    const api = this.api;
    const outside = api.outsideRoutes?.match(record.method, path);
    const underRoot = api.apiRoot === '' || path === api.apiRoot || path.startsWith(`${api.apiRoot}/`);
    if (!underRoot && outside?.kind !== 'found') return api.routeNotFound();
    let apiPath = path.slice(api.apiRoot.length) || '/';
    if (api.rewrite) apiPath = api.rewrite(apiPath, this.state);
    let user: User | undefined;
    if (record.credential) {
      user = this.state.userByToken(record.credential.token);
      if (!user) return api.unauthorized('invalid');
    }
    const match = outside?.kind === 'found' ? outside : api.router.match(record.method, apiPath);
    if (match.kind === 'none') return api.routeNotFound();
    const ctx: RouteContext = {
      forge: this.info,
      state: this.state,
      request: record,
      query,
      params: match.params,
      user,
      requireUser: () => {
        if (!user) throw new ReplyError(api.unauthorized('missing'));
        return user;
      },
    };
    try {
      return await match.handler(ctx);
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      throw error;
    }
  }

  private send(res: ServerResponse, raw: RawReply): void {
    if (res.destroyed) return;
    res.statusCode = raw.status;
    for (const [name, value] of Object.entries(raw.headers)) res.setHeader(name, value);
    const body = typeof raw.body === 'string' ? Buffer.from(raw.body, 'utf8') : raw.body;
    if (raw.chunked) {
      for (let i = 0; i < body.length && !res.destroyed; i += CHUNK) res.write(body.subarray(i, i + CHUNK));
      res.end();
      return;
    }
    res.setHeader('content-length', String(body.length));
    res.end(body);
  }
}
