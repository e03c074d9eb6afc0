// The request log: every request the instance received, in order, with listeners and waiters so
// tests can wait for a request instead of sleeping. And the exchange log: when MR_GATES_EXCHANGES
// names a file, every request with its answer is appended to it as one JSON line (test/contract/).
import { appendFileSync } from 'node:fs';
import type { Exchange, RecordedRequest } from './types';

export type RequestPredicate = (request: RecordedRequest) => boolean;

export interface WaitOptions {
  /** Also match requests already in the log (default true, so a request that beat the call still counts). */
  includePast?: boolean;
  /** Reject after this many ms (a guard against hanging tests, not a sleep). Default: wait until close(). */
  timeoutMs?: number;
}

interface Waiter {
  readonly predicate: RequestPredicate;
  readonly resolve: (request: RecordedRequest) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

export function pathMatches(path: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? path === pattern : pattern.test(path);
}

export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  private readonly listeners = new Set<(request: RecordedRequest) => void>();
  private readonly waiters = new Set<Waiter>();
  private seq = 0;
  private closed = false;

  nextSeq(): number {
    return ++this.seq;
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const listener of [...this.listeners]) {
      try {
        listener(request);
      } catch (error) {
        console.error('fake forge: onRequest listener threw', error);
      }
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(request)) this.settle(waiter, () => waiter.resolve(request));
    }
  }

  clear(): void {
    this.requests.length = 0;
  }

  to(method: string, path: string | RegExp): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter((r) => r.method === m && pathMatches(r.path, path));
  }

  /** Calls `listener` for each new request; returns a function that unsubscribes. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitFor(predicate: RequestPredicate, options: WaitOptions = {}): Promise<RecordedRequest> {
    if (options.includePast ?? true) {
      const past = this.requests.find(predicate);
      if (past) return Promise.resolve(past);
    }
    if (this.closed) return Promise.reject(new Error('fake forge: closed'));
    return new Promise<RecordedRequest>((resolve, reject) => {
      const waiter: Waiter = { predicate, resolve, reject };
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        waiter.timer = setTimeout(() => this.settle(waiter, () => reject(new Error(`fake forge: no matching request within ${ms} ms`))), ms);
      }
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending waiter; called by close(). */
  dispose(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) this.settle(waiter, () => waiter.reject(new Error('fake forge: closed')));
    this.listeners.clear();
  }

  private settle(waiter: Waiter, action: () => void): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    action();
  }
}

/** The environment variable naming the exchange file (set by `npm run test:unit` and the host runner). */
export const EXCHANGES_ENV = 'MR_GATES_EXCHANGES';

/** Appends exchanges synchronously, so none is lost when the process ends right after a test. */
export class ExchangeLog {
  private failed = false;
  constructor(readonly file: string) {}

  /** The log named by MR_GATES_EXCHANGES, or undefined when recording is off. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): ExchangeLog | undefined {
    const file = env[EXCHANGES_ENV];
    return file ? new ExchangeLog(file) : undefined;
  }

  append(exchange: Exchange): void {
    if (this.failed) return;
    try {
      appendFileSync(this.file, `${JSON.stringify(exchange)}\n`);
    } catch (error) {
      // Recording must never break the test it records; the contract test sees the gap (file missing).
      this.failed = true;
      console.error(`fake forge: cannot append to ${this.file}`, error);
    }
  }
}
