// GitLab's merge checks from GraphQL (mergeabilityChecks), beside the REST gate: the map on GitLab's
// shapes and on hostile ones, the reasons they add, the POST the client sends (token, variables, no
// interpolation), reuse while nothing changed, and the fallback to REST on an instance that cannot
// answer (remembered) or a read that failed (not remembered).
import { strict as assert } from 'node:assert';
import { mergeReasons } from '../../src/core/mergeReasons';
import type { MergeRequestRef } from '../../src/core/model';
import { ForgeError } from '../../src/forges/errors';
import { HttpClient } from '../../src/forges/http';
import { gitlabApi, GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { mapMergeabilityChecks } from '../../src/forges/gitlab/map';
import { ANSWER_REUSE_MS, blockingChecks, GitLabMergeabilityChecks, MERGEABILITY_QUERY, REFUSED_RETRY_MS } from '../../src/forges/gitlab/mergeabilityChecks';
import { MAX_MERGEABILITY_CHECKS } from '../../src/forges/gitlab/mergeabilityMap';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const answer = (checks: unknown): unknown => ({ data: { project: { mergeRequest: { mergeabilityChecks: checks } } } });
const MISSING_FIELD = {
  errors: [{
    message: "Field 'mergeabilityChecks' doesn't exist on type 'MergeRequest'",
    locations: [{ line: 1, column: 150 }],
    path: ['query mrGatesMergeabilityChecks', 'project', 'mergeRequest', 'mergeabilityChecks'],
    extensions: { code: 'undefinedField', typeName: 'MergeRequest', fieldName: 'mergeabilityChecks' },
  }],
};

suite('gitlab mergeability checks: map', () => {
  test('identifiers become the REST words, statuses lower case; every check is kept, the blocking ones picked', () => {
    const mapped = mapMergeabilityChecks(answer([
      { identifier: 'CI_MUST_PASS', status: 'FAILED' },
      { identifier: 'NOT_APPROVED', status: 'SUCCESS' },
      { identifier: 'NEED_REBASE', status: 'FAILED' },
      { identifier: 'CONFLICT', status: 'CHECKING' },
      { identifier: 'REQUESTED_CHANGES', status: 'WARNING' },
      { identifier: 'MERGE_TIME', status: 'INACTIVE' },
    ]));
    assert.equal(mapped.kind, 'checks');
    assert.ok(mapped.kind === 'checks');
    assert.deepEqual(mapped.checks.map((c) => `${c.identifier}:${c.status}`), ['ci_must_pass:failed', 'not_approved:success', 'need_rebase:failed', 'conflict:checking', 'requested_changes:warning', 'merge_time:inactive']);
    assert.deepEqual(blockingChecks(mapped.checks), [
      { identifier: 'ci_must_pass', status: 'failed' },
      { identifier: 'need_rebase', status: 'failed' },
      { identifier: 'conflict', status: 'checking' },
    ]);
  });

  test('hostile entries are dropped where they enter: bad identifiers, unknown statuses, wrong types, repeats', () => {
    const mapped = mapMergeabilityChecks(answer([
      { identifier: 'need_rebase', status: 'FAILED' },
      { identifier: 'NEED-REBASE', status: 'FAILED' },
      { identifier: '1CHECK', status: 'FAILED' },
      { identifier: `A${'B'.repeat(64)}`, status: 'FAILED' },
      { identifier: 'X\u202eY', status: 'FAILED' },
      { identifier: 'CI_MUST_PASS; <script>', status: 'FAILED' },
      { identifier: 42, status: 'FAILED' },
      { identifier: 'DRAFT_STATUS', status: 'failed' },
      { identifier: 'DRAFT_STATUS', status: 'PENDING' },
      { identifier: 'DRAFT_STATUS', status: { toString: 'FAILED' } },
      null,
      'NEED_REBASE',
      ['NEED_REBASE', 'FAILED'],
      { identifier: 'CONFLICT', status: 'FAILED' },
      { identifier: 'CONFLICT', status: 'SUCCESS' },
      { identifier: `A${'B'.repeat(63)}`, status: 'FAILED' },
    ]));
    assert.ok(mapped.kind === 'checks');
    assert.deepEqual(mapped.checks.map((c) => c.identifier), ['conflict', `a${'b'.repeat(63)}`], 'only well-formed entries, the first of a repeat');
  });

  test(`a huge list is read only to its first ${MAX_MERGEABILITY_CHECKS} entries`, () => {
    const list = Array.from({ length: 100_000 }, (_, i) => ({ identifier: `CHECK_${i}`, status: 'FAILED' }));
    const mapped = mapMergeabilityChecks(answer(list));
    assert.ok(mapped.kind === 'checks');
    assert.equal(mapped.checks.length, MAX_MERGEABILITY_CHECKS);
    assert.equal(mapped.checks[MAX_MERGEABILITY_CHECKS - 1].identifier, `check_${MAX_MERGEABILITY_CHECKS - 1}`);
  });

  test('an instance without the field says so in its errors; other answers are unusable, not a refusal', () => {
    assert.equal(mapMergeabilityChecks(MISSING_FIELD).kind, 'lacksField');
    assert.equal(mapMergeabilityChecks({ errors: [{ message: "Field 'mergeabilityChecks' doesn't exist on type 'MergeRequest'" }] }).kind, 'lacksField', 'the message alone');
    assert.equal(mapMergeabilityChecks({ errors: [{ message: 'Internal server error' }], data: { project: { mergeRequest: null } } }).kind, 'unusable');
    assert.equal(mapMergeabilityChecks({ data: { project: null } }).kind, 'unusable');
    assert.equal(mapMergeabilityChecks({ data: { project: { mergeRequest: null } } }).kind, 'unusable');
    assert.equal(mapMergeabilityChecks(answer('FAILED')).kind, 'unusable');
    assert.equal(mapMergeabilityChecks({ errors: 'nope' }).kind, 'unusable');
    assert.throws(() => mapMergeabilityChecks('<html>'), ForgeError);
    assert.throws(() => mapMergeabilityChecks([MISSING_FIELD]), ForgeError);
  });
});

const base = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/merge_requests/1`;

suite('gitlab mergeability checks: against the fake GitLab', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  let mr: MergeRequestRef;
  const posts = () => forge.requestsTo('POST', '/api/graphql');

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab', prefix: '/gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
  });
  teardown(() => forge.close());

  test('the endpoint is /api/graphql beside /api/v4, under the same prefix', () => {
    assert.equal(gitlabApi.graphqlUrl(gitlabApi.apiBase('https://h.example/gitlab')), 'https://h.example/gitlab/api/graphql');
    assert.equal(gitlabApi.graphqlUrl('https://h.example/api/v4/'), 'https://h.example/api/graphql');
  });

  test('the token goes to that endpoint and to no other place outside the API root', () => {
    const http = new HttpClient({ apiBase: 'https://h.example/gitlab/api/v4', token: 't', authHeaders: gitlabApi.authHeaders, alsoTrusted: ['https://h.example/gitlab/api/graphql', 'https://evil.example/api/graphql'] });
    const carries = (url: string) => http.mayCarryToken(new URL(url));
    assert.equal(carries('https://h.example/gitlab/api/graphql'), true);
    assert.equal(carries('https://h.example/gitlab/api/v4/user'), true);
    for (const url of ['https://h.example/gitlab/api/graphql/x', 'https://h.example/api/graphql', 'https://h.example/gitlab/api/graphqlx', 'http://h.example/gitlab/api/graphql', 'https://evil.example/api/graphql']) {
      assert.equal(carries(url), false, url);
    }
  });

  test('one POST with the token and the MR in variables only; every failing check becomes a reason', async () => {
    const gl = forge.gitlab;
    const seeded = gl.mergeRequest(DEMO_PROJECT_PATH, 1)!;
    gl.settingsOf(DEMO_PROJECT_PATH).merge.mergeMethod = 'ff';
    gl.setBranchHead(DEMO_PROJECT_PATH, 'main', 'c'.repeat(40));
    gl.approvals.requestChanges(seeded, 'contributor');
    const gate = await adapter.loadGate(mr, { withFindings: false });
    const [post] = posts();
    assert.equal(posts().length, 1);
    assert.equal(post.path, '/api/graphql');
    assert.equal(post.headers['private-token'], DEMO_TOKEN);
    assert.equal(post.headers['content-type'], 'application/json');
    assert.deepEqual(post.body, { query: MERGEABILITY_QUERY, variables: { fullPath: DEMO_PROJECT_PATH, iid: '1' } });
    assert.ok(!MERGEABILITY_QUERY.includes(DEMO_PROJECT_PATH), 'nothing of the forge is written into the query');
    assert.deepEqual(gate.mergeChecks?.map((c) => c.identifier), ['requested_changes', 'not_approved', 'status_checks_must_pass', 'ci_must_pass', 'need_rebase']);
    const reasons = mergeReasons(gate).map((r) => (r.code === 'forge' ? r.status : r.code));
    assert.deepEqual(reasons, ['checksFailing', 'checksWaiting', 'approvalsMissing', 'requested_changes', 'need_rebase']);
  });

  test('a second read of an unchanged MR reuses the answer; a change of what it depends on asks again', async () => {
    const first = await adapter.loadGate(mr, { withFindings: false });
    const second = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(posts().length, 1, 'the settled read sent no GraphQL request');
    assert.deepEqual(second.mergeChecks, first.mergeChecks);
    forge.gitlab.approvals.approve(forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, 'demo');
    const third = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(posts().length, 2, 'a new approval is a new basis');
    assert.ok(!third.mergeChecks?.some((c) => c.identifier === 'not_approved'));
  });

  test('a first read asks beside the pipeline\'s reads, not after them', async () => {
    // The Code Quality report is held until the question has gone out: asked only after the report,
    // the read would never finish.
    forge.inject({ path: /\/artifacts\//, times: 1 }, { until: forge.waitForRequest((r) => r.method === 'POST' && r.path === '/api/graphql') });
    const gate = await adapter.loadGate(mr, { withFindings: true });
    assert.equal(posts().length, 1);
    assert.ok(gate.mergeChecks?.length, 'its answer is the gate\'s');
    assert.ok(gate.findings.some((f) => f.source === 'codeQuality'));
    await adapter.loadGate(mr, { withFindings: true });
    assert.equal(posts().length, 1, 'the MR unchanged: not asked early again, and the answer reused');
  });

  test('an MR REST says is mergeable is not asked about', async () => {
    const seeded = forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!;
    seeded.detailedMergeStatus = 'mergeable';
    const gate = await adapter.loadGate(mr, { withFindings: false });
    assert.equal(posts().length, 0);
    assert.equal(gate.mergeChecks, undefined);
  });

  for (const [what, setUp] of [
    ['an older instance (errors name the field)', (f: FakeForge) => void (f.gitlab.graphql = 'older')],
    ['an instance without GraphQL (404, HTML)', (f: FakeForge) => void (f.gitlab.graphql = 'off')],
    ['a 403', (f: FakeForge) => void f.inject({ path: '/api/graphql' }, { status: 403 })],
    ['an answer that is not JSON', (f: FakeForge) => void f.inject({ path: '/api/graphql' }, { malformed: 'html' })],
  ] as const) {
    test(`${what}: the REST reasons stand, and the instance is not asked again on the next read`, async () => {
      setUp(forge);
      const gate = await adapter.loadGate(mr, { withFindings: false });
      assert.equal(gate.mergeChecks, undefined);
      assert.ok(mergeReasons(gate).some((r) => r.code === 'checksFailing'), 'the REST reasons are there');
      forge.gitlab.approvals.approve(forge.gitlab.mergeRequest(DEMO_PROJECT_PATH, 1)!, 'demo');
      await adapter.loadGate(mr, { withFindings: false });
      assert.equal(posts().length, 1, 'remembered for the instance');
      assert.equal(forge.requestsTo('GET', base).length, 2, 'REST was read both times');
    });
  }

  test('a failed read (a 502, a reset) falls back for that read only', async () => {
    forge.inject({ path: '/api/graphql', times: 1 }, { status: 502 });
    assert.equal((await adapter.loadGate(mr, { withFindings: false })).mergeChecks, undefined);
    forge.inject({ path: '/api/graphql', times: 1 }, { reset: true });
    assert.equal((await adapter.loadGate(mr, { withFindings: false })).mergeChecks, undefined);
    assert.ok((await adapter.loadGate(mr, { withFindings: false })).mergeChecks?.length, 'asked again, and answered');
    assert.equal(posts().length, 3, 'a POST is not retried in place');
  });

  test('the fake answers a query it was not written for, and an unknown field the way graphql-ruby does', async () => {
    // Queries other than MR Gates' are not described for the contract test: this instance records none.
    const other = await FakeForge.start({ kind: 'gitlab', exchanges: false });
    try {
      seedDemo(other);
      const http = new HttpClient({ apiBase: other.apiBase, token: DEMO_TOKEN, authHeaders: gitlabApi.authHeaders, alsoTrusted: [`${other.url}/api/graphql`] });
      const ask = async (query: string, variables: Record<string, unknown> = {}) => (await http.send<Record<string, unknown>>('POST', `${other.url}/api/graphql`, { body: { query, variables } })).data;
      assert.deepEqual(await ask('{ p: project(fullPath: "demo/mr-gates-demo") { fullPath mergeRequest(iid: "1") { iid __typename } } }'), {
        data: { p: { fullPath: DEMO_PROJECT_PATH, mergeRequest: { iid: '1', __typename: 'MergeRequest' } } },
      });
      assert.deepEqual(await ask('query($p: ID!) { project(fullPath: $p) { mergeRequest(iid: "99") { iid } } }', { p: DEMO_PROJECT_PATH }), { data: { project: { mergeRequest: null } } });
      assert.deepEqual(await ask('{ project(fullPath: "no/such") { fullPath } }'), { data: { project: null } });
      const unknown = await ask('query named { project(fullPath: "x") { mergeRequest(iid: "1") { nope } } }');
      assert.deepEqual(unknown, {
        errors: [{
          message: "Field 'nope' doesn't exist on type 'MergeRequest'", locations: [{ line: 1, column: 65 }],
          path: ['query named', 'project', 'mergeRequest', 'nope'], extensions: { code: 'undefinedField', typeName: 'MergeRequest', fieldName: 'nope' },
        }],
      });
      assert.match(String(((await ask('{ project(')).errors as { message: string }[])[0].message), /^(Parse error on|Unexpected end)/);
      assert.match(String(((await ask(MERGEABILITY_QUERY)).errors as { message: string }[])[0].message), /^Variable \$fullPath of type ID! was provided invalid value$/);
    } finally {
      await other.close();
    }
  });
});

suite('gitlab mergeability checks: remembering', () => {
  let forge: FakeForge;
  let clock = 0;
  let checks: GitLabMergeabilityChecks;
  const ref = (): MergeRequestRef => ({ reference: '!1', number: 1, title: 'T', webUrl: 'https://g/p/-/merge_requests/1', projectPath: DEMO_PROJECT_PATH, sourceBranch: 'f', targetBranch: 'main', headSha: 'a'.repeat(40) });

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    clock = 1_000_000;
    const http = new HttpClient({ apiBase: forge.apiBase, token: DEMO_TOKEN, authHeaders: gitlabApi.authHeaders, alsoTrusted: [`${forge.url}/api/graphql`] });
    checks = new GitLabMergeabilityChecks(http, `${forge.url}/api/graphql`, () => clock);
  });
  teardown(() => forge.close());

  test('a refusal is remembered for a while, then the instance is asked again', async () => {
    forge.gitlab.graphql = 'older';
    assert.equal(await checks.read(ref(), 'a'), undefined);
    assert.equal(checks.refused, true);
    clock += REFUSED_RETRY_MS - 1;
    assert.equal(await checks.read(ref(), 'b'), undefined);
    assert.equal(forge.requestsTo('POST', '/api/graphql').length, 1);
    forge.gitlab.graphql = 'current';
    clock += 1;
    assert.ok((await checks.read(ref(), 'c'))?.length, 'the upgraded instance answers');
    assert.equal(checks.refused, false);
  });

  test('an answer is reused for its basis, and not beyond ANSWER_REUSE_MS', async () => {
    await checks.read(ref(), 'same');
    clock += ANSWER_REUSE_MS - 1;
    await checks.read(ref(), 'same');
    assert.equal(forge.requestsTo('POST', '/api/graphql').length, 1);
    clock += 1;
    await checks.read(ref(), 'same');
    assert.equal(forge.requestsTo('POST', '/api/graphql').length, 2);
  });
});
