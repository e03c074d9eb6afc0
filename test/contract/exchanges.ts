// The recorded exchanges (test-results/exchanges/*.jsonl, written by the fake forge when
// MR_GATES_EXCHANGES is set) and which described operation each one targets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from '../fake-forge/types';
import { githubRepositoryIdPath, UNDECLARED_OPERATIONS, type Forge, type UndeclaredOperation } from './corrections';
import { specFor, SPECS_DIR, type Operation, type SpecSet } from './specs';

export type { Exchange };

/** An exchange and where it came from, for messages. */
export interface Recorded {
  readonly exchange: Exchange;
  /** `unit.jsonl:12` */
  readonly where: string;
}

export const EXCHANGE_DIR = join(SPECS_DIR, '..', '..', '..', 'test-results', 'exchanges');
export const CLIENT_USER_AGENT = 'mr-gates-vscode';

/** Every exchange of test-results/exchanges/<name>.jsonl; throws when it is missing or holds none. */
export function loadExchanges(name: string): Recorded[] {
  return loadExchangesFrom(EXCHANGE_DIR, name);
}

/** Every exchange of <dir>/<name>.jsonl; throws when the file is missing or empty (the check must never pass vacuously). */
export function loadExchangesFrom(dir: string, name: string): Recorded[] {
  const file = join(dir, `${name}.jsonl`);
  const hint = `run the ${name} tests first (npm run test:${name}), which record with MR_GATES_EXCHANGES set`;
  if (!existsSync(file)) throw new Error(`contract: test-results/exchanges/${name}.jsonl is missing: ${hint}`);
  const out: Recorded[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() !== '') out.push({ exchange: JSON.parse(line) as Exchange, where: `${name}.jsonl:${i + 1}` });
  });
  if (out.length === 0) throw new Error(`contract: test-results/exchanges/${name}.jsonl is empty: ${hint}`);
  return out;
}

export function isClient(exchange: Exchange): boolean {
  return exchange.request.headers['user-agent'] === CLIENT_USER_AGENT;
}

/** Faults that leave the answer as the route made it (a delay, extra headers). */
const NEUTRAL_FAULTS = new Set(['delayMs', 'headers']);

export function faultChangedAnswer(exchange: Exchange): boolean {
  return exchange.fault !== null && exchange.fault.some((part) => !NEUTRAL_FAULTS.has(part));
}

export type Resolution =
  | { readonly kind: 'operation'; readonly operation: Operation; readonly apiPath: string; readonly viaRepositoryId: boolean }
  | { readonly kind: 'wrongMethod'; readonly apiPath: string; readonly template: string; readonly declared: readonly string[] }
  | { readonly kind: 'allowed'; readonly apiPath: string; readonly entry: UndeclaredOperation }
  | { readonly kind: 'unknown'; readonly apiPath: string; readonly why: string };

/** The path after the API root, or undefined when the request is not under it. */
function apiPathOf(exchange: Exchange): string | undefined {
  if (exchange.outsidePrefix) return undefined;
  const root = exchange.apiRoot;
  if (root === '') return exchange.path;
  if (exchange.path === root) return '/';
  return exchange.path.startsWith(`${root}/`) ? exchange.path.slice(root.length) : undefined;
}

export function resolveOperation(specs: SpecSet, exchange: Exchange): Resolution {
  const forge = exchange.forge as Forge;
  const apiPath = apiPathOf(exchange);
  const raw = UNDECLARED_OPERATIONS.find((e) => e.raw && e.forge === forge && e.method === exchange.method && e.path.test(exchange.path));
  if (raw) return { kind: 'allowed', apiPath: exchange.path, entry: raw };
  // Operations outside the API root (GitLab's /api/graphql) match the whole path after the prefix.
  const outside = exchange.outsidePrefix ? [] : specs.operations.filter((op) => op.raw && op.forge === forge && op.regex.test(exchange.path));
  if (outside.length > 0) {
    const hit = outside.find((op) => op.method === exchange.method);
    if (!hit) return { kind: 'wrongMethod', apiPath: exchange.path, template: outside[0].template, declared: [...new Set(outside.map((op) => op.method))] };
    return { kind: 'operation', operation: hit, apiPath: exchange.path, viaRepositoryId: false };
  }
  if (apiPath === undefined) {
    const why = exchange.outsidePrefix ? 'outside the instance prefix' : `not under the API root ${exchange.apiRoot}`;
    return { kind: 'unknown', apiPath: exchange.path, why };
  }
  const allowed = UNDECLARED_OPERATIONS.find((e) => !e.raw && e.forge === forge && e.method === exchange.method && e.path.test(apiPath));
  if (allowed) return { kind: 'allowed', apiPath, entry: allowed };
  const spec = specFor(forge, exchange.ghes);
  const viaId = forge === 'github' ? githubRepositoryIdPath(apiPath) : undefined;
  const target = viaId ?? apiPath;
  const candidates = specs.operations
    .filter((op) => op.spec === spec && !op.raw && op.regex.test(target))
    .sort((a, b) => b.literals - a.literals);
  if (candidates.length === 0) return { kind: 'unknown', apiPath, why: 'no operation of the description has this path' };
  // The most specific template (most literal segments) that has this method.
  const best = candidates[0].literals;
  const sameTemplate = candidates.filter((op) => op.literals === best);
  const hit = candidates.find((op) => op.method === exchange.method);
  if (!hit) return { kind: 'wrongMethod', apiPath, template: sameTemplate[0].template, declared: [...new Set(sameTemplate.map((op) => op.method))] };
  return { kind: 'operation', operation: hit, apiPath, viaRepositoryId: viaId !== undefined };
}
