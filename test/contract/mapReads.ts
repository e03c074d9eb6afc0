// Fields the adapters' mapping code reads must be declared by the description. Each recorded answer of
// an operation the client uses is run through the map function(s) the adapter applies to it, on a
// Proxy that records every property path read (present or not); each path is then looked up in the
// response schema. Undeclared reads fail unless corrections.ts UNDECLARED_READS lists them with a reason.
//
// To follow an adapter change, edit MAP_USES: one line per (operation, map function). A map function
// that no longer exists is reported as skipped, never a crash.
import * as checkRunsMap from '../../src/forges/checkRuns/map';
import * as giteeMap from '../../src/forges/gitee/map';
import * as githubMap from '../../src/forges/github/map';
import * as gitlabMap from '../../src/forges/gitlab/map';
import type { Forge } from './corrections';
import { declares, type Json, type RefResolver } from './schema';
import type { Operation, SpecSet } from './specs';

type MapFn = (...args: unknown[]) => unknown;
/** The map.ts files: one per forge, and checkRuns/map.ts for the GitHub-v3 shapes Gitee shares. */
type ModuleName = 'gitlab' | 'github' | 'gitee' | 'checkRuns';

const MODULES: Record<ModuleName, Record<string, unknown>> = {
  gitlab: gitlabMap as Record<string, unknown>,
  github: githubMap as Record<string, unknown>,
  gitee: giteeMap as Record<string, unknown>,
  checkRuns: checkRunsMap as Record<string, unknown>,
};

export interface MapUse {
  readonly forge: Forge;
  /** `METHOD /template`, the template after the API root as the description spells it. */
  readonly operation: string;
  readonly module: ModuleName;
  readonly fn: string;
  /** How the adapter hands the body to the function (the reads of this glue count too). */
  readonly apply: (fn: MapFn, body: unknown) => void;
}

const SHA = 'f'.repeat(40);
const each = (list: unknown, f: (item: unknown) => void): void => {
  if (Array.isArray(list)) list.forEach((item) => f(item));
};
const one = (fn: MapFn, body: unknown): void => void fn(body);
const oneIn = (path: string) => (fn: MapFn, body: unknown): void => void fn(body, path);
const all = (fn: MapFn, body: unknown): void => each(body, (item) => fn(item));
const allIn = (path: string) => (fn: MapFn, body: unknown): void => each(body, (item) => fn(item, path));
/** checkRuns/gate.ts: the forge's own `extract` takes the runs out of a page; mapCheckRun's options as the adapter passes them. */
const checkRunPage = (extract: (page: unknown) => unknown, options: Record<string, unknown>) => (fn: MapFn, body: unknown): void => {
  each(extract(body), (item) => fn(item, options));
};
const GITEE_RUNS = { retryable: true, actionsAndImages: true };
const GITHUB_RUNS = { retryable: true, actionsAndImages: false };

/** What src/forges/gitlab/{gateReader,statusCheckAdmin,mergeabilityChecks}.ts, src/forges/checkRuns/{gate,pullRequests}.ts and the Gitee and GitHub adapters apply to each answer. */
export const MAP_USES: readonly MapUse[] = [
  { forge: 'gitlab', operation: 'GET /projects/{id}', module: 'gitlab', fn: 'mapProject', apply: one },
  { forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests', module: 'gitlab', fn: 'mapMergeRequest', apply: allIn('group/project') },
  { forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests/{merge_request_iid}', module: 'gitlab', fn: 'mapMergeRequest', apply: oneIn('group/project') },
  { forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests/{merge_request_iid}/status_checks', module: 'gitlab', fn: 'mapStatusCheck', apply: allIn(SHA) },
  { forge: 'gitlab', operation: 'GET /projects/{id}/pipelines/{pipeline_id}', module: 'gitlab', fn: 'mapPipeline', apply: one },
  { forge: 'gitlab', operation: 'GET /projects/{id}/pipelines/{pipeline_id}/jobs', module: 'gitlab', fn: 'mapJob', apply: allIn('101') },
  { forge: 'gitlab', operation: 'GET /projects/{id}/pipelines/{pipeline_id}/bridges', module: 'gitlab', fn: 'mapBridge', apply: allIn('101') },
  { forge: 'gitlab', operation: 'GET /projects/{id}/repository/commits/{sha}/statuses', module: 'gitlab', fn: 'mapCommitStatuses', apply: oneIn('101') },
  { forge: 'gitlab', operation: 'GET /projects/{id}/repository/commits/{sha}/comments', module: 'gitlab', fn: 'mapLineComments', apply: one },
  { forge: 'gitlab', operation: 'GET /projects/{id}/external_status_checks', module: 'gitlab', fn: 'mapProjectStatusCheck', apply: all },
  { forge: 'gitlab', operation: 'POST /projects/{id}/external_status_checks', module: 'gitlab', fn: 'mapProjectStatusCheck', apply: one },
  { forge: 'gitlab', operation: 'PUT /projects/{id}/external_status_checks/{check_id}', module: 'gitlab', fn: 'mapProjectStatusCheck', apply: one },
  { forge: 'gitlab', operation: 'GET /projects/{id}/protected_branches', module: 'gitlab', fn: 'mapProtectedBranch', apply: all },
  { forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests/{merge_request_iid}/approvals', module: 'gitlab', fn: 'mapApprovals', apply: one },
  { forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests/{merge_request_iid}/approval_state', module: 'gitlab', fn: 'mapApprovalRules', apply: one },
  { forge: 'gitlab', operation: 'POST /api/graphql', module: 'gitlab', fn: 'mapMergeabilityChecks', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/pulls/{number}', module: 'gitee', fn: 'mapGiteeApprovals', apply: oneIn('demo') },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', module: 'github', fn: 'mapApprovers', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/rules/branches/{branch}', module: 'github', fn: 'mapRequiredApprovals', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/branches/{branch}', module: 'github', fn: 'mapClassicRequiredContexts', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}', module: 'github', fn: 'mapPullStanding', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/branches/{branch}', module: 'gitee', fn: 'mapGiteeBranchProtected', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/pulls', module: 'gitee', fn: 'giteeStanding', apply: all },
  { forge: 'gitee', operation: 'GET /user', module: 'checkRuns', fn: 'mapUser', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}', module: 'checkRuns', fn: 'mapRepository', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}', module: 'checkRuns', fn: 'mapParentPath', apply: one },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/pulls', module: 'checkRuns', fn: 'mapPullRequest', apply: allIn('owner/repo') },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', module: 'checkRuns', fn: 'mapCheckRun', apply: checkRunPage(giteeMap.checkRunsOfPage, GITEE_RUNS) },
  { forge: 'gitee', operation: 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', module: 'checkRuns', fn: 'mapAnnotations', apply: one },
  { forge: 'github', operation: 'GET /user', module: 'checkRuns', fn: 'mapUser', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}', module: 'checkRuns', fn: 'mapRepository', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}', module: 'checkRuns', fn: 'mapParentPath', apply: one },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/pulls', module: 'checkRuns', fn: 'mapPullRequest', apply: allIn('owner/repo') },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/pulls/{pull_number}', module: 'checkRuns', fn: 'mapPullRequest', apply: oneIn('owner/repo') },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', module: 'checkRuns', fn: 'mapCheckRun', apply: checkRunPage(githubMap.checkRunsOfPage, GITHUB_RUNS) },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}', module: 'checkRuns', fn: 'mapCheckRun', apply: (fn, body) => void fn(body, GITHUB_RUNS) },
  { forge: 'github', operation: 'GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', module: 'checkRuns', fn: 'mapAnnotations', apply: one },
  {
    forge: 'github', operation: 'GET /repos/{owner}/{repo}/commits/{ref}/status', module: 'github', fn: 'mapCommitStatus',
    apply: (fn, body) => each(body && typeof body === 'object' ? (body as { statuses?: unknown }).statuses : undefined, (s) => fn(s, SHA)),
  },
];

/** Path segments joined for messages: `[].head_pipeline.project_id`. */
export function showPath(segments: readonly string[]): string {
  return segments.map((s, i) => (s === '[]' ? '[]' : i === 0 ? s : `.${s}`)).join('');
}

/** `value` behind a Proxy that adds every property path read to `reads` (array indices read as `[]`). */
export function tracked<T>(value: T, reads: Map<string, string[]>, path: readonly string[] = []): T {
  if (value === null || typeof value !== 'object') return value;
  const target = value as object;
  const note = (key: string): string[] => {
    const next = [...path, key];
    reads.set(next.join('\u0000'), next);
    return next;
  };
  return new Proxy(target, {
    get(obj, key, receiver) {
      const v: unknown = Reflect.get(obj, key, receiver);
      if (typeof key !== 'string') return v;
      if (Array.isArray(obj)) return /^\d+$/.test(key) ? tracked(v, reads, [...path, '[]']) : v;
      if (!Object.prototype.hasOwnProperty.call(obj, key) && key in Object.prototype) return v;
      return tracked(v, reads, note(key));
    },
    has(obj, key) {
      if (typeof key === 'string' && !Array.isArray(obj)) note(key);
      return Reflect.has(obj, key);
    },
  }) as T;
}

export interface ReadOutcome {
  /** Undeclared read paths. */
  readonly undeclared: readonly string[];
  /** Functions the table names that src no longer has. */
  readonly missing: readonly string[];
  readonly uses: number;
}

export function resolverFor(specs: SpecSet): RefResolver {
  return (ref) => {
    const [id, pointer] = ref.split('#');
    const name = pointer.replace(/^\/definitions\//, '');
    const defs = (specs.definitions[id] as { definitions?: Record<string, Json> } | undefined)?.definitions;
    return defs?.[name];
  };
}

/** Runs every map function the table gives this operation over `body`; what did they read that `schema` lacks? */
export function checkReads(op: Operation, schema: Json, body: unknown, resolve: RefResolver, uses: readonly MapUse[] = MAP_USES): ReadOutcome {
  const mine = uses.filter((u) => u.forge === op.forge && u.operation === `${op.method} ${op.template}`);
  const undeclared = new Set<string>();
  const missing: string[] = [];
  for (const use of mine) {
    const fn = MODULES[use.module][use.fn];
    if (typeof fn !== 'function') {
      missing.push(`${use.module}.${use.fn}`);
      continue;
    }
    const reads = new Map<string, string[]>();
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    try {
      use.apply(fn as MapFn, tracked(copy, reads));
    } catch {
      // A map function may reject a body (that is its job); what it read until then still counts.
    }
    for (const segments of reads.values()) if (!declares(schema, segments, resolve)) undeclared.add(`${showPath(segments)} (${use.fn})`);
  }
  return { undeclared: [...undeclared], missing, uses: mine.length };
}
