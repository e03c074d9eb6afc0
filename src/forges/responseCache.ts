// Conditional GETs. When a forge gave a validator (ETag, Last-Modified) for a URL, the next GET of that
// URL sends it back (If-None-Match, If-Modified-Since), and a 304 is answered from here: the body is
// not sent again, and on GitHub a 304 does not count against the rate limit. One cache per HTTP client,
// that is per origin and token, bounded in entries and in bytes, least recently used out first.
import { LruMap } from '../core/lruMap';

export interface CachedResponse {
  readonly data: unknown;
  readonly headers: ReadonlyMap<string, string>;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly bytes: number;
}

export interface HeaderSource {
  get(name: string): string | null;
}

/** A validator we may send back in a header: an entity tag, or an HTTP date; nothing else a forge sends. */
const ETAG = /^(?:W\/)?"[\x21\x23-\x7e]{0,200}"$/;
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Headers that describe this answer, not the stored body: taken from the 304 itself. */
const FRESH_HEADERS = /^(x-)?ratelimit-|^retry-after$|^poll-interval$|^date$/i;

export class ResponseCache {
  private readonly entries: LruMap<CachedResponse>;

  constructor(
    maxEntries = 2000,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {
    this.entries = new LruMap(maxEntries, maxBytes, (entry) => entry.bytes);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The request headers that make a GET of `url` conditional; empty when nothing is cached. */
  validatorsFor(url: string): Record<string, string> {
    const cached = this.entries.peek(url);
    if (!cached) return {};
    const headers: Record<string, string> = {};
    if (cached.etag) headers['if-none-match'] = cached.etag;
    else if (cached.lastModified) headers['if-modified-since'] = cached.lastModified;
    return headers;
  }

  /** Keeps a 200 answer that carried a validator. `bytes` is the body's length, for the bound. */
  remember(url: string, data: unknown, headers: HeaderSource & { forEach?(cb: (value: string, name: string) => void): void }, bytes: number): void {
    const rawEtag = headers.get('etag')?.trim();
    const rawDate = headers.get('last-modified')?.trim();
    const etag = rawEtag && ETAG.test(rawEtag) ? rawEtag : undefined;
    const lastModified = rawDate && HTTP_DATE.test(rawDate) ? rawDate : undefined;
    if (!etag && !lastModified) return this.forget(url);
    if (bytes > this.maxBytes / 4) return this.forget(url);
    const kept = new Map<string, string>();
    headers.forEach?.((value, name) => kept.set(name.toLowerCase(), value));
    this.entries.set(url, { data, headers: kept, etag, lastModified, bytes });
  }

  /** The stored answer of a URL, as it was, without touching the order of use: for reading ahead. */
  known(url: string): { data: unknown; headers: HeaderSource } | undefined {
    const cached = this.entries.peek(url);
    return cached && { data: cached.data, headers: { get: (name) => cached.headers.get(name.toLowerCase()) ?? null } };
  }

  /**
   * The stored answer for a 304, or undefined when nothing is stored (the forge answered 304 to a
   * request that carried no validator of ours). Reading an entry makes it the most recently used.
   */
  answerNotModified(url: string, notModified: HeaderSource): { data: unknown; headers: HeaderSource } | undefined {
    const cached = this.entries.get(url);
    if (!cached) return undefined;
    const headers: HeaderSource = {
      get: (name) => (FRESH_HEADERS.test(name) ? notModified.get(name) : null) ?? cached.headers.get(name.toLowerCase()) ?? null,
    };
    return { data: cached.data, headers };
  }

  forget(url: string): void {
    this.entries.delete(url);
  }
}
