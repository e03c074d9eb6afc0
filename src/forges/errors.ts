// Every failure that crosses the forge boundary is a ForgeError with a kind the UI can word for a user.
// `message` is a plain English sentence (logs, tests); the UI layer localises by `kind` and shows `detail`.
import type { ForgeErrorKind, ReasonCode } from '../core/model';
import { clampWaitMs } from './waits';


const DEFAULT_MESSAGES: Record<ForgeErrorKind, string> = {
  badRequest: 'The forge rejected the request as invalid.',
  unauthorized: 'The token was not accepted (it may be wrong, expired, or lack a scope).',
  forbidden: 'The token is valid but lacks permission for this.',
  notFound: 'Not found, or the token cannot see it.',
  conflict: 'The forge reported a conflict: the data changed in the meantime.',
  unprocessable: 'The forge could not process the request in the current state.',
  rateLimited: 'The forge is rate-limiting requests; MR Gates will wait before trying again.',
  server: 'The forge had a server error.',
  network: 'The forge could not be reached.',
  timeout: 'The forge did not answer in time.',
  canceled: 'The request was canceled.',
  badResponse: 'The forge sent a response MR Gates could not read.',
  insecure: 'Refusing to send a token over an insecure connection.',
};

/** The sentence a ForgeError of this kind starts with. */
export function defaultMessage(kind: ForgeErrorKind): string {
  return DEFAULT_MESSAGES[kind];
}

export class ForgeError extends Error {
  override readonly name = 'ForgeError';
  /** For rateLimited: how long the forge asked us to wait, at most an hour. */
  readonly retryAfterMs?: number;
  /** What the failure means for the operation, when the adapter knows (a 409 on a status answer: shaMoved). */
  reason?: ReasonCode;
  constructor(
    readonly kind: ForgeErrorKind,
    /** What the forge or the network said, already free of secrets; shown after the sentence. */
    readonly detail?: string,
    readonly status?: number,
    retryAfterMs?: number,
  ) {
    super(detail ? `${DEFAULT_MESSAGES[kind]} (${detail})` : DEFAULT_MESSAGES[kind]);
    this.retryAfterMs = retryAfterMs === undefined || Number.isNaN(retryAfterMs) ? undefined : clampWaitMs(retryAfterMs);
  }
}

/** The same error with its detail passed through `redact` (a new error only when something changed). */
export function redactForgeError(error: ForgeError, redact: (text: string) => string): ForgeError {
  if (!error.detail) return error;
  const detail = redact(error.detail);
  if (detail === error.detail) return error;
  const redacted = new ForgeError(error.kind, detail, error.status, error.retryAfterMs);
  redacted.reason = error.reason;
  return redacted;
}

/** The error, marked with what it means for the operation that failed. */
export function withReason(error: unknown, reason: ReasonCode): unknown {
  if (error instanceof ForgeError) error.reason = reason;
  return error;
}

/**
 * A catch handler for one forge call: marks a ForgeError of a listed kind with that kind's reason, and
 * throws it on. `http.send(...).catch(reasonsByKind({ conflict: 'shaMoved' }))`.
 */
export function reasonsByKind(reasons: Partial<Record<ForgeErrorKind, ReasonCode>>): (error: unknown) => never {
  return (error) => {
    const reason = error instanceof ForgeError ? reasons[error.kind] : undefined;
    throw reason ? withReason(error, reason) : error;
  };
}

export function isForgeError(e: unknown, kind?: ForgeErrorKind): e is ForgeError {
  return e instanceof ForgeError && (kind === undefined || e.kind === kind);
}

export function kindForStatus(status: number): ForgeErrorKind {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'notFound';
    case 409:
    case 412:
      return 'conflict';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rateLimited';
    default:
      return status >= 500 ? 'server' : 'badRequest';
  }
}

/** For an optional part of a read: any failure leaves it unknown (undefined); only a cancel goes on. */
export function unknownUnlessCanceled(error: unknown): undefined {
  if (isForgeError(error, 'canceled')) throw error;
  return undefined;
}
