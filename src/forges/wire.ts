// One HTTP exchange over node:http and node:https: what the client needs of fetch and no more.
// node-fetch brought 90 KB of web-stream and blob polyfills into the bundle for it. Redirects are left
// to the client (it decides where the token may go), bodies are decompressed (gzip, deflate, br) as
// fetch does, and `text()` refuses a body over `maxBytes` while reading it, not after.
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface WireRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** The connection's agent (TLS settings, a proxy); Node's global one when undefined. */
  readonly agent?: Agent;
  /** The most `text()` reads; a longer body is a WireError of type `max-size`. */
  readonly maxBytes: number;
}

export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; forEach(each: (value: string, name: string) => void): void };
  /** The decoded body, chunk by chunk. */
  readonly body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Lets an unread body go (a redirect, a 304), so its connection can serve the next request. */
  discard(): void;
}

/** A failure below HTTP: `system` (a socket error, with its code), `max-size`, `aborted`. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly type: 'system' | 'max-size' | 'aborted',
    readonly code?: string,
  ) {
    super(message);
  }
}

const aborted = () => new WireError('the request was aborted', 'aborted');

function asWireError(e: unknown): WireError {
  if (e instanceof WireError) return e;
  const code = (e as { code?: unknown }).code;
  return new WireError(e instanceof Error ? e.message : String(e), 'system', typeof code === 'string' ? code : undefined);
}

export function send(url: URL, request: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) return reject(aborted());
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = make(url, { method: request.method, headers, agent: request.agent }, (incoming) => resolve(answer(incoming, request)));
    // Until the answer has come, an abort ends the request; afterwards it ends the body's stream.
    const onAbort = () => outgoing.destroy(aborted());
    request.signal.addEventListener('abort', onAbort, { once: true });
    outgoing.on('close', () => request.signal.removeEventListener('abort', onAbort));
    outgoing.on('error', (e) => reject(asWireError(e)));
    outgoing.end(request.body);
  });
}

function answer(incoming: IncomingMessage, request: WireRequest): WireResponse {
  const status = incoming.statusCode ?? 0;
  const stream = decoded(incoming, request.method === 'HEAD' || status === 204 || status === 304);
  const onAbort = () => incoming.destroy(aborted());
  request.signal.addEventListener('abort', onAbort, { once: true });
  incoming.on('close', () => request.signal.removeEventListener('abort', onAbort));
  const body = chunksOf(stream);
  return {
    status,
    statusText: incoming.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers: {
      get: (name) => headerValue(incoming.headers[name.toLowerCase()]),
      forEach: (each) => {
        for (const [name, value] of Object.entries(incoming.headers)) {
          const joined = headerValue(value);
          if (joined !== null) each(joined, name);
        }
      },
    },
    body,
    discard: () => void incoming.resume(),
    text: async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > request.maxBytes) {
          incoming.destroy();
          throw new WireError(`the body is over ${request.maxBytes} bytes`, 'max-size');
        }
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function decoded(incoming: IncomingMessage, empty: boolean): Readable {
  const encoding = empty ? '' : (headerValue(incoming.headers['content-encoding']) ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return incoming;
  incoming.on('error', (e) => decoder.destroy(e));
  return incoming.pipe(decoder);
}

/** The stream's chunks, its errors as WireErrors (a reset mid-body, a bad gzip). */
async function* chunksOf(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
  } catch (e) {
    throw asWireError(e);
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
