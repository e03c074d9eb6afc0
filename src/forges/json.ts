// Small readers for untrusted JSON. A forge that sends the wrong type gets a badResponse, not a crash
// deep inside the tree code. Only map.ts files use these.
import { isCommitSha, isNumericId } from '../core/forgeValues';
import { ForgeError } from './errors';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ForgeError('badResponse', `expected ${what} to be an object, got ${describeType(value)}`);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ForgeError('badResponse', `expected ${what} to be a list, got ${describeType(value)}`);
  return value;
}

export function requiredString(obj: JsonObject, key: string, what: string): string {
  const value = obj[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new ForgeError('badResponse', `expected ${what}.${key} to be a string, got ${describeType(value)}`);
}

export function optionalString(obj: JsonObject, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function requiredNumber(obj: JsonObject, key: string, what: string): number {
  const value = obj[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new ForgeError('badResponse', `expected ${what}.${key} to be a number, got ${describeType(value)}`);
}

/** A commit sha that may reach git and URL paths: 40 or 64 hex characters, lower-cased. */
export function requiredSha(obj: JsonObject, key: string, what: string): string {
  const value = obj[key];
  if (isCommitSha(value)) return (value as string).toLowerCase();
  throw new ForgeError('badResponse', `${what}.${key} is not a commit sha (40 or 64 hex characters): ${describeType(value)}`);
}

/** Like requiredSha, but absent (null, missing) is allowed; a present value that is not a sha is not. */
export function optionalSha(obj: JsonObject, key: string, what: string): string | undefined {
  return obj[key] === undefined || obj[key] === null || obj[key] === '' ? undefined : requiredSha(obj, key, what);
}

/** A record id that goes into an API path: a positive integer, as a string. */
export function requiredId(obj: JsonObject, key: string, what: string): string {
  const value = obj[key];
  if (isNumericId(value)) return String(value);
  throw new ForgeError('badResponse', `expected ${what}.${key} to be a positive integer id, got ${describeType(value)}`);
}

/** A boolean field, or undefined when it is missing or not a boolean. */
export function optionalBoolean(obj: JsonObject, key: string): boolean | undefined {
  return typeof obj[key] === 'boolean' ? (obj[key] as boolean) : undefined;
}

export function optionalObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the text "${value.slice(0, 40)}"` : typeof value;
}
