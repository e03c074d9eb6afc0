// Shared types of the fake forge: what a request looks like once recorded, what a route answers,
// and the contract each forge's API module (gitlab.ts, gitee.ts, github.ts) fulfils.
import type { ForgeKind } from '../../src/core/model';
import type { Router } from './router';
import type { ValidatorStyle } from './validators';
import type { ForgeState, User } from './state';

/** How a request presented its token. `query` = `?access_token=` / `?private_token=` (tests assert the extension never does that). */
export type CredentialVia = 'private-token' | 'bearer' | 'token' | 'query';

export interface Credential {
  readonly via: CredentialVia;
  readonly token: string;
}

export interface RecordedRequest {
  /** 1-based arrival order on this instance. */
  readonly seq: number;
  /** Upper-case method. */
  readonly method: string;
  /** Raw (still URL-encoded) path after the instance prefix, without the query: `/api/v4/projects/a%2Fb`. */
  readonly path: string;
  /** The request target exactly as received, prefix and query included. */
  readonly rawUrl: string;
  /** Decoded query parameters (first value wins; read `rawUrl` for repeated keys). */
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names; repeated headers joined with ', '. Tokens are NOT redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON (or a form as a record, or the text); undefined when the body was empty. */
  readonly body?: unknown;
  readonly rawBody: string;
  /** The token as this forge would read it, and from where. */
  readonly credential?: Credential;
  /** True when the request did not start with the instance's path prefix (the client dropped it). */
  readonly outsidePrefix: boolean;
  /** Date.now() at arrival. */
  readonly at: number;
}

/**
 * One request and what the instance answered, as appended (one JSON line each) to the file named by
 * MR_GATES_EXCHANGES; test/contract/ checks them against the forges' API descriptions.
 */
export interface Exchange {
  readonly v: 1;
  readonly forge: ForgeKind;
  /** '/api/v4', '/api/v5', '' or '/api/v3'. */
  readonly apiRoot: string;
  /** The instance prefix ('' or '/something'). */
  readonly prefix: string;
  /** GitHub Enterprise Server (API under /api/v3). */
  readonly ghes: boolean;
  readonly seq: number;
  readonly method: string;
  /** Raw (still URL-encoded) path after the prefix, without the query. */
  readonly path: string;
  readonly outsidePrefix: boolean;
  /** Decoded query pairs in order (repeated keys kept). */
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly request: {
    readonly headers: Readonly<Record<string, string>>;
    /** Parsed JSON body. */
    readonly json?: unknown;
    /** A form body as decoded pairs. */
    readonly form?: ReadonlyArray<readonly [string, string]>;
    /** Any other non-empty body (first 4 KB). */
    readonly text?: string;
  };
  /** Undefined when nothing was answered (a hang or reset fault, or the instance closing). */
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    /** Parsed JSON (when the content type says JSON and the body parses). */
    readonly json?: unknown;
    /** A body that is not JSON (first 4 KB). */
    readonly text?: string;
    readonly bytes: number;
  };
  /** The parts of the injected fault (`status`, `malformed:html`, `delayMs`, `headers`, ...); null without one. */
  readonly fault: readonly string[] | null;
}

/** What a route answers. `json` is serialized with `application/json; charset=utf-8`; `text` is sent as is. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Where the instance lives, for building URLs in entities. */
export interface ForgeInfo {
  readonly kind: ForgeKind;
  /** scheme://host:port, no path. */
  readonly origin: string;
  /** host:port */
  readonly host: string;
  /** origin + prefix: what a web URL / git remote uses. */
  readonly url: string;
  /** The API base URL. */
  readonly apiBase: string;
}

export interface RouteContext {
  readonly forge: ForgeInfo;
  readonly state: ForgeState;
  readonly request: RecordedRequest;
  /** Decoded query. */
  readonly query: URLSearchParams;
  /** Decoded route parameters (`:id` of `/projects/:id` is matched on the raw path, then decoded). */
  readonly params: Readonly<Record<string, string>>;
  /** The authenticated user; undefined for anonymous requests (invalid tokens never reach a handler). */
  readonly user: User | undefined;
  /** The user, or throws the forge's 401. */
  requireUser(): User;
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

/** Thrown by handlers to answer with an error reply (e.g. the forge's 404). */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`fake forge reply ${reply.status}`);
  }
}

/** One forge's API: its routes, how it reads tokens and how it says "no". */
export interface ForgeApi {
  readonly kind: ForgeKind;
  /** The API path under the instance url: '/api/v4', '/api/v5', '' or '/api/v3'. */
  readonly apiRoot: string;
  readonly router: Router;
  /** Routes outside the API root, matched on the whole path after the instance prefix (GitLab's /api/graphql). */
  readonly outsideRoutes?: Router;
  credential(headers: Readonly<Record<string, string>>, query: URLSearchParams): Credential | undefined;
  /** `missing`: no token on a route that needs one; `invalid`: a token no user has. */
  unauthorized(reason: 'missing' | 'invalid'): Reply;
  /** No such route. */
  routeNotFound(): Reply;
  /** Optional rewrite of the path after apiRoot before routing (GitHub's `/repositories/:id/...`). */
  rewrite?(apiPath: string, state: ForgeState): string;
  /** Headers every answer of this forge carries. */
  commonHeaders?(): Record<string, string>;
  /** Whether GET answers carry an ETag and honour If-None-Match with a 304 (validators.ts). */
  readonly validators?: ValidatorStyle;
  /** Called for an answer the forge's rate limit does not count (GitHub's 304s). */
  notCounted?(): void;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json: body, headers } : { status, json: body };
}
