// Loads the committed copies of the forges' API descriptions (test/contract/specs/, see its SOURCES.md),
// applies corrections.ts, and indexes their operations by method and path template, with query
// parameters, request bodies and response schemas normalized for ajv (schema.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { correctGitee, correctGitLab, MULTI_SEGMENT_PARAMS, SCHEMA_RULES, type Forge, type SpecId } from './corrections';
import { normalize, type Json, type NormalizeContext } from './schema';

export interface QueryParam {
  readonly name: string;
  readonly required: boolean;
  /** Normalized JSON schema of the (coerced) value. */
  readonly schema: Json;
}

export interface Operation {
  /** `gitlab GET /projects/{id}` (the template after the API root). */
  readonly key: string;
  readonly forge: Forge;
  readonly spec: SpecId;
  /** Which file declares it. */
  readonly source: string;
  readonly method: string;
  readonly template: string;
  readonly regex: RegExp;
  readonly literals: number;
  readonly query: readonly QueryParam[];
  /** The JSON body's schema (OpenAPI requestBody, Swagger `in: body`, or `in: formData` folded into objects). */
  readonly body?: Json;
  /** Status ('200', 'default') -> normalized schema, or null when the status is declared without a body. */
  readonly responses: Readonly<Record<string, Json | null>>;
  /** Outside the API root: `template` is the whole path after the instance prefix (GitLab's /api/graphql). */
  readonly raw?: true;
}

export interface SpecSet {
  readonly operations: readonly Operation[];
  /** `<refId>` -> the normalized definitions, for ajv and for declares(). */
  readonly definitions: Readonly<Record<string, Json>>;
}

function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('contract: cannot find the project root above the test bundle');
    dir = up;
  }
  return dir;
}

export const SPECS_DIR = join(projectRoot(), 'test', 'contract', 'specs');
const readJson = (rel: string): Json => JSON.parse(readFileSync(join(SPECS_DIR, rel), 'utf8')) as Json;

type Doc = Json & { paths: Record<string, Record<string, Json>>; definitions?: Record<string, Json> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(forge: Forge, template: string): { regex: RegExp; literals: number } {
  let literals = 0;
  const parts = template.split('/').map((segment) => {
    if (MULTI_SEGMENT_PARAMS[forge].includes(segment)) return '.+';
    if (/^\{[^}]+\}$/.test(segment)) return '[^/]+';
    if (segment !== '') literals++;
    return escapeRegex(segment);
  });
  return { regex: new RegExp(`^${parts.join('/')}$`), literals };
}

/** The value schema of a Swagger parameter (its own keys) or an OpenAPI one (its `schema`). */
function paramSchema(p: Json): Json {
  const source = (p.schema as Json | undefined) ?? p;
  const keys = ['type', 'format', 'enum', 'items', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern'];
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/**
 * Swagger `in: formData` parameters folded into the JSON body they describe: `output[title]` is the field
 * `title` of the object `output`; an array-typed `output[annotations][path]` is the field `path` of each
 * item of the list `output.annotations`. A bracketed parameter's `required` holds within its parent.
 */
function formDataSchema(params: Json[], ctx: NormalizeContext): Json {
  const root: Json = { type: 'object', properties: {} };
  for (const param of params) {
    const path = String(param.name).replace(/\]/g, '').split('[');
    const listAt = param.type === 'array' && path.length >= 2 ? path.length - 2 : -1;
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const props = node.properties as Record<string, Json>;
      props[path[i]] ??= i === listAt ? { type: 'array', items: { type: 'object', properties: {} } } : { type: 'object', properties: {} };
      node = props[path[i]].type === 'array' ? (props[path[i]].items as Json) : props[path[i]];
    }
    const leaf = path[path.length - 1];
    (node.properties as Record<string, Json>)[leaf] = paramSchema(listAt >= 0 ? ((param.items as Json) ?? {}) : param);
    if (param.required === true) node.required = [...((node.required as string[] | undefined) ?? []), leaf];
  }
  return normalize(root, ctx);
}

function bodyOf(op: Json, params: Json[], ctx: NormalizeContext): Json | undefined {
  const requestBody = op.requestBody as Json | undefined;
  if (requestBody) {
    const content = requestBody.content as Record<string, Json> | undefined;
    const schema = content?.['application/json']?.schema;
    return schema ? normalize(schema, ctx) : undefined;
  }
  const inBody = params.find((p) => p.in === 'body');
  if (inBody) return normalize(inBody.schema, ctx);
  const form = params.filter((p) => p.in === 'formData' && p.name !== 'access_token');
  return form.length > 0 ? formDataSchema(form, ctx) : undefined;
}

function operationsOf(forge: Forge, spec: SpecId, doc: Doc, source: (path: string) => string, stripRoot: string, refId?: string, raw?: true): Operation[] {
  const ctx: NormalizeContext = { refId, rules: SCHEMA_RULES[spec] };
  const paramCtx: NormalizeContext = { refId, rules: {} };
  const out: Operation[] = [];
  for (const [rawPath, item] of Object.entries(doc.paths)) {
    const template = rawPath.startsWith(stripRoot) ? rawPath.slice(stripRoot.length) : rawPath;
    const { regex, literals } = compile(forge, template);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...((item.parameters as unknown as Json[] | undefined) ?? []), ...((op.parameters as Json[] | undefined) ?? [])];
      const query = params.filter((p) => p.in === 'query' && p.name !== 'access_token').map((p) => ({
        name: String(p.name),
        required: p.required === true,
        schema: normalize(paramSchema(p), paramCtx),
      }));
      const responses: Record<string, Json | null> = {};
      for (const [status, response] of Object.entries((op.responses as Record<string, Json>) ?? {})) {
        const content = response.content as Record<string, Json> | undefined;
        const schema = content ? (content['application/json']?.schema ?? null) : (response.schema ?? null);
        responses[status] = schema ? normalize(schema, ctx) : null;
      }
      out.push({
        key: `${forge} ${method.toUpperCase()} ${template}`, forge, spec, source: source(rawPath), method: method.toUpperCase(), template, regex, literals, query,
        body: bodyOf(op, params, paramCtx), responses, ...(raw ? { raw } : {}),
      });
    }
  }
  return out;
}

function definitionsOf(doc: Doc, spec: SpecId, refId: string): Json {
  const ctx: NormalizeContext = { refId, rules: SCHEMA_RULES[spec] };
  return Object.fromEntries(Object.entries(doc.definitions ?? {}).map(([name, def]) => [name, normalize(def, ctx)]));
}

let cached: SpecSet | undefined;

/** Every operation of every description, corrected. Loaded once per process. */
export function loadSpecs(): SpecSet {
  if (cached) return cached;
  const gitlab = parse(readFileSync(join(SPECS_DIR, 'gitlab', 'openapi_v2.trimmed.yaml'), 'utf8')) as Doc;
  const ee = readJson('gitlab/external-status-checks.swagger.json') as Doc;
  const eePaths = new Set(Object.keys(ee.paths));
  const merged: Doc = { ...gitlab, paths: { ...gitlab.paths, ...ee.paths }, definitions: { ...gitlab.definitions, ...ee.definitions } };
  correctGitLab(merged);
  const gitee = readJson('gitee/v5.partial.swagger.json') as Doc;
  correctGitee(gitee, readJson('gitee/check-runs-values.json'), readJson('gitee/pr.sample.json'), readJson('gitee/branch.sample.json'));
  // An operation the cut subsets lack, transcribed (github/job-logs.transcribed.json names its source).
  const jobLogs = readJson('github/job-logs.transcribed.json') as Doc;
  const withJobLogs = (doc: Doc): Doc => ({ ...doc, paths: { ...doc.paths, ...jobLogs.paths } });
  const github = withJobLogs(readJson('github/api.github.com.subset.json') as Doc);
  const ghes = withJobLogs(readJson('github/ghes-3.19.subset.json') as Doc);
  // GitLab's GraphQL, beside /api/v4, for the one query MR Gates sends (transcribed, with its source inside).
  const graphql = readJson('gitlab/graphql-mergeability.transcribed.json') as Doc;
  cached = {
    operations: [
      ...operationsOf('gitlab', 'gitlab', merged, (p) => (eePaths.has(p) ? 'gitlab/external-status-checks.swagger.json' : 'gitlab/openapi_v2.yaml'), '/api/v4', 'gitlab'),
      ...operationsOf('gitlab', 'gitlabGraphql', graphql, () => 'gitlab/graphql-mergeability.transcribed.json', '', undefined, true),
      ...operationsOf('gitee', 'gitee', gitee, () => 'gitee/v5.partial.swagger.json', '', 'gitee'),
      ...operationsOf('github', 'github', github, () => 'github/api.github.com.subset.json', ''),
      ...operationsOf('github', 'ghes', ghes, () => 'github/ghes-3.19.subset.json', ''),
    ],
    definitions: { gitlab: { $id: 'gitlab', definitions: definitionsOf(merged, 'gitlab', 'gitlab') }, gitee: { $id: 'gitee', definitions: definitionsOf(gitee, 'gitee', 'gitee') } },
  };
  return cached;
}

/** The description an exchange of this forge is checked against. */
export function specFor(forge: Forge, ghes: boolean): SpecId {
  return forge === 'github' && ghes ? 'ghes' : forge;
}
