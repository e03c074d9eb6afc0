// Runs every check over a set of recorded exchanges and gathers one report: what was checked (per
// forge), the divergences (deduplicated, with where each was first seen and how often), and notes
// (allow-listed operations used, statuses the description does not list, stale allowances).
import { ALLOWED_REQUEST_DIVERGENCES, UNDECLARED_READS, type Forge, type UndeclaredRead } from './corrections';
import { faultChangedAnswer, isClient, resolveOperation, type Recorded } from './exchanges';
import { checkReads, MAP_USES, resolverFor, type MapUse } from './mapReads';
import { checkRequest } from './requests';
import { checkResponse } from './responses';
import type { SpecSet } from './specs';
import { makeValidators, type Validators } from './validators';

export type DivergenceKind = 'operation' | 'request' | 'response' | 'read';

export interface Divergence {
  readonly kind: DivergenceKind;
  /** The operation (`gitlab GET /projects/{id}`) or, when none matched, `forge METHOD path`. */
  readonly operation: string;
  readonly message: string;
  readonly firstSeen: string;
  count: number;
}

export interface Report {
  /** Exchanges that met at least one check. */
  exchanges: number;
  readonly operations: Map<Forge, Set<string>>;
  readonly divergences: Divergence[];
  readonly notes: Set<string>;
}

export interface CheckOptions {
  readonly uses?: readonly MapUse[];
  readonly undeclaredReads?: readonly UndeclaredRead[];
}

let shared: { specs: SpecSet; validators: Validators } | undefined;

function validatorsFor(specs: SpecSet): Validators {
  if (shared?.specs !== specs) shared = { specs, validators: makeValidators(specs) };
  return shared.validators;
}

const matches = (entry: UndeclaredRead, forge: Forge, operation: string, path: string): boolean =>
  entry.forge === forge && (entry.operation === '*' || entry.operation === operation) && entry.paths.some((p) => path === p || path.endsWith(`].${p}`));

export function checkExchanges(recorded: readonly Recorded[], specs: SpecSet, options: CheckOptions = {}): Report {
  const validators = validatorsFor(specs);
  const resolve = resolverFor(specs);
  const uses = options.uses ?? MAP_USES;
  const allowances = options.undeclaredReads ?? UNDECLARED_READS;
  const usedAllowances = new Set<UndeclaredRead>();
  const undeclaredStatuses = new Map<string, Set<number>>();
  const report: Report = { exchanges: 0, operations: new Map(), divergences: [], notes: new Set() };
  const byKey = new Map<string, Divergence>();
  const diverge = (kind: DivergenceKind, operation: string, message: string, where: string): void => {
    const key = `${kind}\u0000${operation}\u0000${message}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else {
      const d: Divergence = { kind, operation, message, firstSeen: where, count: 1 };
      byKey.set(key, d);
      report.divergences.push(d);
    }
  };

  for (const { exchange, where } of recorded) {
    const forge = exchange.forge as Forge;
    const client = isClient(exchange);
    const res = resolveOperation(specs, exchange);
    const asked = `${forge} ${exchange.method} ${res.apiPath}`;
    if (res.kind === 'unknown') {
      if (client) diverge('operation', asked, `undeclared operation: ${res.why}`, where);
      continue;
    }
    if (res.kind === 'wrongMethod') {
      if (client) diverge('operation', asked, `method ${exchange.method} is not declared for ${res.template} (declared: ${res.declared.join(', ')})`, where);
      continue;
    }
    if (res.kind === 'allowed') {
      if (client) report.notes.add(`allowed undeclared operation ${forge} ${exchange.method} ${res.entry.path.source}: ${res.entry.reason}`);
      continue;
    }
    const op = res.operation;
    let checked = false;
    if (client) {
      checked = true;
      for (const message of checkRequest(exchange, op, validators)) {
        const allowed = ALLOWED_REQUEST_DIVERGENCES.find((a) => a.operation === op.key && a.message.test(message));
        if (allowed) report.notes.add(`allowed request divergence ${op.key}: ${message}: ${allowed.reason}`);
        else diverge('request', op.key, message, where);
      }
    }
    if (exchange.response && !faultChangedAnswer(exchange)) {
      const outcome = checkResponse(exchange, op, validators);
      if (outcome?.kind === 'undeclaredStatus') undeclaredStatuses.set(op.key, (undeclaredStatuses.get(op.key) ?? new Set()).add(outcome.status));
      if (outcome?.kind === 'checked') {
        checked = true;
        for (const message of outcome.problems) diverge('response', op.key, message, where);
        const status = exchange.response.status;
        const schema = op.responses[String(status)];
        if (status >= 200 && status < 300 && schema && exchange.response.json !== undefined) {
          const reads = checkReads(op, schema, exchange.response.json, resolve, uses);
          for (const fn of reads.missing) report.notes.add(`map function ${fn} (for ${op.key}) is not in src any more: update MAP_USES`);
          for (const read of reads.undeclared) {
            const path = read.replace(/ \(.*\)$/, '');
            const entry = allowances.find((e) => matches(e, forge, `${op.method} ${op.template}`, path));
            if (entry) usedAllowances.add(entry);
            else diverge('read', op.key, `the adapter reads \`${read}\`, which the description does not declare`, where);
          }
        }
      }
    }
    if (checked) {
      report.exchanges++;
      const set = report.operations.get(forge) ?? new Set<string>();
      set.add(op.key);
      report.operations.set(forge, set);
    }
  }
  for (const [key, statuses] of undeclaredStatuses) {
    report.notes.add(`${key} answered ${[...statuses].sort().join(', ')}: not listed by the description, so not validated (error statuses mostly)`);
  }
  for (const entry of allowances) {
    const paths = entry.paths.join(', ');
    if (!usedAllowances.has(entry)) report.notes.add(`UNDECLARED_READS entry ${entry.forge} ${entry.operation} ${paths} matched no read in this run (stale?)`);
    else if (entry.srcDefect) report.notes.add(`src reads ${entry.forge} ${entry.operation} ${paths}, which the description lacks: ${entry.reason}`);
  }
  return report;
}

/** `contract: 1234 exchanges, 27 operations (gitlab 14, gitee 6, github 7); 0 divergences` */
export function summary(report: Report): string {
  const forges: Forge[] = ['gitlab', 'gitee', 'github'];
  const total = forges.reduce((n, f) => n + (report.operations.get(f)?.size ?? 0), 0);
  const parts = forges.map((f) => `${f} ${report.operations.get(f)?.size ?? 0}`).join(', ');
  const divergences = report.divergences.length;
  return `contract: ${report.exchanges} exchanges, ${total} operations (${parts}); ${divergences} divergence${divergences === 1 ? '' : 's'}`;
}

export function describeDivergence(d: Divergence): string {
  return `[${d.kind}] ${d.operation}: ${d.message} (first at ${d.firstSeen}${d.count > 1 ? `, ${d.count} times` : ''})`;
}
