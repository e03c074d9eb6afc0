// From a forge's schema dialect (Swagger 2.0 / OpenAPI 3.0) to the JSON Schema that ajv (draft 2019-09)
// validates, applying the forge's schema rules (corrections.ts) on the way, and a walker that says
// whether a field path is declared. No validation happens here: ajv does that.
//
// Rules every forge gets (the brief: "treat declared object schemas as closed unless the description
// says otherwise"): an object schema that lists `properties` and says nothing about
// additionalProperties is closed (`unevaluatedProperties: false`, so allOf members are closed together
// at their parent); an object schema without `properties` declares nothing and stays open.
import type { SchemaRules } from './corrections';

export type Json = Record<string, unknown>;

const COPIED = ['type', 'enum', 'format', 'required', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'const'];

export interface NormalizeContext {
  /** The ajv id definitions are registered under (`gitlab`, `gitee`); refs become `<id>#/definitions/X`. */
  readonly refId?: string;
  readonly rules: SchemaRules;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nullable(schema: Json): Json {
  return { anyOf: [{ type: 'null' }, schema] };
}

/**
 * One schema of the description, normalized. `member` is set for the direct members of an allOf,
 * `property` for the schema of an object's field.
 */
export function normalize(raw: unknown, ctx: NormalizeContext, member = false, property = false): Json {
  if (!isObject(raw)) return {};
  if (typeof raw.$ref === 'string') {
    const name = raw.$ref.replace(/^#\/definitions\//, '');
    let ref: Json = { $ref: `${ctx.refId ?? ''}#/definitions/${name}` };
    if (ctx.rules.refMayBeList && property) ref = { anyOf: [ref, { type: 'array', items: ref }] };
    return ctx.rules.nullableAll ? nullable(ref) : ref;
  }
  const retyped = property ? ctx.rules.retype?.(raw) : undefined;
  if (retyped) return ctx.rules.nullableAll ? nullable(retyped) : retyped;
  const out: Json = {};
  for (const key of COPIED) if (raw[key] !== undefined) out[key] = raw[key];
  if (out.type === 'file') delete out.type; // Swagger 2.0: a download, nothing to validate
  if (isObject(raw.items)) out.items = normalize(raw.items, ctx);
  if (isObject(raw.properties)) {
    out.properties = Object.fromEntries(Object.entries(raw.properties).map(([k, v]) => [k, normalize(v, ctx, false, true)]));
  }
  if (typeof raw.additionalProperties === 'boolean') out.additionalProperties = raw.additionalProperties;
  else if (isObject(raw.additionalProperties)) out.additionalProperties = normalize(raw.additionalProperties, ctx);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = raw[key];
    if (Array.isArray(list)) out[key] = list.map((s) => normalize(s, ctx, key === 'allOf'));
  }
  const closable = out.properties !== undefined || out.allOf !== undefined;
  if (closable && out.additionalProperties === undefined && !member) out.unevaluatedProperties = false;
  const isNullable = raw.nullable === true || raw['x-nullable'] === true || (ctx.rules.nullableAll && !member);
  return isNullable && !member ? nullable(out) : out;
}

/** Resolves `<id>#/definitions/X` refs while walking normalized schemas. */
export type RefResolver = (ref: string) => Json | undefined;

/** The subschemas a value at `segment` ('[]' = an array item) may match, across anyOf/oneOf/allOf and refs. */
function children(schema: Json, segment: string, resolve: RefResolver, seen = new Set<Json>()): Json[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref);
    return target ? children(target, segment, resolve, seen) : [];
  }
  const found: Json[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) if (isObject(s)) found.push(...children(s, segment, resolve, seen));
  }
  if (segment === '[]') {
    if (isObject(schema.items)) found.push(schema.items);
  } else {
    const props = schema.properties;
    if (isObject(props) && isObject(props[segment])) found.push(props[segment]);
    else if (isObject(schema.additionalProperties)) found.push(schema.additionalProperties);
  }
  return found;
}

/** True when every segment of `path` is declared by `schema` (some branch of it). */
export function declares(schema: Json, path: readonly string[], resolve: RefResolver): boolean {
  let level: Json[] = [schema];
  for (const segment of path) {
    level = level.flatMap((s) => children(s, segment, resolve));
    if (level.length === 0) return false;
  }
  return true;
}
