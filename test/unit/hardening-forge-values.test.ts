// Hostile values from a forge, checked where they enter (issue 7): a sha or id reaches git or a URL
// path only if it is a real sha or id; a bad one is a badResponse on that MR, and nothing else is lost.
import { strict as assert } from 'node:assert';
import type { MergeRequestRef } from '../../src/core/model';
import { isBranchName, mergeRequestDefect } from '../../src/core/forgeValues';
import { ForgeError, isForgeError } from '../../src/forges/errors';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { DEMO_BRANCH, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const SHA = 'f'.repeat(40);
const HOSTILE_SHAS = ['--output=/tmp/mr-gates-pwned', '-c core.pager=sh', 'HEAD', '../../../etc', 'f'.repeat(39), 'g'.repeat(40), `${'a'.repeat(40)}\n`, ''];

async function rejectsWith(promise: Promise<unknown>, kind: ForgeError['kind'], pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => isForgeError(e, kind) && pattern.test(e.message));
}

suite('hardening: forge values that would reach git or a URL path (GitLab)', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  for (const sha of HOSTILE_SHAS) {
    test(`an MR whose head sha is ${JSON.stringify(sha)} is marked defective; the other MR of the branch is kept`, async () => {
      const bad = forge.gitlab.addMergeRequest({ project: DEMO_PROJECT_PATH, title: 'Hostile', sourceBranch: DEMO_BRANCH, targetBranch: 'release', author: 'demo', headSha: SHA });
      (bad as { headSha: string }).headSha = sha;
      const found = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
      const hostile = found.find((m) => m.title === 'Hostile');
      const good = found.find((m) => m.title !== 'Hostile');
      assert.match(hostile?.defect ?? '', /not a commit sha/);
      assert.equal(hostile?.headSha, '', 'the bad value is not kept where git or a URL could use it');
      assert.equal(good?.defect, undefined);
      assert.match(good?.headSha ?? '', /^[0-9a-f]{40}$/);
    });
  }

  test('a head sha that turns hostile in the single-MR read is a badResponse on that MR', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    forge.inject({ method: 'GET', path: `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/merge_requests/${mr.number}` }, {
      body: { iid: mr.number, title: 'x', web_url: 'https://x/-/merge_requests/1', source_branch: DEMO_BRANCH, target_branch: 'main', sha: '--output=/tmp/x', diff_refs: { head_sha: '--output=/tmp/x' } },
    });
    await rejectsWith(adapter.loadGate(mr, { withFindings: true }), 'badResponse', /not a commit sha/);
  });

  test('a job id that is a path (../../user) is a badResponse, never a request path', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    forge.inject({ method: 'GET', path: /\/pipelines\/\d+\/jobs$/ }, { body: [{ id: '../../user', name: 'x', stage: 's', status: 'failed' }] });
    await rejectsWith(adapter.loadGate(mr, { withFindings: false }), 'badResponse', /positive integer id/);
    assert.ok(!forge.requests.some((r) => r.path.includes('..')), 'no request went to a traversed path');
  });

  test('a head pipeline whose project_id is not an id is a badResponse', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    const path = `/api/v4/projects/${encodeURIComponent(DEMO_PROJECT_PATH)}/merge_requests/${mr.number}`;
    const real = (await fetch(`${forge.url}${path}`, { headers: { 'private-token': DEMO_TOKEN } }).then((r) => r.json())) as Record<string, Record<string, unknown>>;
    forge.inject({ method: 'GET', path }, { body: { ...real, head_pipeline: { ...real.head_pipeline, project_id: '1/../../2' } } });
    await rejectsWith(adapter.loadGate(mr, { withFindings: false }), 'badResponse', /project_id/);
  });

  test('a status check id with a query in it is a badResponse', async () => {
    const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    forge.inject({ method: 'GET', path: /\/status_checks$/ }, { body: [{ id: '1?private_token=x', name: 'QA', external_url: '', status: 'pending' }] });
    await rejectsWith(adapter.loadGate(mr, { withFindings: false }), 'badResponse', /status check\.id/);
  });

  for (const field of ['description', 'targetUrl'] as const) {
    test(`a commit status ${field} over GitLab's 255 characters is refused before anything is sent`, async () => {
      const [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
      const gate = await adapter.loadGate(mr, { withFindings: false });
      const sonar = gate.checks.find((c) => c.name === 'sonar')!;
      forge.clearRequests();
      const long = field === 'targetUrl' ? `https://x.example/${'a'.repeat(240)}` : 'é'.repeat(256);
      await rejectsWith(adapter.statuses.set(mr, sonar, { state: 'success', [field]: long }), 'badRequest', /at most 255.*nothing was sent/);
      assert.equal(forge.requests.filter((r) => r.method === 'POST').length, 0);
      await adapter.statuses.set(mr, sonar, { state: 'success', [field]: field === 'targetUrl' ? 'https://x.example/ok' : 'é'.repeat(255) });
      assert.equal(forge.requests.filter((r) => r.method === 'POST').length, 1, 'exactly 255 is accepted');
    });
  }
});

for (const kind of ['gitee', 'github'] as const) {
  suite(`hardening: forge values that would reach git or a URL path (${kind})`, () => {
    let forge: FakeForge;
    let adapter: GiteeAdapter | GitHubAdapter;
    let pr: MergeRequestRef;
    setup(async () => {
      forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
      seedDemo(forge, { headSha: SHA });
      adapter = kind === 'gitee' ? GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 }) : GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
      [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
    });
    teardown(() => forge.close());

    test(`${kind}: a PR whose head sha is an option is marked defective, the other PR is kept`, async () => {
      const world = kind === 'gitee' ? forge.gitee : forge.github;
      const bad = world.addPullRequest({ project: DEMO_PROJECT_PATH, title: 'Hostile', head: { ref: DEMO_BRANCH, sha: SHA }, base: { ref: 'release' }, author: 'demo' });
      bad.headSha = '--output=/tmp/pwned';
      const found = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
      assert.match(found.find((p) => p.title === 'Hostile')?.defect ?? '', /not a commit sha/);
      assert.equal(found.find((p) => p.title !== 'Hostile')?.defect, undefined);
    });

    test(`${kind}: a check run whose head_sha is an option is a badResponse on that PR`, async () => {
      const list = kind === 'gitee' ? /\/commits\/[0-9a-f]+\/check-runs$/ : /\/commits\/[0-9a-f]+\/check-runs$/;
      forge.inject({ method: 'GET', path: list }, { body: kind === 'gitee' ? [{ id: 1, name: 'x', status: 'completed', conclusion: 'failure', head_sha: '--output=/tmp/x' }] : { total_count: 1, check_runs: [{ id: 1, name: 'x', status: 'completed', conclusion: 'failure', head_sha: '--output=/tmp/x' }] } });
      await rejectsWith(adapter.loadGate(pr, { withFindings: true }), 'badResponse', /not a commit sha/);
    });

    test(`${kind}: a check run id that is a path is a badResponse, never a request path`, async () => {
      const run = { id: '1/../../../user', name: 'x', status: 'completed', conclusion: 'failure', head_sha: SHA, output: { annotations_count: 3 } };
      forge.inject({ method: 'GET', path: /\/check-runs$/ }, { body: kind === 'gitee' ? [run] : { total_count: 1, check_runs: [run] } });
      await rejectsWith(adapter.loadGate(pr, { withFindings: true }), 'badResponse', /positive integer id/);
      assert.ok(!forge.requests.some((r) => r.path.includes('..')));
    });
  });
}

suite('hardening: branch names a merge would check out', () => {
  test('git\'s own branch names pass; an option, a climb, controls and ref syntax do not', () => {
    for (const ok of ['main', 'feature/gates', 'feature/über-ünïcode', 'release/1.2', 'fix_#12']) assert.equal(isBranchName(ok), true, ok);
    for (const bad of ['-f', '--force', 'a/-x', '../main', 'a..b', 'a b', 'a\nb', 'x~1', 'a:b', 'a@{1}', '.hidden', 'a/', 'a//b', 'x.lock', 'end.', '', 'a'.repeat(256)]) {
      assert.equal(isBranchName(bad), false, JSON.stringify(bad));
    }
  });

  test('an MR whose target branch git would refuse is a defect of that MR, like a head that is no sha', () => {
    assert.equal(mergeRequestDefect('a'.repeat(40), 'feature', 'main'), undefined);
    assert.match(mergeRequestDefect('a'.repeat(40), 'feature', '--upload-pack=x') ?? '', /branch name git would refuse/);
    assert.match(mergeRequestDefect('--output=x', 'feature', 'main') ?? '', /not a commit sha/);
  });
});
