// The fake Gitee's pull-request / check-run world over real HTTP (global fetch): PR lookup by branch
// (forks included), check runs and their paged annotations, the admin-only PATCH with its conclusion
// lock, faults on the new routes and the demo seed. No sleeps.
import * as assert from 'node:assert/strict';
import { DEMO_BRANCH, DEMO_TOKEN, FakeForge, seedDemo, type ChecksState, type PullRequest } from '../fake-forge';

type Json = Record<string, unknown>;
interface Answer { status: number; headers: Headers; body: unknown }
interface CallOptions { token?: string; json?: unknown; form?: string }

async function call(forge: FakeForge, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) [headers['Content-Type'], body] = ['application/json', JSON.stringify(options.json)];
  if (options.form !== undefined) [headers['Content-Type'], body] = ['application/x-www-form-urlencoded', options.form];
  const res = await fetch(forge.apiBase + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);
const T = { owner: 'kit-t', member: 'mem-t', admin: 'adm-t', forker: 'fork-t' };
const R = '/repos/kit/app';

interface World { forge: FakeForge; gt: ChecksState; pr: PullRequest; forkPr: PullRequest }

/** kit owns kit/app (public) with member mem and admin adm; fox forked it to fox/app. */
async function world(): Promise<World> {
  const forge = await FakeForge.start({ kind: 'gitee' });
  for (const [username, token] of [['kit', T.owner], ['mem', T.member], ['adm', T.admin], ['fox', T.forker]]) forge.addUser({ username, token });
  forge.addProject({ path: 'kit/app', visibility: 'public', members: ['mem'] });
  forge.addProject({ path: 'fox/app', visibility: 'public', forkedFromPath: 'kit/app' });
  forge.addProject({ path: 'kit/secret' });
  const gt = forge.gitee;
  gt.configureRepo('kit/app', { admins: ['adm'] });
  const pr = gt.addPullRequest({ project: 'kit/app', title: 'Feature', head: { ref: 'feature/x', sha: SHA1 }, base: { ref: 'main' }, author: 'mem' });
  forge.clock.advance(1000);
  const forkPr = gt.addPullRequest({ project: 'kit/app', title: 'From a fork', head: { ref: 'feature/x', sha: SHA2, repo: 'fox/app' }, base: { ref: 'main' }, author: 'fox' });
  return { forge, gt, pr, forkPr };
}

suite('fake Gitee: pull requests', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('head=branch finds own and fork PRs (told apart by head.repo.full_name); owner:branch picks one', async () => {
    const both = await call(w.forge, 'GET', `${R}/pulls?head=feature/x&state=open`);
    assert.equal(both.status, 200);
    const items = both.body as Json[];
    assert.deepEqual(items.map((p) => [p.number, ((p.head as Json).repo as Json).full_name]), [[2, 'fox/app'], [1, 'kit/app']], 'newest first');
    assert.deepEqual([both.headers.get('total_count'), both.headers.get('total_page')], ['2', '1']);
    const own = await call(w.forge, 'GET', `${R}/pulls?head=kit:feature/x`);
    assert.deepEqual((own.body as Json[]).map((p) => p.number), [1]);
    const fork = await call(w.forge, 'GET', `${R}/pulls?head=fox:feature/x`);
    assert.deepEqual((fork.body as Json[]).map((p) => p.number), [2]);
    assert.deepEqual((await call(w.forge, 'GET', `${R}/pulls?head=nope`)).body, []);
  });

  test('the recorded PR shape (samples/gitee-go-scm/pr.json) plus draft', async () => {
    const pr = (await call(w.forge, 'GET', `${R}/pulls/1`)).body as Json;
    const head = pr.head as Json;
    assert.deepEqual(
      [pr.number, pr.state, pr.title, pr.draft, pr.html_url, pr.url, head.label, head.ref, head.sha, (head.user as Json).login, (pr.user as Json).login, (pr.base as Json).ref],
      [1, 'open', 'Feature', false, `${w.forge.url}/kit/app/pulls/1`, `${w.forge.apiBase}/repos/kit/app/pulls/1`, 'feature/x', 'feature/x', SHA1, 'kit', 'mem', 'main'],
    );
    assert.deepEqual(Object.keys(head.repo as Json).slice(0, 4), ['id', 'full_name', 'human_name', 'url']);
    assert.equal((head.repo as Json).html_url, `${w.forge.url}/kit/app.git`);
    assert.match(String(pr.created_at), /\+08:00$/);
    const forkHead = ((await call(w.forge, 'GET', `${R}/pulls/2`)).body as Json).head as Json;
    assert.deepEqual([(forkHead.repo as Json).full_name, (forkHead.user as Json).login, forkHead.ref], ['fox/app', 'fox', 'feature/x']);
  });

  test('state open|closed|merged|all; bad state 400; paging; unknown PR and repo 404', async () => {
    w.gt.addPullRequest({ project: 'kit/app', title: 'Merged', head: { ref: 'old', sha: SHA2 }, base: { ref: 'main' }, author: 'kit', state: 'merged' });
    w.gt.addPullRequest({ project: 'kit/app', title: 'Closed', head: { ref: 'gone', sha: SHA2 }, base: { ref: 'main' }, author: 'kit', state: 'closed' });
    const numbers = async (q: string): Promise<unknown[]> => ((await call(w.forge, 'GET', `${R}/pulls?${q}`)).body as Json[]).map((p) => p.number);
    assert.deepEqual(await numbers('state=merged'), [3]);
    assert.deepEqual(await numbers('state=closed'), [4]);
    assert.deepEqual((await numbers('state=all')).length, 4);
    assert.deepEqual(await numbers(''), [2, 1], 'default open');
    const paged = await call(w.forge, 'GET', `${R}/pulls?state=all&per_page=3&page=2`);
    assert.deepEqual([(paged.body as Json[]).length, paged.headers.get('total_page'), paged.headers.get('total_count')], [1, '2', '4']);
    const bad = await call(w.forge, 'GET', `${R}/pulls?state=opened`);
    assert.deepEqual([bad.status, bad.body], [400, { message: 'state does not have a valid value' }]);
    assert.equal((await call(w.forge, 'GET', `${R}/pulls/99`)).status, 404);
    assert.deepEqual((await call(w.forge, 'GET', '/repos/kit/secret/pulls')).body, { message: '404 Project Not Found' });
  });

  test('pushToPullRequest moves head.sha and the branch', async () => {
    w.gt.pushToPullRequest(w.pr, SHA2);
    assert.equal((((await call(w.forge, 'GET', `${R}/pulls/1`)).body as Json).head as Json).sha, SHA2);
    assert.equal(w.gt.resolveRef(w.gt.project('kit/app'), 'feature/x'), SHA2);
    assert.deepEqual(w.pr.previousShas, [SHA1]);
  });
});

suite('fake Gitee: check runs', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  function seedLint(annotations = 0): number {
    const run = w.gt.addCheckRun({
      project: 'kit/app', sha: SHA1, name: 'lint', conclusion: 'failure', detailsUrl: 'https://lint.example.com/1',
      output: { title: 'Problems', summary: '**2** problems', text: 'details' },
      actions: [{ label: 'Fix', description: 'Apply the fixes', identifier: 'autofix' }],
      annotations: Array.from({ length: annotations }, (_, i) => ({ path: `src/f${i}.ts`, start_line: i + 1, end_line: i + 1, annotation_level: 'warning' as const, message: `m${i}` })),
    });
    return run.id;
  }

  test('list for a sha: every run (no latest filter), newest first, array with total_page; check_name/status filters', async () => {
    const lint = seedLint(2);
    const suite2 = w.gt.addCheckSuite({ project: 'kit/app', sha: SHA1 });
    w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'lint', status: 'in_progress', suiteId: suite2.id });
    w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'build', conclusion: 'success', app: { slug: 'gitee-go', name: 'Gitee Go' } });
    const res = await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs`);
    assert.equal(res.status, 200);
    const runs = res.body as Json[];
    assert.deepEqual(runs.map((r) => [r.name, r.status]), [['build', 'completed'], ['lint', 'in_progress'], ['lint', 'completed']]);
    assert.deepEqual([res.headers.get('total_count'), res.headers.get('total_page')], ['3', '1']);
    const run = runs[2];
    assert.deepEqual(
      [run.id, run.head_sha, run.conclusion, run.details_url, (run.output as Json).annotations_count, (run.output as Json).summary, run.actions],
      [lint, SHA1, 'failure', 'https://lint.example.com/1', 2, '**2** problems', [{ label: 'Fix', description: 'Apply the fixes', identifier: 'autofix' }]],
    );
    assert.equal((run.output as Json).annotations_url, `${w.forge.apiBase}/repos/kit/app/check-runs/${lint}/annotations`);
    assert.match(String(run.completed_at), /\+08:00$/);
    // Gitee's CheckRun (v5 swagger) has none of GitHub's app / check_suite / pull_requests / external_id.
    for (const r of runs) assert.deepEqual(['app', 'check_suite', 'pull_requests', 'external_id', 'node_id'].filter((k) => k in r), []);
    const byName = await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs?check_name=lint&status=completed`);
    assert.deepEqual((byName.body as Json[]).map((r) => r.id), [lint]);
    assert.equal((await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs?status=done`)).status, 400);
  });

  test('ref may be the PR branch (encoded or not); unknown ref and run 404; object shape option', async () => {
    const lint = seedLint();
    for (const ref of ['feature%2Fx', 'feature/x']) {
      assert.deepEqual(((await call(w.forge, 'GET', `${R}/commits/${ref}/check-runs`)).body as Json[]).map((r) => r.id), [lint]);
    }
    const none = await call(w.forge, 'GET', `${R}/commits/no-such-branch/check-runs`);
    assert.deepEqual([none.status, none.body], [404, { message: '404 Commit Not Found' }]);
    assert.deepEqual((await call(w.forge, 'GET', `${R}/commits/${SHA2}/check-runs`)).body, [], 'a full sha without runs');
    assert.equal(((await call(w.forge, 'GET', `${R}/check-runs/${lint}`)).body as Json).id, lint);
    assert.equal((await call(w.forge, 'GET', `${R}/check-runs/123`)).status, 404);
    assert.equal((await call(w.forge, 'GET', `/repos/fox/app/check-runs/${lint}`)).status, 404, 'a run of another repository');
    w.gt.options.giteeCheckRunList = 'object';
    const obj = (await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs`)).body as Json;
    assert.deepEqual([obj.total_count, (obj.check_runs as Json[]).length], [1, 1]);
  });

  test('250 annotations: default 20 a page, per_page=100 over total_page 3; the recorded annotation shape', async () => {
    const id = seedLint(250);
    const first = await call(w.forge, 'GET', `${R}/check-runs/${id}/annotations`);
    assert.deepEqual([(first.body as Json[]).length, first.headers.get('total_page'), first.headers.get('total_count')], [20, '13', '250']);
    const seen: unknown[] = [];
    let totalPages = 1;
    for (let page = 1; page <= totalPages; page++) {
      const res = await call(w.forge, 'GET', `${R}/check-runs/${id}/annotations?per_page=100&page=${page}`);
      totalPages = Number(res.headers.get('total_page'));
      seen.push(...(res.body as Json[]).map((a) => a.message));
    }
    assert.equal(totalPages, 3);
    assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => `m${i}`));
    const run = w.gt.addCheckRun({
      project: 'kit/app', sha: SHA1, name: 'shape', conclusion: 'neutral',
      annotations: [
        { path: 'README.md', start_line: 2, end_line: 2, start_column: 3, end_column: 9, annotation_level: 'notice', message: 'one line', title: 'T', raw_details: 'raw' },
        { path: 'a.ts', start_line: 1, end_line: 3, start_column: 3, end_column: 9, annotation_level: 'failure', message: 'lines' },
      ],
    });
    const [one, many] = (await call(w.forge, 'GET', `${R}/check-runs/${run.id}/annotations`)).body as Json[];
    assert.deepEqual(one, {
      path: 'README.md', blob_href: `${w.forge.url}/kit/app/blob/${SHA1}/README.md`, start_line: 2, start_column: 3, end_line: 2, end_column: 9,
      annotation_level: 'notice', title: 'T', message: 'one line', raw_details: 'raw',
    });
    assert.deepEqual([many.start_column, many.end_column, many.title, many.raw_details], [null, null, null, null], 'columns only on one line');
  });

  test('PATCH (JSON) by the owner: completes the run, appends annotations; visible in the next GET; recorded', async () => {
    const run = w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'qa', status: 'in_progress' });
    const res = await call(w.forge, 'PATCH', `${R}/check-runs/${run.id}`, {
      token: T.owner,
      json: {
        name: 'qa', status: 'completed', conclusion: 'success', details_url: 'https://qa.example.com/7',
        output: { title: 'Signed off', summary: 'By **QA**', annotations: [{ path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'ok' }] },
        actions: [{ label: 'Reopen', description: 'Ask QA again', identifier: 'reopen' }],
      },
    });
    assert.equal(res.status, 200);
    const body = res.body as Json;
    assert.deepEqual([body.status, body.conclusion, body.details_url, (body.output as Json).title, (body.output as Json).annotations_count], ['completed', 'success', 'https://qa.example.com/7', 'Signed off', 1]);
    assert.notEqual(body.completed_at, null);
    const again = (await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs?check_name=qa`)).body as Json[];
    assert.deepEqual([again[0].conclusion, (again[0].actions as Json[])[0].identifier], ['success', 'reopen']);
    assert.deepEqual(w.gt.updates.map((u) => [u.runId, u.username]), [[run.id, 'kit']]);
  });

  test('PATCH: a conclusion is locked (422, guessed wording); same conclusion and other fields still change', async () => {
    const run = w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'qa', conclusion: 'failure' });
    for (const json of [{ name: 'qa', conclusion: 'success' }, { name: 'qa', status: 'in_progress' }, { name: 'qa', status: 'queued', conclusion: 'failure' }]) {
      const res = await call(w.forge, 'PATCH', `${R}/check-runs/${run.id}`, { token: T.admin, json });
      assert.deepEqual([res.status, res.body], [422, { message: 'conclusion cannot be changed' }], JSON.stringify(json));
    }
    const same = await call(w.forge, 'PATCH', `${R}/check-runs/${run.id}`, { token: T.admin, json: { name: 'qa (renamed)', conclusion: 'failure', output: { title: 'Still failing', summary: 's' } } });
    assert.deepEqual([same.status, (same.body as Json).name, (same.body as Json).conclusion], [200, 'qa (renamed)', 'failure']);
    assert.equal(run.conclusion, 'failure');
    assert.equal(w.gt.updates.length, 1, 'rejected PATCHes are not recorded');
  });

  test('PATCH with a nested form body (output[title], actions[][label]) or JSON strings in the form', async () => {
    const run = w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'qa' });
    const form = new URLSearchParams([
      ['name', 'qa'], ['status', 'completed'], ['conclusion', 'action_required'], ['output[title]', 'Needs you'], ['output[summary]', 'Press a button'],
      ['output[annotations][][path]', 'x.ts'], ['output[annotations][][start_line]', '4'], ['output[annotations][][end_line]', '4'],
      ['output[annotations][][annotation_level]', 'warning'], ['output[annotations][][message]', 'look'],
      ['actions[][label]', 'Approve'], ['actions[][description]', 'Approve it'], ['actions[][identifier]', 'approve'],
      ['actions[][label]', 'Reject'], ['actions[][description]', 'Reject it'], ['actions[][identifier]', 'reject'],
    ]).toString();
    const res = await call(w.forge, 'PATCH', `${R}/check-runs/${run.id}`, { token: T.owner, form });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as Json;
    assert.deepEqual([body.conclusion, (body.output as Json).title, (body.actions as Json[]).map((a) => a.identifier)], ['action_required', 'Needs you', ['approve', 'reject']]);
    assert.deepEqual(run.annotations.map((a) => [a.path, a.start_line]), [['x.ts', 4]]);
    const run2 = w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'qa2' });
    const jsonInForm = new URLSearchParams({ name: 'qa2', output: JSON.stringify({ title: 'T', summary: 'S' }) }).toString();
    const patched = await call(w.forge, 'PATCH', `${R}/check-runs/${run2.id}`, { token: T.owner, form: jsonInForm });
    assert.deepEqual([patched.status, ((patched.body as Json).output as Json).title], [200, 'T']);
  });

  test('PATCH errors: 401 anonymous, 403 member (not admin), 404 unknown, 400 bad values', async () => {
    const run = w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'qa' });
    const path = `${R}/check-runs/${run.id}`;
    assert.deepEqual((await call(w.forge, 'PATCH', path, { json: { name: 'qa' } })).status, 401);
    const member = await call(w.forge, 'PATCH', path, { token: T.member, json: { name: 'qa', conclusion: 'success' } });
    assert.deepEqual([member.status, member.body], [403, { message: '403 Forbidden' }]);
    assert.equal((await call(w.forge, 'PATCH', `${R}/check-runs/1`, { token: T.owner, json: { name: 'qa' } })).status, 404);
    const cases: Array<[unknown, string]> = [
      [{ conclusion: 'success' }, 'name is missing'],
      [{ name: 'qa', status: 'done' }, 'status does not have a valid value'],
      [{ name: 'qa', conclusion: 'great' }, 'conclusion does not have a valid value'],
      [{ name: 'qa', status: 'completed' }, 'conclusion is missing'],
      [{ name: 'qa', output: { title: 'no summary' } }, 'output.summary is missing'],
      [{ name: 'qa', actions: [{ label: 'x' }] }, 'actions[].description is missing'],
    ];
    for (const [json, message] of cases) assert.deepEqual((await call(w.forge, 'PATCH', path, { token: T.admin, json })).body, { message }, message);
    assert.equal(run.status, 'queued');
    // A configured admin of a private repository can read it and PATCH there.
    w.gt.configureRepo('kit/secret', { admins: ['adm'] });
    const hidden = w.gt.addCheckRun({ project: 'kit/secret', sha: SHA1, name: 'qa' });
    assert.equal((await call(w.forge, 'PATCH', `/repos/kit/secret/check-runs/${hidden.id}`, { token: T.member, json: { name: 'qa' } })).status, 404);
    assert.equal((await call(w.forge, 'PATCH', `/repos/kit/secret/check-runs/${hidden.id}`, { token: T.admin, json: { name: 'qa', status: 'in_progress' } })).status, 200);
  });

  test('faults work on the new routes', async () => {
    const id = seedLint(3);
    w.forge.inject({ method: 'GET', path: `/api/v5${R}/commits/${SHA1}/check-runs`, times: 1 }, { status: 503 });
    assert.equal((await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs`)).status, 503);
    assert.equal((await call(w.forge, 'GET', `${R}/commits/${SHA1}/check-runs`)).status, 200);
    w.forge.inject({ path: /\/annotations$/ }, { malformed: 'truncated' });
    assert.equal(typeof (await call(w.forge, 'GET', `${R}/check-runs/${id}/annotations`)).body, 'string');
    w.forge.inject({ method: 'PATCH', path: /check-runs/ }, { status: 429, headers: { 'Retry-After': '7' } });
    const limited = await call(w.forge, 'PATCH', `${R}/check-runs/${id}`, { token: T.owner, json: { name: 'lint' } });
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
    w.forge.inject({ path: /\/pulls$/ }, { malformed: 'html' });
    assert.match(String((await call(w.forge, 'GET', `${R}/pulls`)).body), /<html/);
  });

  test('forge.gitee only on Gitee; bad seeds throw', async () => {
    const gl = await FakeForge.start({ kind: 'gitlab' });
    try {
      assert.throws(() => gl.gitee, /gitee state on a gitlab forge/);
      assert.throws(() => w.forge.github, /github state on a gitee forge/);
    } finally {
      await gl.close();
    }
    assert.throws(() => w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'x', status: 'completed' }), /conclusion/);
    assert.throws(() => w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'x', status: 'waiting' }), /Actions/);
    assert.throws(() => w.gt.addCheckRun({ project: 'kit/app', sha: SHA1, name: 'x', annotations: [{ path: 'a', start_line: 2, end_line: 1, annotation_level: 'notice', message: 'm' }] }), /bad annotation/);
  });
});

suite('fake Gitee: demo seed', () => {
  test('PR #1 on the demo branch at headSha: lint (8 annotations, autofix), build, security-scan', async () => {
    const forge = await FakeForge.start({ kind: 'gitee' });
    try {
      const head = 'c'.repeat(40);
      const seed = seedDemo(forge, { headSha: head });
      assert.ok(seed.gitee);
      const auth = { token: DEMO_TOKEN };
      const prs = (await call(forge, 'GET', `/repos/${seed.project.path}/pulls?head=${DEMO_BRANCH}&state=open`, auth)).body as Json[];
      assert.deepEqual(prs.map((p) => [p.number, p.title, (p.head as Json).sha, (p.base as Json).ref]), [[1, 'Add the gates view', head, 'main']]);
      const runs = (await call(forge, 'GET', `/repos/${seed.project.path}/commits/${head}/check-runs`, auth)).body as Json[];
      assert.deepEqual(runs.map((r) => [r.name, r.status, r.conclusion]).sort(), [['build', 'completed', 'success'], ['lint', 'completed', 'failure'], ['security-scan', 'in_progress', null]]);
      const lint = runs.find((r) => r.name === 'lint') as Json;
      assert.deepEqual(lint.actions, [{ label: 'Fix automatically', description: 'Push a commit that applies the safe fixes', identifier: 'autofix' }]);
      assert.equal(typeof (lint.output as Json).text, 'string');
      const annotations = (await call(forge, 'GET', `/repos/${seed.project.path}/check-runs/${String(lint.id)}/annotations`, auth)).body as Json[];
      assert.equal(annotations.length, 8);
      assert.deepEqual([...new Set(annotations.map((a) => a.path))], ['src/app.ts', 'src/util.ts', '../outside.txt', 'docs/missing.md']);
      assert.deepEqual([...new Set(annotations.map((a) => a.annotation_level))].sort(), ['failure', 'notice', 'warning']);
      assert.ok(annotations.some((a) => a.start_line === a.end_line && a.start_column !== null && a.end_column !== null));
      assert.ok(annotations.some((a) => a.end_line !== a.start_line));
      assert.ok(annotations.some((a) => typeof a.raw_details === 'string'));
    } finally {
      await forge.close();
    }
  });
});
