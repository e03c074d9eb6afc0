// Offset pagination in each forge's dialect. List routes call `pageOf` then the forge's header builder.
//   GitLab: page/per_page (default 20, max 100); x-page, x-per-page, x-next-page, x-prev-page,
//           x-total, x-total-pages and Link prev/next/first/last (samples/gitlab-docs/rest_pagination.headers.txt).
//   Gitee:  page/per_page (default 20, max 100); headers total_count and total_page, no Link
//           (drone/go-scm scm/driver/gitee/gitee.go reads total_page; see notes/forge-api-facts.md §C).
//   GitHub: page/per_page (default 30, max 100); Link prev/next/last/first whose URLs use the
//           /repositories/<id>/... form for repository routes (samples/octokit-fixtures/paginate-issues,
//           samples/pygithub-replay/CheckRun.testListCheckRunAnnotations.txt).

export interface PageStyle {
  readonly defaultPerPage: number;
  readonly maxPerPage: number;
}

export const GITLAB_PAGES: PageStyle = { defaultPerPage: 20, maxPerPage: 100 };
export const GITEE_PAGES: PageStyle = { defaultPerPage: 20, maxPerPage: 100 };
export const GITHUB_PAGES: PageStyle = { defaultPerPage: 30, maxPerPage: 100 };

export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  /** ceil(total / perPage); 0 for an empty list. */
  readonly totalPages: number;
}

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || !/^\d+$/.test(value.trim())) return fallback;
  const n = Number(value);
  return n >= 1 ? n : fallback;
}

/** Slice one page out of `all`; out-of-range per_page is clamped to the forge's max, bad values use defaults. */
export function pageOf<T>(all: readonly T[], query: URLSearchParams, style: PageStyle): Page<T> {
  const page = positiveInt(query.get('page'), 1);
  const perPage = Math.min(positiveInt(query.get('per_page'), style.defaultPerPage), style.maxPerPage);
  const start = (page - 1) * perPage;
  return {
    items: all.slice(start, start + perPage),
    page,
    perPage,
    total: all.length,
    totalPages: Math.ceil(all.length / perPage),
  };
}

/** `<url>; rel="name"` joined with ', '. */
export function linkHeader(links: ReadonlyArray<readonly [rel: string, url: string]>): string {
  return links.map(([rel, url]) => `<${url}>; rel="${rel}"`).join(', ');
}

function withParams(base: string, query: URLSearchParams, set: Record<string, string>): string {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  return `${base}?${q.toString()}`;
}

/**
 * GitLab's offset pagination headers. `base` is the absolute URL of the list without the query
 * (`<apiBase>/projects`); the request's other query parameters are kept in the links.
 */
export function gitlabPageHeaders(page: Page<unknown>, base: string, query: URLSearchParams): Record<string, string> {
  const last = Math.max(page.totalPages, 1);
  const url = (n: number): string => withParams(base, query, { page: String(n), per_page: String(page.perPage) });
  const links: Array<[string, string]> = [];
  if (page.page > 1) links.push(['prev', url(page.page - 1)]);
  if (page.page < last) links.push(['next', url(page.page + 1)]);
  links.push(['first', url(1)], ['last', url(last)]);
  return {
    'x-page': String(page.page),
    'x-per-page': String(page.perPage),
    'x-next-page': page.page < last ? String(page.page + 1) : '',
    'x-prev-page': page.page > 1 ? String(page.page - 1) : '',
    'x-total': String(page.total),
    'x-total-pages': String(last),
    link: linkHeader(links),
  };
}

/** Gitee's pagination headers (header names with underscores, as Gitee sends them). */
export function giteePageHeaders(page: Page<unknown>): Record<string, string> {
  return { total_count: String(page.total), total_page: String(page.totalPages) };
}

/**
 * GitHub's Link header (absent when everything fits on one page). `base` is the absolute URL the
 * links point at: for repository routes GitHub uses `<apiBase>/repositories/<id>/...`, not `/repos/o/r/...`.
 * Only `page` is added to the request's query; per_page stays as the client sent it (or absent).
 */
export function githubPageHeaders(page: Page<unknown>, base: string, query: URLSearchParams): Record<string, string> {
  const url = (n: number): string => withParams(base, query, { page: String(n) });
  const links: Array<[string, string]> = [];
  if (page.page > 1) links.push(['prev', url(Math.min(page.page - 1, Math.max(page.totalPages, 1)))]);
  if (page.page < page.totalPages) links.push(['next', url(page.page + 1)], ['last', url(page.totalPages)]);
  if (page.page > 1) links.push(['first', url(1)]);
  return links.length > 0 ? { link: linkHeader(links) } : {};
}
