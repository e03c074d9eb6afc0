// The harness of the HTTP hardening suites: one fake forge per forge kind, a client and an adapter on
// each, and one check every case runs: a typed ForgeError (or a flagged list), a clear sentence, no token
// anywhere, no unhandled rejection.
import { strict as assert } from 'node:assert';
import type { ForgeErrorKind } from '../../src/core/model';
import { defaultMessage, ForgeError } from '../../src/forges/errors';
import type { ForgeAdapter } from '../../src/forges/forge';
import type { ForgeKind } from '../../src/core/model';
import { HttpClient, type HttpClientOptions, type ListResult } from '../../src/forges/http';
import { createAdapter } from '../../src/forges/registry';
import { FakeForge, type Fault, type FaultMatch } from '../fake-forge';

export const TOKEN = 'glpat-hardening-0123456789abcdef';
export const HOUR = 3_600_000;
export const KINDS: readonly ForgeKind[] = ['gitlab', 'gitee', 'github'];

const AUTH: Record<ForgeKind, (token: string) => Record<string, string>> = {
  gitlab: (t) => ({ 'PRIVATE-TOKEN': t }),
  gitee: (t) => ({ authorization: `Bearer ${t}` }),
  github: (t) => ({ authorization: `Bearer ${t}` }),
};
const LIST_PATH: Record<ForgeKind, string> = { gitlab: '/projects', gitee: '/user/repos', github: '/user/repos' };

export interface Ctx {
  readonly kind: ForgeKind;
  readonly forge: FakeForge;
  /** The API root's path on the fake, e.g. '/api/v4'. */
  readonly root: string;
  readonly listPath: string;
  readonly lines: string[];
  /** A client with quick retries and a 1 MB body limit. */
  client(extra?: Partial<HttpClientOptions>): HttpClient;
  /** The same client with a 200 ms timeout and no retries, for hangs and slow bodies. */
  impatient(): HttpClient;
  adapter(): ForgeAdapter;
  /** Injects a fault on an API path (relative to the API root). */
  inject(path: string | RegExp, fault: Fault, match?: Omit<FaultMatch, 'path'>): void;
}

export interface Case {
  readonly name: string;
  readonly forge: ForgeKind;
  readonly setup?: (ctx: Ctx) => void | Promise<void>;
  readonly run: (ctx: Ctx) => Promise<unknown>;
  /** The ForgeError kind expected... */
  readonly kind?: ForgeErrorKind;
  /** ...or, for lists, the cut expected. */
  readonly cut?: ListResult<unknown>['cut'];
  readonly check?: (outcome: unknown, ctx: Ctx) => void;
}

async function startCtx(kind: ForgeKind): Promise<Ctx> {
  const forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
  forge.addUser({ username: 'ada', token: TOKEN });
  const owner = kind === 'gitlab' ? 'group' : 'ada';
  for (let i = 0; i < 25; i++) forge.addProject({ path: `${owner}/p${String(i).padStart(2, '0')}`, members: ['ada'] });
  const root = new URL(forge.apiBase).pathname.replace(/\/$/, '');
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  const log = { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
  const options = (extra: Partial<HttpClientOptions> = {}): HttpClientOptions => ({
    apiBase: forge.apiBase, token: TOKEN, authHeaders: AUTH[kind], log, backoffMs: 1, timeoutMs: 5000, maxBodyBytes: 1024 * 1024, ...extra,
  });
  return {
    kind, forge, root, lines, listPath: LIST_PATH[kind],
    client: (extra) => new HttpClient(options(extra)),
    impatient: () => new HttpClient(options({ timeoutMs: 200, maxRetries: 0 })),
    adapter: () => createAdapter(kind, forge.url, { token: TOKEN, log, backoffMs: 1, maxBodyBytes: 1024 * 1024 }),
    inject: (path, fault, match = {}) => void forge.inject({ ...match, path: typeof path === 'string' ? root + path : path }, fault),
  };
}

/** The full sentence a ForgeError must read as: the kind's sentence, then the forge's words in brackets. */
export function assertClearError(e: unknown, kind: ForgeErrorKind): asserts e is ForgeError {
  assert.ok(e instanceof ForgeError, `expected a ForgeError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  assert.equal(e.message, e.detail ? `${defaultMessage(kind)} (${e.detail})` : defaultMessage(kind));
  assert.ok(!/[\r\n]/.test(e.message), `a line break in: ${e.message}`);
  assert.ok(!/<\/?[a-z][^>]*>/i.test(e.message), `markup in: ${e.message}`);
  assert.ok(e.message.length <= 500, `${e.message.length} characters`);
  if (e.retryAfterMs !== undefined) assert.ok(Number.isFinite(e.retryAfterMs) && e.retryAfterMs >= 0 && e.retryAfterMs <= HOUR, String(e.retryAfterMs));
}

/** Defines one mocha test per case, against fake forges started once for the suite. */
export function defineCases(cases: readonly Case[]): void {
  const ctxs = new Map<ForgeKind, Ctx>();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  suiteSetup(async () => {
    process.on('unhandledRejection', onUnhandled);
    for (const kind of KINDS) ctxs.set(kind, await startCtx(kind));
  });
  suiteTeardown(async () => {
    process.off('unhandledRejection', onUnhandled);
    await Promise.all([...ctxs.values()].map((c) => c.forge.close()));
  });

  for (const c of cases) {
    test(`${c.forge}: ${c.name}`, async () => {
      const ctx = ctxs.get(c.forge)!;
      ctx.forge.clearFaults();
      ctx.forge.clearRequests();
      ctx.lines.length = 0;
      unhandled.length = 0;
      await c.setup?.(ctx);
      const outcome = await c.run(ctx).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (c.kind) {
        assert.ok('error' in outcome, `expected ${c.kind}, got a result`);
        assertClearError(outcome.error, c.kind);
        assert.ok(!JSON.stringify({ m: outcome.error.message, d: outcome.error.detail }).includes(TOKEN), 'the token is in the error');
      } else {
        assert.ok('value' in outcome, `expected a list, got ${String((outcome as { error: unknown }).error)}`);
        assert.equal((outcome.value as ListResult<unknown>).cut, c.cut);
      }
      c.check?.('error' in outcome ? outcome.error : outcome.value, ctx);
      for (const line of ctx.lines) assert.ok(!line.includes(TOKEN), `the token is in the log: ${line}`);
      // A rejection nobody handled is reported after the microtasks have run: look one macrotask later.
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, [], 'an unhandled rejection occurred');
    });
  }
}
