// What the extension's client sent, against the operation it targets: every query parameter is
// declared and its value fits the declared type, enum and bounds; the required ones are there; the
// JSON body fits the declared body schema (closed: every field declared).
import type { Exchange } from './exchanges';
import type { Operation } from './specs';
import type { Validators } from './validators';

/** `scope[]` and `scope` name the same (array) parameter. */
function baseName(name: string): string {
  return name.endsWith('[]') ? name.slice(0, -2) : name;
}

export function checkRequest(exchange: Exchange, op: Operation, validators: Validators): string[] {
  const problems: string[] = [];
  const values = new Map<string, string[]>();
  for (const [name, value] of exchange.query) values.set(name, [...(values.get(name) ?? []), value]);
  const declared = op.query.map((p) => p.name);
  for (const [name, list] of values) {
    const param = op.query.find((p) => p.name === name) ?? op.query.find((p) => p.name === baseName(name));
    if (!param) {
      problems.push(`query parameter \`${name}\` is not declared (declared: ${declared.length > 0 ? declared.join(', ') : 'none'})`);
      continue;
    }
    const isList = param.schema.type === 'array' || (Array.isArray(param.schema.anyOf) && param.schema.anyOf.some((s) => (s as { type?: unknown }).type === 'array'));
    const value = isList ? list : list[list.length - 1];
    for (const message of validators.query(`${op.key} ?${param.name}`, param.schema, value)) {
      problems.push(`query parameter \`${name}\`=${JSON.stringify(list.length === 1 ? list[0] : list)}: ${message}`);
    }
  }
  for (const param of op.query) {
    if (param.required && !values.has(param.name) && !values.has(`${param.name}[]`)) problems.push(`required query parameter \`${param.name}\` is missing`);
  }
  const { json, form, text } = exchange.request;
  if (form !== undefined || text !== undefined) {
    problems.push(`the body is not JSON (${form !== undefined ? 'a form' : 'text'}); the client sends JSON only`);
  } else if (json !== undefined) {
    if (!op.body) problems.push('sends a JSON body, but the operation declares no body');
    else for (const message of validators.json(`${op.key} body`, op.body, json)) problems.push(`body ${message}`);
  }
  return problems;
}
