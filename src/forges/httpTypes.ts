// The shapes the HTTP client hands out, apart from the client itself, so that helpers such as
// pagedList.ts can use them without importing http.ts.

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
  /** Longer than the client's default, for an answer that may be large (a log). */
  readonly timeoutMs?: number;
  /** The answer is expected to redirect out of the API (to a log's storage): no warning for it. */
  readonly leavesApi?: boolean;
}

export interface TextOptions extends RequestOptions {
  /** The most bytes kept: the end of the text. */
  readonly keepBytes: number;
  /** Reading stops after this many bytes. */
  readonly streamLimitBytes: number;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: { get(name: string): string | null };
  readonly url: string;
  /** The forge answered 304 to our validator: `data` is the body it sent before. */
  readonly notModified?: boolean;
}

export type ListOptions = RequestOptions & {
  maxPages?: number;
  extract?: (page: unknown) => unknown;
  /** Each page's items as soon as that page has come, before the rest of the list (the queue reads on at once). */
  onPage?: (items: readonly unknown[]) => void;
};

export interface ListResult<T> {
  readonly items: T[];
  readonly firstPage: HttpResponse<unknown>;
  /** why the list may be incomplete */
  readonly cut?: 'pageCap' | 'leftApi' | 'loop';
}
