// The fake GitLab's CI over real HTTP (global fetch): pipelines, jobs, bridges, retry and play, Code
// Quality artifacts, commit statuses and their transitions, commit comments, faults on the new routes
// and the GitLab demo seed. No sleeps. Merge requests and status checks: fake-gitlab.test.ts.
import * as assert from 'node:assert/strict';
import { DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo, type GitLabState, type Pipeline, type Project } from '../fake-forge';

type Json = Record<string, unknown>;
interface Answer { status: number; headers: Headers; body: unknown; text: string }

async function call(forge: FakeForge, method: string, path: string, options: { token?: string; json?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = options.token ? { 'PRIVATE-TOKEN': options.token } : {};
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(forge.apiBase + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await res.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body, text };
}

const SHA1 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SHA2 = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const T = { owner: 'olga-t', dev: 'dev-t', reporter: 'ray-t' };
const P = '/projects/olga%2Fapp';
const REPORT = [{ description: 'x', check_name: 'c', fingerprint: 'f', severity: 'major', location: { path: 'a.ts', lines: { begin: 1 } } }];

interface World { forge: FakeForge; gl: GitLabState; project: Project; pipeline: Pipeline }

async function world(): Promise<World> {
  const forge = await FakeForge.start({ kind: 'gitlab' });
  for (const [username, token] of [['olga', T.owner], ['dev', T.dev], ['ray', T.reporter]]) forge.addUser({ username, token });
  const project = forge.addProject({ path: 'olga/app', visibility: 'public', members: ['dev'] });
  forge.addProject({ path: 'olga/other', visibility: 'public' });
  const gl = forge.gitlab;
  gl.configureProject(project, { reporters: ['ray'] });
  gl.addMergeRequest({ project, title: 'Feature', sourceBranch: 'feature', author: 'dev', headSha: SHA1 });
  const pipeline = gl.addPipeline({
    project, sha: SHA1, ref: 'feature',
    jobs: [
      { name: 'compile', stage: 'build', status: 'success', durationSec: 12.5 },
      { name: 'unit', stage: 'test', status: 'failed' },
      { name: 'lint', stage: 'test', artifacts: [{ file_type: 'codequality', filename: 'gl-code-quality-report.json', content: REPORT }] },
      { name: 'flaky', stage: 'test', status: 'canceled' },
      { name: 'deploy', stage: 'deploy', when: 'manual' },
    ],
    bridges: [{ name: 'docs', stage: 'deploy', status: 'running', downstream: { status: 'running' } }],
  });
  return { forge, gl, project, pipeline };
}

const jobId = (w: World, name: string): number => {
  const job = [...w.gl.jobs.values()].filter((j) => j.name === name && !j.retried).pop();
  assert.ok(job, name);
  return job.id;
};

suite('fake GitLab: pipelines and jobs', () => {
  let w: World;
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('GET pipeline: derived status, detailed_status, times; 404 in another project', async () => {
    const res = await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}`);
    const p = res.body as Json;
    assert.deepEqual([res.status, p.id, p.sha, p.ref, p.status, p.source], [200, w.pipeline.id, SHA1, 'feature', 'running', 'push']);
    assert.deepEqual([(p.detailed_status as Json).group, (p.user as Json).username, p.finished_at], ['running', 'olga', null]);
    assert.equal(typeof p.started_at, 'string');
    const other = await call(w.forge, 'GET', `/projects/olga%2Fother/pipelines/${w.pipeline.id}`);
    assert.deepEqual([other.status, other.body], [404, { message: '404 Not found' }]);
    const done = w.gl.addPipeline({ project: w.project, sha: SHA2, ref: 'x', jobs: [{ name: 'a', stage: 's' }, { name: 'b', stage: 's', status: 'failed', allowFailure: true }] });
    const warned = (await call(w.forge, 'GET', `${P}/pipelines/${done.id}`)).body as Json;
    assert.deepEqual([warned.status, (warned.detailed_status as Json).group, typeof warned.duration], ['success', 'success-with-warnings', 'number']);
    const forced = w.gl.addPipeline({ project: w.project, sha: SHA2, ref: 'x', status: 'canceled', jobs: [{ name: 'a', stage: 's' }] });
    assert.equal(((await call(w.forge, 'GET', `${P}/pipelines/${forced.id}`)).body as Json).status, 'canceled');
  });

  test('GET jobs: Job entities, newest first, manual jobs as status manual, scope filter; bridges with downstream', async () => {
    const res = await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs`);
    const jobs = res.body as Json[];
    assert.deepEqual(jobs.map((j) => [j.name, j.status]), [['deploy', 'manual'], ['flaky', 'canceled'], ['lint', 'success'], ['unit', 'failed'], ['compile', 'success']]);
    const compile = jobs[4];
    assert.deepEqual([compile.stage, compile.duration, compile.allow_failure, compile.web_url, 'when' in compile], ['build', 12.5, false, `${w.forge.url}/olga/app/-/jobs/${String(compile.id)}`, false]);
    assert.deepEqual(compile.pipeline, { id: w.pipeline.id, iid: 1, project_id: w.project.id, sha: SHA1, ref: 'feature', status: 'running', source: 'push', created_at: (compile.pipeline as Json).created_at, updated_at: (compile.pipeline as Json).updated_at, web_url: `${w.forge.url}/olga/app/-/pipelines/${w.pipeline.id}` });
    assert.deepEqual([jobs[0].allow_failure, jobs[0].duration, jobs[0].started_at], [true, null, null]);
    assert.equal(jobs[3].failure_reason, 'script_failure');
    assert.deepEqual(jobs[2].artifacts, [{ file_type: 'codequality', size: JSON.stringify(REPORT).length, filename: 'gl-code-quality-report.json', file_format: 'raw' }]);
    const failed = (await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs?scope[]=failed&scope[]=canceled`)).body as Json[];
    assert.deepEqual(failed.map((j) => j.name), ['flaky', 'unit']);
    const bad = await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs?scope=nope`);
    assert.deepEqual([bad.status, bad.body], [400, { error: 'scope does not have a valid value' }]);
    const [docs] = (await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/bridges`)).body as Json[];
    const downstream = docs.downstream_pipeline as Json;
    assert.deepEqual([docs.name, docs.status, downstream.status, downstream.source, downstream.sha], ['docs', 'running', 'running', 'parent_pipeline', SHA1]);
    assert.equal((await call(w.forge, 'GET', `${P}/pipelines/${String(downstream.id)}`)).status, 200);
    assert.equal(((await call(w.forge, 'GET', `${P}/merge_requests/1`)).body as Json as { head_pipeline: Json }).head_pipeline.id, w.pipeline.id, 'a child pipeline is not the head pipeline');
  });

  test('retry a job: 201 new pending job, the old one only with include_retried; 403 when not retryable', async () => {
    const unit = jobId(w, 'unit');
    const res = await call(w.forge, 'POST', `${P}/jobs/${unit}/retry`, { token: T.dev });
    const fresh = res.body as Json;
    assert.deepEqual([res.status, fresh.name, fresh.stage, fresh.status, fresh.id === unit], [201, 'unit', 'test', 'pending', false]);
    const names = ((await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs`)).body as Json[]).filter((j) => j.name === 'unit');
    assert.deepEqual(names.map((j) => [j.id, j.status]), [[fresh.id, 'pending']]);
    const all = ((await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs?include_retried=true`)).body as Json[]).filter((j) => j.name === 'unit');
    assert.deepEqual(all.map((j) => j.id), [fresh.id, unit]);
    for (const id of [jobId(w, 'deploy'), fresh.id as number]) {
      const no = await call(w.forge, 'POST', `${P}/jobs/${id}/retry`, { token: T.dev });
      assert.deepEqual([no.status, no.body], [403, { message: '403 Forbidden - Job is not retryable' }]);
    }
    assert.deepEqual((await call(w.forge, 'POST', `${P}/jobs/${jobId(w, 'compile')}/retry`, { token: T.reporter })).body, { message: '403 Forbidden' });
    assert.deepEqual((await call(w.forge, 'POST', `${P}/jobs/${jobId(w, 'compile')}/retry`)).body, { message: '401 Unauthorized' });
    assert.deepEqual((await call(w.forge, 'POST', `${P}/jobs/999999/retry`, { token: T.dev })).body, { message: '404 Not found' });
  });

  test('play a manual job: 200 pending, variables recorded; 400 Unplayable Job otherwise', async () => {
    const deploy = jobId(w, 'deploy');
    const res = await call(w.forge, 'POST', `${P}/jobs/${deploy}/play`, { token: T.dev, json: { job_variables_attributes: [{ key: 'ENV', value: 'review' }] } });
    assert.deepEqual([res.status, (res.body as Json).id, (res.body as Json).status], [200, deploy, 'pending']);
    assert.deepEqual(w.gl.jobs.get(deploy)?.variables, [{ key: 'ENV', value: 'review' }]);
    const again = await call(w.forge, 'POST', `${P}/jobs/${deploy}/play`, { token: T.dev });
    assert.deepEqual([again.status, again.body], [400, { message: '400 Bad request - Unplayable Job' }]);
    assert.equal((await call(w.forge, 'POST', `${P}/jobs/${jobId(w, 'compile')}/play`, { token: T.dev })).status, 400);
    const noKey = await call(w.forge, 'POST', `${P}/jobs/${deploy}/play`, { token: T.dev, json: { job_variables_attributes: [{ value: 'x' }] } });
    assert.deepEqual([noKey.status, noKey.body], [400, { error: 'job_variables_attributes[0][key] is missing' }]);
  });

  test('retry a pipeline: failed and canceled jobs get new pending jobs; 201 pipeline', async () => {
    const before = [jobId(w, 'unit'), jobId(w, 'flaky')];
    const res = await call(w.forge, 'POST', `${P}/pipelines/${w.pipeline.id}/retry`, { token: T.dev });
    assert.deepEqual([res.status, (res.body as Json).id, (res.body as Json).status], [201, w.pipeline.id, 'running']);
    const jobs = (await call(w.forge, 'GET', `${P}/pipelines/${w.pipeline.id}/jobs?scope=pending`)).body as Json[];
    assert.deepEqual(jobs.map((j) => j.name).sort(), ['flaky', 'unit']);
    assert.ok(jobs.every((j) => !before.includes(j.id as number)));
    assert.equal((await call(w.forge, 'POST', `${P}/pipelines/${w.pipeline.id}/retry`, { token: T.reporter })).status, 403);
  });

  test('Code Quality artifact: the raw report; 404 Not Found when the job has no such file', async () => {
    const lint = jobId(w, 'lint');
    const res = await fetch(`${w.forge.apiBase}${P}/jobs/${lint}/artifacts/gl-code-quality-report.json`, { headers: { 'PRIVATE-TOKEN': T.dev } });
    assert.deepEqual([res.status, res.headers.get('content-type')], [200, 'application/octet-stream']);
    assert.deepEqual(JSON.parse(await res.text()), REPORT);
    const missing = await call(w.forge, 'GET', `${P}/jobs/${jobId(w, 'compile')}/artifacts/gl-code-quality-report.json`);
    assert.deepEqual([missing.status, missing.body], [404, { message: '404 Not Found' }]);
    assert.equal((await call(w.forge, 'GET', `/projects/olga%2Fother/jobs/${lint}/artifacts/gl-code-quality-report.json`)).status, 404);
  });
});

suite('fake GitLab: commit statuses and comments', () => {
  let w: World;
  const post = (json: unknown, token = T.dev, sha = SHA1): Promise<Answer> => call(w.forge, 'POST', `${P}/statuses/${sha}`, { token, json });
  const list = async (query = ''): Promise<Json[]> => (await call(w.forge, 'GET', `${P}/repository/commits/${SHA1}/statuses${query}`, { token: T.dev })).body as Json[];
  setup(async () => (w = await world()));
  teardown(() => w.forge.close());

  test('GET statuses: builds, bridges and outside statuses; stage=external; unknown sha 404', async () => {
    w.gl.addCommitStatus({ project: w.project, sha: SHA1, name: 'sonar', status: 'failed', targetUrl: 'https://sonar.example.com/', description: 'gate' });
    const all = await list();
    assert.deepEqual(all.map((s) => s.name), ['compile', 'unit', 'lint', 'flaky', 'deploy', 'docs', 'sonar']);
    const [sonar] = await list('?stage=external');
    assert.deepEqual(
      [sonar.name, sonar.status, sonar.sha, sonar.ref, sonar.target_url, sonar.description, sonar.allow_failure, sonar.pipeline_id, (sonar.author as Json).username],
      ['sonar', 'failed', SHA1, 'feature', 'https://sonar.example.com/', 'gate', false, w.pipeline.id, 'olga'],
    );
    assert.equal(all[0].target_url, `${w.forge.url}/olga/app/-/jobs/${String(all[0].id)}`);
    const unknown = await call(w.forge, 'GET', `${P}/repository/commits/${'c'.repeat(40)}/statuses`, { token: T.dev });
    assert.deepEqual([unknown.status, unknown.body], [404, { message: '404 Commit Not Found' }]);
  });

  test('POST statuses: 200 entity; pending -> running updates the same row; final -> new row; latest per name', async () => {
    const first = await post({ state: 'pending', context: 'ci/ext', target_url: 'https://ext.example.com/1', description: 'queued' });
    const row = first.body as Json;
    assert.deepEqual([first.status, row.name, row.status, row.target_url, (row.author as Json).username], [200, 'ci/ext', 'pending', 'https://ext.example.com/1', 'dev']);
    const running = (await post({ state: 'running', name: 'ci/ext' })).body as Json;
    assert.deepEqual([running.id, running.status, running.description, typeof running.started_at], [row.id, 'running', 'queued', 'string']);
    const same = await post({ state: 'running', name: 'ci/ext' });
    assert.deepEqual([same.status, same.body], [400, { message: 'Cannot transition status via :run from :running (Reason(s): Status cannot transition via "run")' }]);
    const back = await post({ state: 'pending', name: 'ci/ext' });
    assert.deepEqual(back.body, { message: 'Cannot transition status via :enqueue from :running (Reason(s): Status cannot transition via "enqueue")' });
    const done = (await post({ state: 'success', name: 'ci/ext' })).body as Json;
    assert.deepEqual([done.id, done.status, typeof done.finished_at], [row.id, 'success', 'string']);
    const again = (await post({ state: 'pending', name: 'ci/ext' })).body as Json;
    assert.notEqual(again.id, row.id);
    assert.deepEqual((await list('?name=ci/ext')).map((s) => s.status), ['pending']);
    assert.deepEqual((await list('?name=ci/ext&all=true')).map((s) => s.status), ['success', 'pending']);
    const pendingTwice = await post({ state: 'pending', name: 'ci/ext' });
    assert.deepEqual(pendingTwice.body, { message: 'Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via "enqueue")' });
    assert.equal(((await post({ state: 'skipped' })).body as Json).name, 'default');
  });

  test('POST statuses errors: 400 missing/invalid state, 401, 403, 404 unknown sha', async () => {
    const cases: Array<[unknown, string, string, number, unknown]> = [
      [{}, T.dev, SHA1, 400, { error: 'state is missing' }],
      [{ state: 'failure' }, T.dev, SHA1, 400, { error: 'state does not have a valid value' }],
      [{ state: 'success' }, '', SHA1, 401, { message: '401 Unauthorized' }],
      [{ state: 'success' }, T.reporter, SHA1, 403, { message: '403 Forbidden' }],
      [{ state: 'success' }, T.dev, 'c'.repeat(40), 404, { message: '404 Commit Not Found' }],
    ];
    for (const [json, token, sha, status, body] of cases) {
      const res = await post(json, token, sha);
      assert.deepEqual([res.status, res.body], [status, body], JSON.stringify(json));
    }
  });

  test('a status on a sha without a pipeline makes an external pipeline: the MR head pipeline', async () => {
    w.gl.addMergeRequest({ project: w.project, title: 'Two', sourceBranch: 'two', author: 'dev', headSha: SHA2 });
    assert.equal((await post({ state: 'running', name: 'ext' }, T.dev, SHA2)).status, 200);
    const head = ((await call(w.forge, 'GET', `${P}/merge_requests/2`)).body as Json).head_pipeline as Json;
    assert.deepEqual([head.source, head.ref, head.sha, head.status], ['external', 'two', SHA2, 'running']);
    assert.deepEqual((await call(w.forge, 'GET', `${P}/pipelines/${String(head.id)}/jobs`)).body, [], 'outside statuses are not builds');
  });

  test('GET commit comments', async () => {
    w.gl.addCommitComment({ project: w.project, sha: SHA1, note: 'Why?', path: 'src/a.ts', line: 3, author: 'ray' });
    w.gl.addCommitComment({ project: w.project, sha: SHA1, note: 'General', author: 'olga' });
    const res = await call(w.forge, 'GET', `${P}/repository/commits/${SHA1}/comments`);
    const [line, general] = res.body as Json[];
    assert.deepEqual([line.note, line.path, line.line, line.line_type, (line.author as Json).username, typeof line.created_at], ['Why?', 'src/a.ts', 3, 'new', 'ray', 'string']);
    assert.deepEqual([general.path, general.line, general.line_type], [null, null, null]);
    assert.equal(res.headers.get('x-total'), '2');
  });

  test('faults work on the new routes', async () => {
    w.forge.inject({ method: 'GET', path: /\/merge_requests\/1\/status_checks$/, times: 1 }, { status: 503 });
    const path = `${P}/merge_requests/1/status_checks`;
    assert.deepEqual((await call(w.forge, 'GET', path, { token: T.dev })).status, 503);
    assert.deepEqual((await call(w.forge, 'GET', path, { token: T.dev })).status, 200);
    w.forge.inject({ path: `/api/v4${P}/repository/commits/${SHA1}/statuses`, times: 1 }, { malformed: 'truncated' });
    const cut = await call(w.forge, 'GET', `${P}/repository/commits/${SHA1}/statuses`);
    assert.equal(typeof cut.body, 'string', 'cut JSON does not parse');
    w.forge.inject({ method: 'POST', path: /\/statuses\//, times: 1 }, { status: 429, body: 'Retry later', headers: { 'Retry-After': '3' } });
    const limited = await post({ state: 'success' });
    assert.deepEqual([limited.status, limited.headers.get('retry-after'), limited.text], [429, '3', 'Retry later']);
    assert.equal(w.gl.jobs.size, 6, 'the faulted POST changed nothing (5 builds, 1 bridge)');
  });
});

suite('fake GitLab: demo seed', () => {
  test('demo/mr-gates-demo: MR !1 with checks, a head pipeline with Code Quality, statuses and a comment', async () => {
    const forge = await FakeForge.start({ kind: 'gitlab' });
    try {
      const seed = seedDemo(forge);
      const auth = { token: DEMO_TOKEN };
      const p = `/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}`;
      const [mr] = (await call(forge, 'GET', `${p}/merge_requests?source_branch=feature%2Fgates&state=opened`, auth)).body as Json[];
      assert.deepEqual([mr.iid, mr.title, mr.sha, mr.detailed_merge_status, (mr.author as Json).username], [1, 'Add the gates view', DEMO_HEAD_SHA, 'status_checks_must_pass', 'demo']);
      const checks = (await call(forge, 'GET', `${p}/merge_requests/1/status_checks`, auth)).body as Json[];
      assert.deepEqual(checks.map((c) => [c.name, c.status]), [['Security review', 'passed'], ['License compliance', 'failed'], ['QA sign-off', 'pending']]);
      const head = ((await call(forge, 'GET', `${p}/merge_requests/1`, auth)).body as Json).head_pipeline as Json;
      assert.equal(head.id, seed.gitlab?.pipeline.id);
      const jobs = (await call(forge, 'GET', `${p}/pipelines/${String(head.id)}/jobs`, auth)).body as Json[];
      assert.deepEqual(Object.fromEntries(jobs.map((j) => [j.name, [j.stage, j.status, j.allow_failure]])), {
        compile: ['build', 'success', false], unit: ['test', 'failed', false], lint: ['test', 'success', false],
        e2e: ['test', 'failed', true], 'deploy-review': ['deploy', 'manual', true],
      });
      const lint = jobs.find((j) => j.name === 'lint') as Json;
      const report = (await call(forge, 'GET', `${p}/jobs/${String(lint.id)}/artifacts/gl-code-quality-report.json`, auth)).body as Json[];
      assert.deepEqual(report.map((f) => [(f.location as Json).path, f.severity, 'lines' in (f.location as Json) ? 'lines' : 'positions']), [
        ['src/app.ts', 'minor', 'lines'], ['src/app.ts', 'critical', 'positions'], ['src/util.ts', 'major', 'lines'],
      ]);
      const [bridge] = (await call(forge, 'GET', `${p}/pipelines/${String(head.id)}/bridges`, auth)).body as Json[];
      assert.deepEqual([bridge.name, bridge.status, (bridge.downstream_pipeline as Json).status], ['downstream-docs', 'running', 'running']);
      const outside = (await call(forge, 'GET', `${p}/repository/commits/${DEMO_HEAD_SHA}/statuses?stage=external`, auth)).body as Json[];
      assert.deepEqual(outside.map((s) => [s.name, s.status]), [['ci/external-scan', 'success'], ['sonar', 'failed']]);
      const [comment] = (await call(forge, 'GET', `${p}/repository/commits/${DEMO_HEAD_SHA}/comments`, auth)).body as Json[];
      assert.deepEqual([comment.path, comment.line, comment.line_type], ['src/app.ts', 2, 'new']);
      const [main] = (await call(forge, 'GET', `${p}/protected_branches`, auth)).body as Json[];
      assert.deepEqual([main.id, main.name], [1, 'main']);
      assert.equal(forge.gitlab.addProtectedBranch({ project: seed.project, name: 'release/*' }).id, 2, 'automatic ids go past the chosen one');
    } finally {
      await forge.close();
    }
  });

  test('other forges keep their seed; forge.gitlab is GitLab only', async () => {
    const gitee = await FakeForge.start({ kind: 'gitee' });
    try {
      assert.equal(seedDemo(gitee).gitlab, undefined);
      assert.throws(() => gitee.gitlab, /GitLab state on a gitee forge/);
    } finally {
      await gitee.close();
    }
  });
});
