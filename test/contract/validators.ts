// The ajv instances the checks share: draft 2019-09 (for `unevaluatedProperties`, which closes objects
// across allOf), strict off (the descriptions carry Swagger/OpenAPI keywords such as `example`), every
// error reported, the OpenAPI formats from ajv-formats. One instance coerces query strings to the
// declared types; the other validates JSON as sent.
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import type { Json } from './schema';
import type { SpecSet } from './specs';

export interface Validators {
  /** Validates `data` against `schema`; messages (empty when valid). `cacheKey` names the schema. */
  json(cacheKey: string, schema: Json, data: unknown): string[];
  /** Coerces string query values to the schema's types, then validates. */
  query(cacheKey: string, schema: Json, value: unknown): string[];
}

function make(specs: SpecSet, coerce: boolean): Ajv2019 {
  const ajv = new Ajv2019({ strict: false, allErrors: true, coerceTypes: coerce ? 'array' : false, logger: false });
  addFormats(ajv);
  for (const schema of Object.values(specs.definitions)) ajv.addSchema(schema);
  return ajv;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Array indices as `[]`, so one divergence repeated over a list reads as one message. */
export function genericPath(pointer: string): string {
  return pointer === '' ? '(body)' : pointer.replace(/\/\d+(?=\/|$)/g, '/[]');
}

/**
 * ajv's errors, readable: the null branch of a nullable field and a branch that fails only by its
 * type at a shallower place than another error are dropped (anyOf reports every branch).
 */
export function describeErrors(errors: readonly ErrorObject[], data: unknown): string[] {
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'));
  // A branch that failed only by its type where another branch failed by content is the wrong branch.
  const deeper = (e: ErrorObject) =>
    useful.some((o) => o !== e && (o.instancePath.startsWith(`${e.instancePath}/`) || (o.instancePath === e.instancePath && o.keyword !== 'type')));
  const kept = useful.filter((e) => !(e.keyword === 'type' && deeper(e)));
  const out = new Set<string>();
  for (const e of kept.length > 0 ? kept : errors) {
    const at = genericPath(e.instancePath);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
      const field = String(params.unevaluatedProperty ?? params.additionalProperty);
      out.add(`${at}: field \`${field}\` is not declared`);
    } else if (e.keyword === 'required') {
      out.add(`${at}: required field \`${String(params.missingProperty)}\` is missing`);
    } else if (e.keyword === 'enum') {
      out.add(`${at}: ${show(valueAt(data, e.instancePath))} is not one of ${show(params.allowedValues)}`);
    } else if (e.keyword === 'type') {
      out.add(`${at}: ${show(valueAt(data, e.instancePath))} must be ${String(params.type)}`);
    } else {
      out.add(`${at}: ${e.message ?? e.keyword} (value ${show(valueAt(data, e.instancePath))})`);
    }
  }
  return [...out];
}

export function makeValidators(specs: SpecSet): Validators {
  const plain = make(specs, false);
  const coercing = make(specs, true);
  const compiled = new Map<string, ValidateFunction>();
  const run = (ajv: Ajv2019, key: string, schema: Json, data: unknown): string[] => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    return validate(data) ? [] : describeErrors(validate.errors ?? [], data);
  };
  return {
    json: (key, schema, data) => run(plain, `json ${key}`, schema, data),
    query: (key, schema, value) => {
      // ajv coerces a property in place, so the value travels in a holder object.
      const holder = { value };
      return run(coercing, `query ${key}`, { type: 'object', properties: { value: schema } }, holder).map((m) => m.replace(/^\/value/, '').replace(/^: /, '') || m);
    },
  };
}
