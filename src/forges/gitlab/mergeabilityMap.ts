// Raw GitLab GraphQL JSON of a merge request's merge checks (map.ts's part for them, re-exported there):
// `{ data: { project: { mergeRequest: { mergeabilityChecks: [{ identifier, status }] } } } }`, or the
// `errors` of an instance whose schema has no such field. What GitLab's source says of the shapes is in
// mergeabilityChecks.ts; every value is checked here, where it enters, and anything else is dropped.
import { asObject, optionalObject, type JsonObject } from '../json';

/** MergeabilityCheckStatus (app/graphql/types/merge_requests/mergeability_check_status_enum.rb). */
export type MergeabilityStatus = 'success' | 'checking' | 'failed' | 'inactive' | 'warning';
const STATUSES: ReadonlySet<string> = new Set(['SUCCESS', 'CHECKING', 'FAILED', 'INACTIVE', 'WARNING']);

/** An enum value of MergeabilityCheckIdentifier: a check's identifier upper-cased (NEED_REBASE). */
const IDENTIFIER = /^[A-Z][A-Z0-9_]{0,63}$/;

/** More checks than GitLab has ever run (about twenty): the rest of a longer list is not read. */
export const MAX_MERGEABILITY_CHECKS = 64;

export interface MergeabilityCheckResult {
  /** Lower-cased: the word detailed_merge_status uses for the same check (`need_rebase`). */
  readonly identifier: string;
  readonly status: MergeabilityStatus;
}

export type MergeabilityAnswer =
  /** The instance listed the checks (valid entries only, at most MAX_MERGEABILITY_CHECKS). */
  | { readonly kind: 'checks'; readonly checks: readonly MergeabilityCheckResult[] }
  /** The instance's schema lacks a field of the query (older than GitLab 16.5): it will not answer it. */
  | { readonly kind: 'lacksField'; readonly message: string }
  /** No usable answer this time: a resolver error, no such project or MR, a wrong shape. */
  | { readonly kind: 'unusable'; readonly message: string };

/** graphql-ruby's static validation: `Field 'x' doesn't exist on type 'T'`, extensions.code `undefinedField`. */
function namesMissingField(error: JsonObject): boolean {
  const extensions = optionalObject(error, 'extensions');
  if (extensions?.code === 'undefinedField') return true;
  return typeof error.message === 'string' && /^Field '\w+' doesn't exist on type '\w+'/.test(error.message);
}

function firstMessage(errors: readonly unknown[]): string {
  const first = errors.find((e): e is JsonObject => !!e && typeof e === 'object' && typeof (e as JsonObject).message === 'string');
  return first ? String(first.message).slice(0, 200) : 'GraphQL answered errors';
}

function checkOf(raw: unknown): MergeabilityCheckResult | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const { identifier, status } = raw as JsonObject;
  if (typeof identifier !== 'string' || !IDENTIFIER.test(identifier)) return undefined;
  if (typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  return { identifier: identifier.toLowerCase(), status: status.toLowerCase() as MergeabilityStatus };
}

/** The answer of POST /api/graphql to the mergeabilityChecks query (a non-object body is a badResponse). */
export function mapMergeabilityChecks(raw: unknown): MergeabilityAnswer {
  const body = asObject(raw, 'the GitLab GraphQL answer');
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (errors.some((e) => !!e && typeof e === 'object' && !Array.isArray(e) && namesMissingField(e as JsonObject))) {
    return { kind: 'lacksField', message: firstMessage(errors) };
  }
  const data = optionalObject(body, 'data');
  const project = data && optionalObject(data, 'project');
  const mergeRequest = project && optionalObject(project, 'mergeRequest');
  const list = mergeRequest?.mergeabilityChecks;
  if (!Array.isArray(list)) {
    const why = errors.length ? firstMessage(errors) : !project ? 'no such project' : !mergeRequest ? 'no such merge request' : 'mergeabilityChecks is not a list';
    return { kind: 'unusable', message: why };
  }
  const seen = new Set<string>();
  const checks: MergeabilityCheckResult[] = [];
  for (const item of list.slice(0, MAX_MERGEABILITY_CHECKS)) {
    const check = checkOf(item);
    if (!check || seen.has(check.identifier)) continue;
    seen.add(check.identifier);
    checks.push(check);
  }
  return { kind: 'checks', checks };
}
