// The contract checks catch what they claim to: deliberately wrong exchanges, each of which must be
// reported with a clear message (and a few right ones that must not be).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeForge } from '../fake-forge';
import { checkExchanges, summary, type DivergenceKind } from './check';
import { APPLIED } from './corrections';
import { CLIENT_USER_AGENT, faultChangedAnswer, loadExchangesFrom, type Exchange, type Recorded } from './exchanges';
import type { MapUse } from './mapReads';
import { loadSpecs } from './specs';

const ROOTS = { gitlab: '/api/v4', gitee: '/api/v5', github: '' } as const;
type Forge = keyof typeof ROOTS;

interface Spec {
  forge: Forge;
  method: string;
  /** After the API root. */
  path: string;
  query?: Array<[string, string]>;
  body?: unknown;
  status?: number;
  response?: unknown;
  client?: boolean;
  fault?: string[];
  ghes?: boolean;
  /** The whole path after the instance prefix, for an operation outside the API root (GitLab's /api/graphql). */
  rawPath?: string;
}

let seq = 0;
function recorded(spec: Spec): Recorded {
  const apiRoot = spec.ghes ? '/api/v3' : ROOTS[spec.forge];
  const exchange: Exchange = {
    v: 1, forge: spec.forge, apiRoot, prefix: '', ghes: spec.ghes ?? false, seq: ++seq, method: spec.method,
    path: spec.rawPath ?? `${apiRoot}${spec.path}`, outsidePrefix: false, query: spec.query ?? [],
    request: {
      headers: { 'user-agent': spec.client === false ? 'node' : CLIENT_USER_AGENT, ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(spec.body !== undefined ? { json: spec.body } : {}),
    },
    response: spec.status === undefined ? undefined : { status: spec.status, headers: { 'content-type': 'application/json' }, json: spec.response, bytes: 1 },
    fault: spec.fault ?? null,
  };
  return { exchange, where: `self:${exchange.seq}` };
}

function problems(kind: DivergenceKind, specs: Spec[], uses?: readonly MapUse[]): string[] {
  const report = checkExchanges(specs.map(recorded), loadSpecs(), uses ? { uses } : {});
  return report.divergences.filter((d) => d.kind === kind).map((d) => `${d.operation}: ${d.message}`);
}

function expectCaught(kind: DivergenceKind, spec: Spec, pattern: RegExp, uses?: readonly MapUse[]): void {
  const found = problems(kind, [spec], uses);
  assert.ok(found.some((m) => pattern.test(m)), `expected a ${kind} divergence matching ${String(pattern)}; got:\n${found.join('\n') || '(none)'}`);
}

const MR = '/projects/group%2Fproject/merge_requests/7';
const CHECK = { id: 1, name: 'QA', external_url: 'https://qa.example.com', status: 'passed' };
const SHA = 'a'.repeat(40);

suite('contract self-test: wrong exchanges are caught', () => {
  test('a method the path does not have', () => {
    expectCaught('operation', { forge: 'gitlab', method: 'DELETE', path: `${MR}/status_checks` }, /method DELETE is not declared for \/projects\/\{id\}\/merge_requests\/\{merge_request_iid\}\/status_checks \(declared: GET\)/);
  });

  test('a path no operation has', () => {
    expectCaught('operation', { forge: 'gitlab', method: 'GET', path: '/projects/1/nonsense' }, /GET \/projects\/1\/nonsense: undeclared operation: no operation of the description has this path/);
  });

  test('an undeclared query parameter', () => {
    expectCaught('request', { forge: 'gitlab', method: 'GET', path: '/projects/group%2Fproject/merge_requests', query: [['source_branch', 'x'], ['colour', 'red']] }, /query parameter `colour` is not declared \(declared: .*source_branch/);
  });

  test('a query value outside the enum, or above the maximum', () => {
    expectCaught('request', { forge: 'gitlab', method: 'GET', path: '/projects/group%2Fproject/merge_requests', query: [['state', 'open']] }, /query parameter `state`="open": "open" is not one of \["opened","closed","locked","merged","all"\]/);
    expectCaught('request', { forge: 'gitee', method: 'GET', path: `/repos/o/r/commits/${SHA}/check-runs`, query: [['per_page', '500']] }, /query parameter `per_page`="500": must be <= 100/);
    expectCaught('request', { forge: 'github', method: 'GET', path: `/repos/o/r/commits/${SHA}/check-runs`, query: [['filter', 'newest']] }, /`filter`="newest": "newest" is not one of \["latest","all"\]/);
  });

  test('an undeclared body field, and a Gitee formData field that is declared', () => {
    expectCaught('request', { forge: 'github', method: 'POST', path: `/repos/o/r/statuses/${SHA}`, body: { state: 'success', colour: 'red' } }, /body \(body\): field `colour` is not declared/);
    expectCaught('request', { forge: 'gitee', method: 'PATCH', path: '/repos/o/r/check-runs/5', body: { name: 'lint', output: { title: 't', summary: 's', colour: 'red' } } }, /body \/output: field `colour` is not declared/);
    assert.deepEqual(problems('request', [{ forge: 'gitee', method: 'PATCH', path: '/repos/o/r/check-runs/5', body: { name: 'lint', status: 'completed', conclusion: 'success', output: { title: 't', summary: 's' } } }]), []);
    expectCaught('request', { forge: 'gitee', method: 'PATCH', path: '/repos/o/r/check-runs/5', body: { name: 'lint', conclusion: 'passed' } }, /body \/conclusion: "passed" is not one of/);
  });

  test('a response without a required field', () => {
    expectCaught('response', { forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [{ id: 1, name: 'QA', status: 'passed' }] }, /response 200 \/\[\]: required field `external_url` is missing/);
    expectCaught('response', { forge: 'github', method: 'GET', path: '/repos/o/r/check-runs/1', status: 200, response: { id: 1 } }, /response 200 \(body\): required field `name` is missing/);
  });

  test('a response field of the wrong type', () => {
    expectCaught('response', { forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [{ ...CHECK, id: '1' }] }, /response 200 \/\[\]\/id: "1" must be integer/);
    expectCaught('response', { forge: 'gitee', method: 'GET', path: '/repos/o/r/check-runs/1/annotations', status: 200, response: [{ path: 'a', start_line: 'one' }] }, /\/\[\]\/start_line: "one" must be integer/);
  });

  test('a response value outside the enum', () => {
    expectCaught('response', { forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [{ ...CHECK, status: 'approved' }] }, /\/\[\]\/status: "approved" is not one of \["passed","failed","pending"\]/);
    expectCaught('response', { forge: 'gitee', method: 'GET', path: '/repos/o/r/check-runs/1', status: 200, response: { id: 1, status: 'done' } }, /\/status: "done" is not one of \["queued","in_progress","completed"\]/);
  });

  test('a response field the real API does not have', () => {
    expectCaught('response', { forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [{ ...CHECK, hmac: true }] }, /\/\[\]: field `hmac` is not declared/);
    expectCaught('response', { forge: 'gitlab', method: 'GET', path: '/projects/group%2Fproject/pipelines/1', status: 200, response: { id: 1, archived: false } }, /\(body\): field `archived` is not declared/);
    expectCaught('response', { forge: 'gitee', method: 'GET', path: '/repos/o/r/check-runs/1', status: 200, response: { id: 1, app: { slug: 'x' } } }, /\(body\): field `app` is not declared/);
  });

  test('GitLab GraphQL, outside /api/v4: the query\'s variables, and its answers\' enums and fields', () => {
    const graphql = (extra: Partial<Spec>): Spec => ({ forge: 'gitlab', method: 'POST', path: '', rawPath: '/api/graphql', body: { query: '{}', variables: { fullPath: 'g/p', iid: '1' } }, ...extra });
    const checks = (list: unknown[]) => ({ data: { project: { mergeRequest: { mergeabilityChecks: list } } } });
    expectCaught('request', graphql({ body: { query: '{}', variables: { fullPath: 'g/p', iid: 1 } } }), /body \/variables\/iid: 1 must be string/);
    expectCaught('response', graphql({ status: 200, response: checks([{ identifier: 'NEED_REBASE', status: 'PENDING' }]) }), /\/data\/project\/mergeRequest\/mergeabilityChecks\/\[\]\/status: "PENDING" is not one of/);
    expectCaught('response', graphql({ status: 200, response: checks([{ identifier: 'NEED_REBASE', status: 'FAILED', reason: 'x' }]) }), /field `reason` is not declared/);
    expectCaught('operation', graphql({ method: 'GET', body: undefined }), /method GET is not declared for \/api\/graphql \(declared: POST\)/);
    const fine = [
      graphql({ status: 200, response: checks([{ identifier: 'NEED_REBASE', status: 'FAILED' }]) }),
      graphql({ status: 200, response: { data: { project: null } } }),
      graphql({ status: 200, response: { errors: [{ message: "Field 'mergeabilityChecks' doesn't exist on type 'MergeRequest'", locations: [{ line: 1, column: 9 }], path: ['query', 'project'], extensions: { code: 'undefinedField', typeName: 'MergeRequest', fieldName: 'mergeabilityChecks' } }] } }),
    ];
    for (const kind of ['request', 'response', 'read'] as const) assert.deepEqual(problems(kind, fine), [], kind);
  });

  test('an adapter read of a field the description does not declare', () => {
    const uses: MapUse[] = [{
      forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests/{merge_request_iid}/status_checks', module: 'gitlab', fn: 'mapStatusCheck',
      apply: (_fn, body) => void (body as Array<Record<string, unknown>>).map((c) => [c.name, c.secret]),
    }];
    expectCaught('read', { forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [CHECK] }, /reads `\[\]\.secret \(mapStatusCheck\)`, which the description does not declare/, uses);
    assert.deepEqual(problems('read', [{ forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: [CHECK] }]), [], 'the real mapStatusCheck reads declared fields only');
  });
});

suite('contract self-test: what is not a divergence', () => {
  test('other clients may call anything; injected faults are not validated; Gitee and GitLab fields may be null', () => {
    const report = checkExchanges([
      recorded({ forge: 'gitlab', method: 'GET', path: '/projects/1/nonsense', client: false, status: 404, response: { error: '404 Not Found' } }),
      recorded({ forge: 'gitlab', method: 'GET', path: `${MR}/status_checks`, status: 200, response: 'expected an object, got a string', fault: ['malformed:wrongType'] }),
      recorded({ forge: 'gitee', method: 'GET', path: '/repos/o/r/check-runs/1/annotations', status: 200, response: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'm', title: null, raw_details: null }] }),
      recorded({ forge: 'gitlab', method: 'GET', path: '/projects/group%2Fproject/pipelines/1', status: 200, response: { id: 1, started_at: null, user: null } }),
    ], loadSpecs());
    assert.deepEqual(report.divergences, []);
    assert.match(summary(report), /^contract: 3 exchanges, 3 operations \(gitlab 2, gitee 1, github 0\); 0 divergences$/);
  });

  test('GitHub Links in the /repositories/<id> form are the /repos route; GHES uses its own description', () => {
    const report = checkExchanges([
      recorded({ forge: 'github', ghes: true, method: 'GET', path: '/repositories/42/check-runs/5/annotations', query: [['per_page', '100'], ['page', '2']], status: 200, response: [] }),
    ], loadSpecs());
    assert.deepEqual(report.divergences, []);
    assert.deepEqual([...(report.operations.get('github') ?? [])], ['github GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations']);
  });

  test('missing or empty exchange files fail loudly, so the contract test never passes vacuously', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-gates-contract-'));
    try {
      assert.throws(() => loadExchangesFrom(dir, 'unit'), /unit\.jsonl is missing/);
      writeFileSync(join(dir, 'unit.jsonl'), '\n');
      assert.throws(() => loadExchangesFrom(dir, 'unit'), /unit\.jsonl is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every correction applied is listed with its reason', () => {
    loadSpecs();
    assert.ok(APPLIED.length >= 8, APPLIED.join('\n'));
    for (const line of APPLIED) assert.match(line, /^(gitlab|gitee|github): .+ \(.+\)$/);
  });
});

suite('contract self-test: the fake forge records exchanges', () => {
  test('one JSON line per exchange: request, answer, fault; appended before the answer leaves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-gates-exchanges-'));
    const forge = await FakeForge.start({ kind: 'gitlab', prefix: '/gitlab', exchanges: join(dir, 'unit.jsonl') });
    try {
      forge.addUser({ username: 'ada', token: 'tok' });
      forge.inject({ path: '/api/v4/projects', times: 1 }, { status: 503 });
      const headers = { 'PRIVATE-TOKEN': 'tok', 'user-agent': CLIENT_USER_AGENT, 'content-type': 'application/json' };
      await (await fetch(`${forge.url}/api/v4/projects?per_page=5&scope%5B%5D=a&scope%5B%5D=b`, { headers })).text();
      await (await fetch(`${forge.url}/api/v4/projects/1/statuses/${SHA}`, { method: 'POST', headers, body: JSON.stringify({ state: 'success' }) })).text();
      const [listed, posted] = loadExchangesFrom(dir, 'unit').map((r) => r.exchange);
      assert.deepEqual([listed.forge, listed.apiRoot, listed.prefix, listed.method, listed.path, listed.query], ['gitlab', '/api/v4', '/gitlab', 'GET', '/api/v4/projects', [['per_page', '5'], ['scope[]', 'a'], ['scope[]', 'b']]]);
      assert.deepEqual([listed.response?.status, listed.fault, faultChangedAnswer(listed)], [503, ['status:503'], true]);
      assert.equal(listed.request.headers['user-agent'], CLIENT_USER_AGENT);
      assert.deepEqual([posted.request.json, posted.response?.status, posted.fault], [{ state: 'success' }, 404, null]);
      assert.deepEqual(posted.response?.json, { message: '404 Project Not Found' });
      assert.equal('private-token' in posted.request.headers, false, 'no token in the exchange log');
    } finally {
      await forge.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
