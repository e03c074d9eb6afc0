// How each forge says "there is another page". The HTTP client follows these; adapters pick the style.

export type PaginationStyle = 'gitlab' | 'github' | 'gitee';

export interface PageHeaders {
  get(name: string): string | null;
}

/** Parses an RFC 8288 Link header into rel -> URL. */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rel = /\brel\s*=\s*"?([^";]+)"?/i.exec(match[2]);
    if (!rel) continue;
    for (const name of rel[1].trim().split(/\s+/)) links.set(name.toLowerCase(), match[1]);
  }
  return links;
}

/**
 * What identifies a page for loop detection: the URL with its parameters sorted, a missing `page`
 * counting as page 1 (so `?page=1` is the first page read again).
 */
export function pageKey(url: URL): string {
  const params = new URLSearchParams(url.searchParams);
  if (!params.has('page')) params.set('page', '1');
  params.sort();
  return `${url.origin}${url.pathname}?${params.toString()}`;
}

/**
 * The URL of the next page, or undefined on the last one; throws a TypeError on a Link it cannot read.
 * GitHub and GitLab: follow Link rel="next" verbatim (GitHub's may use /repositories/:id paths).
 * GitLab without a Link header: x-next-page. Gitee: total_page, counting from the page just read.
 */
export function nextPageUrl(style: PaginationStyle, currentUrl: string, headers: PageHeaders): string | undefined {
  const next = parseLinkHeader(headers.get('link')).get('next');
  if (next && style !== 'gitee') return new URL(next, currentUrl).toString();
  const url = new URL(currentUrl);
  const page = Number(url.searchParams.get('page') ?? '1');
  if (style === 'gitlab') {
    const nextPage = headers.get('x-next-page');
    if (!nextPage || !/^\d+$/.test(nextPage.trim())) return undefined;
    url.searchParams.set('page', nextPage.trim());
    return url.toString();
  }
  if (style === 'gitee') {
    const totalPages = Number(headers.get('total_page') ?? '0');
    if (!Number.isFinite(totalPages) || page >= totalPages) return undefined;
    url.searchParams.set('page', String(page + 1));
    return url.toString();
  }
  return undefined;
}

/** The number of the last page, when the forge says it: GitHub's Link rel="last", GitLab's x-total-pages, Gitee's total_page. */
export function lastPageNumber(style: PaginationStyle, currentUrl: string, headers: PageHeaders): number | undefined {
  let value: string | null | undefined;
  if (style === 'gitee') value = headers.get('total_page');
  else if (style === 'gitlab') value = headers.get('x-total-pages');
  if (style === 'github' || value === null) {
    const last = parseLinkHeader(headers.get('link')).get('last');
    try {
      value = last ? new URL(last, currentUrl).searchParams.get('page') : undefined;
    } catch {
      value = undefined;
    }
  }
  const n = value && /^\d{1,6}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
