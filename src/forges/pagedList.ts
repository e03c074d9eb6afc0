// Reading a paged list, for the HTTP client. Page 1 first; when it says how many pages there are
// (GitLab x-total-pages, Gitee total_page, GitHub Link rel="last"), the rest are read together,
// a few at a time, instead of one round trip each. When the last read of the list is still known (its
// page 1 is in the client's cache), the pages it named go out with page 1, conditionally: a settled
// poll of a long list takes one round trip. Every next page must stay inside the API root, a page
// already read ends a loop, and the page cap ends a list that is too long: each says so.
import { Limiter, mapWithConcurrency } from '../core/concurrency';
import type { HttpResponse, ListOptions, ListResult } from './httpTypes';
import { lastPageNumber, nextPageUrl, pageKey, type PaginationStyle } from './pagination';

const PAGES_AT_ONCE = 6;

/** What readList needs of the client. */
export interface PageReader {
  get(url: string): Promise<HttpResponse<unknown>>;
  /** The last answer to a GET of this URL, if the client still has it. */
  known?(url: string): HttpResponse<unknown> | undefined;
  mayCarryToken(url: URL): boolean;
  describe(url: URL): string;
  readonly apiRoot: string;
  warn(message: string): void;
  badList(where: string): Error;
}

type Next = { url?: URL; unreadable?: boolean };

function nextOf(style: PaginationStyle, response: HttpResponse<unknown>): Next {
  try {
    const next = nextPageUrl(style, response.url, response.headers);
    return { url: next === undefined ? undefined : new URL(next) };
  } catch {
    return { unreadable: true };
  }
}

export async function readList<T>(reader: PageReader, start: URL, style: PaginationStyle, options: ListOptions): Promise<ListResult<T>> {
  const items: T[] = [];
  const maxPages = options.maxPages ?? 50;
  const seen = new Set<string>();
  const itemsOf = (response: HttpResponse<unknown>): T[] => {
    const list = options.extract ? options.extract(response.data) : response.data;
    if (!Array.isArray(list)) throw reader.badList(reader.describe(new URL(response.url)));
    options.onPage?.(list);
    return list as T[];
  };
  let url = start;
  let firstPage: HttpResponse<unknown> | undefined;
  const early = pagesAhead(reader, style, start, maxPages);
  for (let page = 1; ; page++) {
    seen.add(pageKey(url));
    const response = await reader.get(url.toString());
    const list = itemsOf(response);
    items.push(...list);
    const next = list.length === 0 ? {} : nextOf(style, response);
    const where = reader.describe(url);
    const stop = checkNext(reader, next, where, seen, page, maxPages);
    if (stop !== 'go') return { items, firstPage: firstPage ?? response, cut: stop };
    if (!firstPage) {
      firstPage = response;
      const rest = remainingPages(style, response, next.url as URL, maxPages);
      if (rest.length > 0) {
        // Each page's items are taken as it comes (onPage), and kept in page order.
        const pages = await mapWithConcurrency(rest, PAGES_AT_ONCE, async (u) => {
          const more = await (early?.get(u.toString()) ?? reader.get(u.toString()));
          return { more, list: itemsOf(more) };
        });
        for (const [i, { list }] of pages.entries()) {
          seen.add(pageKey(rest[i]));
          items.push(...list);
        }
        const last = pages[pages.length - 1].more;
        const after = nextOf(style, last);
        const afterStop = checkNext(reader, after, reader.describe(rest[rest.length - 1]), seen, 1 + rest.length, maxPages);
        if (afterStop !== 'go') return { items, firstPage, cut: afterStop };
        page += rest.length;
        url = after.url as URL;
        continue;
      }
    }
    url = next.url as URL;
  }
}

/** The pages 2..last that the last read of this list named, already asked for (a few at a time). */
function pagesAhead(reader: PageReader, style: PaginationStyle, start: URL, maxPages: number): Map<string, Promise<HttpResponse<unknown>>> | undefined {
  const known = reader.known?.(start.toString());
  if (!known) return undefined;
  const next = nextOf(style, known);
  if (!next.url || !reader.mayCarryToken(next.url)) return undefined;
  const limiter = new Limiter(PAGES_AT_ONCE);
  const reads = remainingPages(style, known, next.url, maxPages).map((u): [string, Promise<HttpResponse<unknown>>] => {
    const read = limiter.run(() => reader.get(u.toString()));
    // Seen only if the list still has this page: a failure of a page it no longer has is no failure.
    read.catch(() => undefined);
    return [u.toString(), read];
  });
  return reads.length ? new Map(reads) : undefined;
}

/** 'go' when the next page may be read; else why the list ends (undefined: it simply ended). */
function checkNext(reader: PageReader, next: Next, where: string, seen: Set<string>, page: number, maxPages: number): 'go' | ListResult<unknown>['cut'] {
  if (next.url === undefined && !next.unreadable) return undefined;
  if (next.url === undefined || !reader.mayCarryToken(next.url)) {
    const target = next.url ? `${next.url.origin}, outside the API root ${reader.apiRoot}` : 'an address that cannot be read';
    reader.warn(`The next page of ${where} is at ${target}: not followed; the list may be incomplete.`);
    return 'leftApi';
  }
  if (seen.has(pageKey(next.url))) {
    reader.warn(`The next page of ${where} was already read (a pagination loop): stopped; the list may be incomplete.`);
    return 'loop';
  }
  if (page >= maxPages) {
    reader.warn(`${where}: stopped after ${maxPages} pages; the list may be incomplete.`);
    return 'pageCap';
  }
  return 'go';
}

/**
 * Pages 2..last as URLs, when page 1 named the last page and its next page is page 2: the next URL
 * with only its `page` changed, so each stays where the forge pointed (inside the API root, checked).
 */
function remainingPages(style: PaginationStyle, first: HttpResponse<unknown>, next: URL, maxPages: number): URL[] {
  const last = lastPageNumber(style, first.url, first.headers);
  if (last === undefined || next.searchParams.get('page') !== '2') return [];
  const upTo = Math.min(last, maxPages);
  return Array.from({ length: Math.max(0, upTo - 1) }, (_, i) => {
    const url = new URL(next);
    url.searchParams.set('page', String(i + 2));
    return url;
  });
}
