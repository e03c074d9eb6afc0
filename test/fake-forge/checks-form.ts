// Request-body helpers for the Gitee/GitHub check routes: a Rails-style nested form parser
// (`output[title]=..&actions[][label]=..`, what Gitee's formData endpoints take) and JSON-or-form reading.
import type { RouteContext } from './types';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function put(container: Bag | unknown[], parts: readonly string[], value: string): void {
  const [head, ...rest] = parts;
  if (Array.isArray(container)) {
    // `[]`: append, unless the last element still lacks this key (Rails groups `a[][x]=1&a[][y]=2`).
    const index = head === '' ? container.length : Number(head);
    if (rest.length === 0) {
      container[index] = value;
      return;
    }
    const last = container[container.length - 1];
    const reuse = head === '' && isBag(last) && rest.length === 1 && !(rest[0] in last);
    const target = reuse ? (last as Bag) : isBag(container[index]) ? (container[index] as Bag) : (container[index] = {});
    put(target as Bag, rest, value);
    return;
  }
  if (rest.length === 0) {
    container[head] = value;
    return;
  }
  const wantsArray = rest[0] === '' || /^\d+$/.test(rest[0]);
  let child = container[head];
  if (wantsArray ? !Array.isArray(child) : !isBag(child)) child = container[head] = wantsArray ? [] : {};
  put(child as Bag | unknown[], rest, value);
}

/** `a=1&b[c]=2&d[][e]=3&d[][f]=4` -> { a: '1', b: { c: '2' }, d: [{ e: '3', f: '4' }] }. */
export function parseNestedForm(raw: string): Bag {
  const root: Bag = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
    if (!m) {
      root[key] = value;
      continue;
    }
    const parts = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])];
    put(root, parts, value);
  }
  return root;
}

/** The body as an object: JSON, or a (nested) form; {} when empty; undefined when it is neither. */
export function bodyObject(ctx: RouteContext): Bag | undefined {
  const type = (ctx.request.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return parseNestedForm(ctx.request.rawBody);
  if (ctx.request.rawBody.trim() === '') return {};
  return isBag(ctx.request.body) ? ctx.request.body : undefined;
}

/** A form field may carry JSON (`output={"title":..}`): parse strings that look like JSON objects/arrays. */
export function jsonish(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A whole number from a number or a decimal string (form values are strings). */
export function intOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

export { isBag };

/**
 * Routing help for refs with slashes: `/repos/o/r/commits/heads/feature/x/check-runs` becomes
 * `/repos/o/r/commits/heads%2Ffeature%2Fx/check-runs`, so a one-segment `:ref` route matches it.
 */
export function encodeCommitRef(apiPath: string, suffixes: readonly string[]): string {
  const m = /^(\/repos\/[^/]+\/[^/]+\/commits\/)(.+)\/([^/]+)\/?$/.exec(apiPath);
  if (!m || !m[2].includes('/') || !suffixes.includes(m[3])) return apiPath;
  return `${m[1]}${m[2].split('/').join('%2F')}/${m[3]}`;
}
