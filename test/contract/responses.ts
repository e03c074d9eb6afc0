// What the fake forge answered, against the schema the description declares for that operation and
// status (or `default`): required fields, types, enums, and no field the real API does not have
// (schema.ts closes every declared object schema).
import type { Exchange } from './exchanges';
import type { Operation } from './specs';
import type { Validators } from './validators';

export type ResponseCheck =
  /** Validated: the problems found (empty when it conforms). */
  | { readonly kind: 'checked'; readonly problems: readonly string[] }
  /** The status is declared without a body schema (most error statuses of GitLab and Gitee). */
  | { readonly kind: 'noSchema' }
  /** The description lists neither this status nor `default`. */
  | { readonly kind: 'undeclaredStatus'; readonly status: number };

export function checkResponse(exchange: Exchange, op: Operation, validators: Validators): ResponseCheck | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const status = String(response.status);
  const key = status in op.responses ? status : 'default' in op.responses ? 'default' : undefined;
  if (key === undefined) return { kind: 'undeclaredStatus', status: response.status };
  const schema = op.responses[key];
  if (!schema) return { kind: 'noSchema' };
  if (response.json === undefined) {
    const what = response.bytes === 0 ? 'an empty body' : `a ${response.headers['content-type'] ?? 'untyped'} body`;
    return { kind: 'checked', problems: [`status ${status} answers ${what}; the description declares JSON`] };
  }
  return { kind: 'checked', problems: validators.json(`${op.key} ${key}`, schema, response.json).map((m) => `response ${status} ${m}`) };
}
