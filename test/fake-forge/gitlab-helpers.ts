// Shared pieces of the GitLab routes: request parameters the way Grape reads them (query + JSON or
// form body, Rack-style `a[]` / `a[][k]` nesting), Grape's 400 wording for missing/invalid params,
// GitLab's error bodies, and the lookups every MR / CI route starts with.
// Error wording: lib/api/api.rb (`{"message":"404 Not found"}` for a missing record, Grape errors as
// `{"error":"<param> is missing"}`), lib/api/helpers.rb (`403 Forbidden - <reason>`, `400 Bad request - <reason>`).
import { findGitLabProject, gitlabUserBasic } from './gitlab';
import { gitlabOf, type GitLabRole, type GitLabState, type MergeRequest } from './gitlab-state';
import { GITLAB_PAGES, gitlabPageHeaders, pageOf } from './pagination';
import type { Project } from './state';
import { json, ReplyError, type Reply, type RouteContext } from './types';

export function glState(ctx: RouteContext): GitLabState {
  return gitlabOf(ctx.state);
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

export function projectWebUrl(ctx: RouteContext, project: Project): string {
  return `${ctx.forge.url}/${project.path}`;
}

/** UserBasic of a user id, or null. */
export function userById(ctx: RouteContext, id: number | undefined): Record<string, unknown> | null {
  const user = id === undefined ? undefined : ctx.state.users.get(id);
  return user ? gitlabUserBasic(ctx.forge, user) : null;
}

// ---- errors ---------------------------------------------------------------------------------

export function fail(status: number, message: string): ReplyError {
  return new ReplyError(json(status, { message }));
}

/** ActiveRecord::RecordNotFound, rescued in lib/api/api.rb. */
export const recordNotFound = (): ReplyError => fail(404, '404 Not found');
export const unauthorized = (): ReplyError => fail(401, '401 Unauthorized');
export const forbidden = (reason?: string): ReplyError => fail(403, reason ? `403 Forbidden - ${reason}` : '403 Forbidden');

// ---- parameters -----------------------------------------------------------------------------

type Params = Record<string, unknown>;

/** Rack's nested keys: `a`, `a[]`, `a[][k]`, `a[0][k]`, `a[k]`. */
function assign(out: Params, key: string, value: string): void {
  const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
  if (!m) {
    out[key] = value;
    return;
  }
  const [, base, rest] = m;
  const parts = [...rest.matchAll(/\[([^\]]*)\]/g)].map((p) => p[1]);
  if (parts.length === 0) out[base] = value;
  else if (parts.length === 1 && parts[0] === '') out[base] = [...(Array.isArray(out[base]) ? (out[base] as unknown[]) : []), value];
  else if (parts.length === 1) out[base] = { ...(typeof out[base] === 'object' && out[base] !== null ? (out[base] as Params) : {}), [parts[0]]: value };
  else {
    const list = Array.isArray(out[base]) ? (out[base] as Params[]) : [];
    const [index, field] = parts;
    const i = index === '' ? (list.length > 0 && !(field in list[list.length - 1]) ? list.length - 1 : list.length) : Number(index);
    list[i] = { ...(list[i] ?? {}), [field]: value };
    out[base] = list;
  }
}

function fromPairs(pairs: Iterable<[string, string]>): Params {
  const out: Params = {};
  for (const [k, v] of pairs) assign(out, k, v);
  return out;
}

/** Query parameters merged with the body (a JSON object or a form); the body wins. */
export function requestParams(ctx: RouteContext): Params {
  const params = fromPairs(ctx.query.entries());
  const type = (ctx.request.headers['content-type'] ?? '').toLowerCase();
  const body = ctx.request.body;
  if (type.includes('application/x-www-form-urlencoded')) Object.assign(params, fromPairs(new URLSearchParams(ctx.request.rawBody).entries()));
  else if (body !== null && typeof body === 'object' && !Array.isArray(body)) Object.assign(params, body);
  return params;
}

export interface ParamSpec {
  readonly name: string;
  /** `integer[]` also takes a comma-separated string (GitLab's `coerce_with: ::API::Validations::Types::CommaSeparatedToIntegerArray`). */
  readonly type: 'string' | 'integer' | 'integer[]' | 'string[]' | 'boolean' | 'float';
  readonly required?: boolean;
  readonly values?: readonly string[];
}

const INVALID = Symbol('invalid');

function coerce(type: ParamSpec['type'], value: unknown): unknown {
  const int = (v: unknown): number | typeof INVALID =>
    typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : INVALID;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : INVALID;
    case 'integer':
      return int(value);
    case 'float':
      return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : INVALID;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|t|1|yes)$/i.test(value)) return true;
      if (typeof value === 'string' && /^(false|f|0|no)$/i.test(value)) return false;
      return INVALID;
    case 'integer[]': {
      const items = typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '') : Array.isArray(value) ? value : [value];
      const ints = items.map(int);
      return ints.includes(INVALID) ? INVALID : ints;
    }
    case 'string[]': {
      const items = Array.isArray(value) ? value : [value];
      return items.every((v) => typeof v === 'string') ? items : INVALID;
    }
  }
}

/** Grape's declared params: coerced values, or 400 `{"error":"a is missing, b does not have a valid value"}`. */
export function validateParams(ctx: RouteContext, specs: readonly ParamSpec[], params = requestParams(ctx)): Params {
  const errors: string[] = [];
  const out: Params = {};
  for (const spec of specs) {
    const raw = params[spec.name];
    if (raw === undefined || raw === null) {
      if (spec.required) errors.push(`${spec.name} is missing`);
      continue;
    }
    const value = coerce(spec.type, raw);
    if (value === INVALID) {
      errors.push(`${spec.name} is invalid`);
      continue;
    }
    const values = spec.values;
    if (values && (Array.isArray(value) ? value : [value]).some((v) => !values.includes(String(v)))) {
      errors.push(`${spec.name} does not have a valid value`);
      continue;
    }
    out[spec.name] = value;
  }
  if (errors.length > 0) throw new ReplyError(json(400, { error: errors.join(', ') }));
  return out;
}

// ---- lookups --------------------------------------------------------------------------------

/** `:id` as a project the user can read (explicit roles count), or 404 `404 Project Not Found`. */
export function readableProject(ctx: RouteContext): Project {
  return findGitLabProject(ctx);
}

/** authenticate! then user_project, as the API's `before` blocks do. */
export function authenticatedProject(ctx: RouteContext): Project {
  ctx.requireUser();
  return readableProject(ctx);
}

/** ee/lib/api/status_checks.rb `before { authenticate!; check_feature_enabled! }`: 401 when not licensed. */
export function statusCheckProject(ctx: RouteContext): Project {
  const project = authenticatedProject(ctx);
  if (!glState(ctx).settingsOf(project).externalStatusChecksLicensed) throw unauthorized();
  return project;
}

/** user_project.merge_requests.find_by!(iid:): 404 `404 Not found`. */
export function findMergeRequest(ctx: RouteContext, project: Project, param = 'merge_request_iid'): MergeRequest {
  const raw = ctx.params[param] ?? '';
  const mr = /^\d+$/.test(raw) ? glState(ctx).mergeRequest(project, Number(raw)) : undefined;
  if (!mr) throw recordNotFound();
  return mr;
}

/** authorize!: 403 `403 Forbidden` unless the user has at least `role` in the project. */
export function requireRole(ctx: RouteContext, project: Project, role: GitLabRole, reply: () => ReplyError = () => forbidden()): void {
  if (!glState(ctx).hasAccess(ctx.user, project, role)) throw reply();
}

/** A numeric route parameter, or 404 `404 Not found` (Grape would 400 on a non-integer; nobody sends one). */
export function numericParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw recordNotFound();
  return Number(raw);
}

export function created(body: unknown, headers?: Record<string, string>): Reply {
  return json(201, body, headers);
}

/** One page of `all` with GitLab's pagination headers; links repeat the request's own path and query. */
export function paginated<T>(ctx: RouteContext, all: readonly T[], render: (item: T) => unknown, headers: Record<string, string> = {}): Reply {
  const page = pageOf(all, ctx.query, GITLAB_PAGES);
  const base = `${ctx.forge.url}${ctx.request.path}`;
  return json(200, page.items.map(render), { ...gitlabPageHeaders(page, base, ctx.query), ...headers });
}
