// GitLab's GraphQL endpoint, POST /api/graphql (config/routes/api.rb), for the part MR Gates asks:
//   query($fullPath: ID!, $iid: String!) { project(fullPath: $fullPath) { mergeRequest(iid: $iid) {
//     mergeabilityChecks { identifier status } } } }
// A small real parser and executor over that corner of GitLab's schema: any selection of its fields,
// aliases, literal or variable arguments. What graphql-ruby answers is kept: validation errors
// (`Field 'x' doesn't exist on type 'T'`, extensions.code `undefinedField`) come alone, without data;
// a project or MR the user may not read is null; parse errors name the token and its place.
// `forge.gitlab.graphql`: 'current' (16.5 and later), 'older' (no mergeabilityChecks field), 'off'
// (no GraphQL route: the instance's HTML 404).
import { glState } from './gitlab-helpers';
import { mergeabilityChecks } from './gitlab-mergeability';
import type { MergeRequest } from './gitlab-state';
import { Router } from './router';
import { json, type Reply, type RouteContext } from './types';

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

interface Field {
  readonly alias: string;
  readonly name: string;
  readonly args: Record<string, { readonly variable?: string; readonly literal?: unknown }>;
  readonly selections?: readonly Field[];
  readonly at: Token;
}

interface Operation {
  readonly name?: string;
  readonly variables: Record<string, string>;
  readonly selections: readonly Field[];
}

class ParseError extends Error {
  constructor(readonly at: Token | undefined) {
    super(at ? `Parse error on "${at.text}" at [${at.line}, ${at.column}]` : 'Unexpected end of document');
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /[\s,]+|#[^\n]*|"(?:[^"\\\n]|\\.)*"|-?\d+|[_A-Za-z][_0-9A-Za-z]*|[!$():=[\]{}]|\.\.\.|./g;
  for (const m of source.matchAll(pattern)) {
    if (/^[\s,]/.test(m[0]) || m[0].startsWith('#')) continue;
    const before = source.slice(0, m.index);
    const line = before.split('\n').length;
    tokens.push({ text: m[0], line, column: m.index - before.lastIndexOf('\n') });
  }
  return tokens;
}

function parse(source: string): Operation {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const take = (expected?: string | RegExp): Token => {
    const t = tokens[i];
    const fits = t && (expected === undefined || (typeof expected === 'string' ? t.text === expected : expected.test(t.text)));
    if (!fits) throw new ParseError(t);
    i++;
    return t;
  };
  const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
  const type = (): string => {
    if (peek()?.text === '[') {
      take('[');
      const inner = type();
      take(']');
      return `[${inner}]${peek()?.text === '!' ? take('!').text : ''}`;
    }
    return `${take(NAME).text}${peek()?.text === '!' ? take('!').text : ''}`;
  };
  const value = (): { variable?: string; literal?: unknown } => {
    const t = take();
    if (t.text === '$') return { variable: take(NAME).text };
    if (t.text.startsWith('"')) return { literal: JSON.parse(t.text) as unknown };
    if (/^-?\d+$/.test(t.text)) return { literal: Number(t.text) };
    if (t.text === 'true' || t.text === 'false') return { literal: t.text === 'true' };
    if (t.text === 'null') return { literal: null };
    if (NAME.test(t.text)) return { literal: t.text };
    throw new ParseError(t);
  };
  const selectionSet = (): Field[] => {
    take('{');
    const fields: Field[] = [];
    while (peek()?.text !== '}') {
      const at = take(NAME);
      const alias = at.text;
      let name = at.text;
      if (peek()?.text === ':') {
        take(':');
        name = take(NAME).text;
      }
      const args: Field['args'] = {};
      if (peek()?.text === '(') {
        take('(');
        while (peek()?.text !== ')') {
          const arg = take(NAME).text;
          take(':');
          args[arg] = value();
        }
        take(')');
      }
      fields.push({ alias, name, args, at, selections: peek()?.text === '{' ? selectionSet() : undefined });
    }
    take('}');
    return fields;
  };
  let name: string | undefined;
  const variables: Record<string, string> = {};
  if (peek()?.text !== '{') {
    take('query');
    if (peek() && NAME.test(peek()!.text)) name = take(NAME).text;
    if (peek()?.text === '(') {
      take('(');
      while (peek()?.text !== ')') {
        take('$');
        const variable = take(NAME).text;
        take(':');
        variables[variable] = type();
        if (peek()?.text === '=') throw new ParseError(peek());
      }
      take(')');
    }
  }
  const selections = selectionSet();
  if (peek()) throw new ParseError(peek());
  return { name, variables, selections };
}

type Resolver = (parent: unknown, args: Record<string, unknown>, ctx: RouteContext) => unknown;
interface FieldDef {
  readonly type?: string;
  readonly resolve: Resolver;
}

/** The corner of GitLab's schema the fake serves: type -> field -> (object type, resolver). */
function schema(ctx: RouteContext): Record<string, Record<string, FieldDef>> {
  const gl = glState(ctx);
  const mergeRequest: Record<string, FieldDef> = {
    iid: { resolve: (mr) => String((mr as MergeRequest).iid) },
    title: { resolve: (mr) => (mr as MergeRequest).title },
    mergeabilityChecks: { type: 'MergeRequestMergeabilityCheck', resolve: (mr) => mergeabilityChecks(gl, mr as MergeRequest) },
  };
  if (gl.graphql === 'older') delete mergeRequest.mergeabilityChecks;
  return {
    Query: {
      project: {
        type: 'Project',
        resolve: (_parent, args) => {
          const project = typeof args.fullPath === 'string' ? ctx.state.projectByPath(args.fullPath) : undefined;
          return project && gl.canRead(ctx.user, project) ? project : null;
        },
      },
    },
    Project: {
      fullPath: { resolve: (p) => (p as { path: string }).path },
      mergeRequest: {
        type: 'MergeRequest',
        resolve: (p, args) => (typeof args.iid === 'string' && /^\d+$/.test(args.iid) ? (gl.mergeRequest((p as { id: number }).id, Number(args.iid)) ?? null) : null),
      },
    },
    MergeRequest: mergeRequest,
    MergeRequestMergeabilityCheck: {
      identifier: { resolve: (c) => (c as { identifier: string }).identifier },
      status: { resolve: (c) => (c as { status: string }).status },
    },
  };
}

function graphqlError(message: string, at?: Token, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message, ...(at ? { locations: [{ line: at.line, column: at.column }] } : {}), ...extra };
}

function execute(ctx: RouteContext, operation: Operation, variables: Record<string, unknown>): Reply {
  const types = schema(ctx);
  const root = operation.name ? `query ${operation.name}` : 'query';
  // Static validation first, as graphql-ruby does: any error, and nothing is executed.
  const errors: Record<string, unknown>[] = [];
  const validate = (typeName: string, fields: readonly Field[], path: string[]): void => {
    for (const field of fields) {
      if (field.name === '__typename') continue;
      const def = types[typeName][field.name];
      if (!def) {
        errors.push(graphqlError(`Field '${field.name}' doesn't exist on type '${typeName}'`, field.at, {
          path: [...path, field.alias], extensions: { code: 'undefinedField', typeName, fieldName: field.name },
        }));
      } else if (def.type && field.selections) validate(def.type, field.selections, [...path, field.alias]);
    }
  };
  validate('Query', operation.selections, [root]);
  for (const [name, type] of Object.entries(operation.variables)) {
    if (type.endsWith('!') && (variables[name] === undefined || variables[name] === null)) {
      errors.push(graphqlError(`Variable $${name} of type ${type} was provided invalid value`, undefined, { extensions: { value: null, problems: [{ path: [], explanation: 'Expected value to not be null' }] } }));
    }
  }
  if (errors.length) return json(200, { errors });
  const resolve = (typeName: string, parent: unknown, fields: readonly Field[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.name === '__typename') {
        out[field.alias] = typeName;
        continue;
      }
      const def = types[typeName][field.name];
      const args = Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, v.variable !== undefined ? variables[v.variable] : v.literal]));
      const value = def.resolve(parent, args, ctx);
      if (!def.type || !field.selections || value === null || value === undefined) out[field.alias] = value ?? null;
      else out[field.alias] = Array.isArray(value) ? value.map((v) => resolve(def.type!, v, field.selections!)) : resolve(def.type, value, field.selections);
    }
    return out;
  };
  return json(200, { data: resolve('Query', undefined, operation.selections) });
}

function graphql(ctx: RouteContext): Reply {
  if (glState(ctx).graphql === 'off') {
    return { status: 404, text: '<!DOCTYPE html>\n<html><head><title>The page you\'re looking for could not be found (404)</title></head><body><h1>404</h1></body></html>\n', headers: { 'content-type': 'text/html; charset=utf-8' } };
  }
  const body = ctx.request.body;
  const request = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (typeof request.query !== 'string') return json(200, { errors: [{ message: 'No query string was present' }] });
  const variables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
  try {
    return execute(ctx, parse(request.query), variables);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return json(200, { errors: [graphqlError(error.message, error.at)] });
  }
}

/** Routes outside /api/v4, matched on the path after the instance prefix. */
export function gitlabOutsideRoutes(): Router {
  return new Router().post('/api/graphql', graphql);
}
