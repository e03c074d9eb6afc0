// Issue 12, the Awaiting Answer queue of Gitee (check runs queued or in progress) and GitHub (pending
// commit statuses) against the fake forges: the open PRs of two repositories, each PR's checks on its
// head; GitHub's settled read all 304s; a refused check list or a PR with a defect leaves the others;
// one PR by its number.
import { strict as assert } from 'node:assert';
import type { ForgeAdapter } from '../../src/forges/forge';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { isForgeError } from '../../src/forges/errors';
import type { LogSink } from '../../src/forges/log';
import { FakeForge, QUEUE_TOKEN, seedQueueWorld, type QueueWorld } from '../fake-forge';

const PER_REPO = 120;
const CHECKS = 3;
/** Later than the seeded runs (the newest run of a name is the one shown), on a whole second. */
const STARTED = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);

function recordingLog(lines: string[]): LogSink {
  const none = () => undefined;
  return { debug: (m) => lines.push(m), info: none, warn: none, error: none };
}
const statuses = (lines: readonly string[]) => ({ ok: lines.filter((l) => / → 200 /.test(l)).length, notModified: lines.filter((l) => / → 304 /.test(l)).length });

for (const kind of ['gitee', 'github'] as const) {
  suite(`queue: ${kind}`, () => {
    let forge: FakeForge;
    let world: QueueWorld;
    let adapter: ForgeAdapter;
    let log: string[];
    const checksPath = kind === 'gitee' ? /\/check-runs$/ : /\/status$/;
    const checksOf = (sha: string) => (r: { path: string }) => r.path.includes(`/commits/${sha}/`);
    const world_ = () => (kind === 'gitee' ? forge.gitee : forge.github);
    const queue = () => {
      if (!adapter.queue) throw new Error(`the ${kind} adapter reads the queue`);
      return adapter.queue;
    };

    setup(async () => {
      forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
      world = seedQueueWorld(forge, { projects: 2, mergeRequestsPerProject: PER_REPO, checksPerMergeRequest: CHECKS });
      log = [];
      const options = { token: QUEUE_TOKEN, backoffMs: 1, log: recordingLog(log) };
      adapter = kind === 'gitee' ? GiteeAdapter.create(forge.url, options) : GitHubAdapter.create(forge.url, options);
    });
    teardown(() => forge.close());

    test('the checks awaiting an answer on every open PR of two repositories, on each PR\'s head', async () => {
      const [first, second] = world.projects;
      const one = world.mergeRequests.find((m) => m.project === first && m.number === 1);
      const two = world.mergeRequests.find((m) => m.project === first && m.number === 2);
      if (!one || !two) throw new Error('seeded');
      // PR 1: one check answered; PR 2: one started (still awaiting its conclusion).
      if (kind === 'gitee') {
        const pr = world_().pullRequest(first, 1);
        forge.gitee.addCheckRun({ project: first, sha: one.headSha, name: world.checkNames[0], conclusion: 'success', pullRequestId: pr?.id, completedAt: new Date(Date.now() + 1000) });
        forge.gitee.addCheckRun({ project: first, sha: two.headSha, name: world.checkNames[1], status: 'in_progress', startedAt: STARTED, pullRequestId: world_().pullRequest(first, 2)?.id });
      } else {
        forge.github.addCommitStatus({ project: first, sha: one.headSha, state: 'success', context: world.checkNames[0] });
      }
      const closed = world_().addPullRequest({ project: second, number: 999, title: 'Closed', head: { ref: 'gone', sha: 'ab'.repeat(20) }, base: { ref: 'main' }, author: 'author', state: 'closed' });
      assert.equal(closed.state, 'closed');

      const [a, b] = await Promise.all(world.projects.map((p) => queue().read(p)));
      assert.equal(a.openMergeRequests, PER_REPO);
      assert.equal(b.openMergeRequests, PER_REPO, 'the closed PR is not listed');
      assert.equal(a.items.length, PER_REPO * CHECKS - 1, 'an answered check awaits nothing');
      assert.equal(b.items.length, PER_REPO * CHECKS);
      for (const item of [...a.items, ...b.items]) {
        const seeded = world.mergeRequests.find((m) => m.project === item.mergeRequest.projectPath && m.number === item.mergeRequest.number);
        assert.equal(item.check.sha, seeded?.headSha, 'the check is on the PR\'s current head');
        assert.equal(item.mergeRequest.reference, `#${seeded?.number}`);
        assert.ok(item.check.capabilities.includes('settable'), 'the user can answer it');
      }
      const onTwo = a.items.filter((i) => i.mergeRequest.number === 2).map((i) => [i.check.name, i.check.state]).sort((x, y) => x[0].localeCompare(y[0]));
      if (kind === 'gitee') {
        assert.deepEqual(onTwo, [[world.checkNames[0], 'pending'], [world.checkNames[1], 'running'], [world.checkNames[2], 'pending']]);
        assert.equal(Date.parse(a.items.find((i) => i.mergeRequest.number === 2 && i.check.state === 'running')?.waitingSince ?? ''), STARTED.getTime());
      } else {
        assert.deepEqual(onTwo, world.checkNames.map((n) => [n, 'pending']));
        assert.ok(a.items.every((i) => i.check.kind === 'commitStatus' && typeof i.waitingSince === 'string' && !Number.isNaN(Date.parse(i.waitingSince))));
      }
      assert.ok(forge.requests.filter((r) => /\/pulls$/.test(r.path)).every((r) => r.query.state === 'open' && r.query.per_page === '100'));
    });

    if (kind === 'github') {
      test('a settled second read is all 304s, and finds the same', async () => {
        // Two pages of PRs, each PR's combined status, and the repository (whose permissions mark the items).
        const cold = await queue().read(world.projects[0]);
        assert.deepEqual(statuses(log), { ok: 3 + PER_REPO, notModified: 0 });
        log.length = 0;
        const settled = await queue().read(world.projects[0]);
        assert.deepEqual(statuses(log), { ok: 0, notModified: 3 + PER_REPO });
        assert.deepEqual(settled, cold);
      });
    }

    test(`the repository's permission marks what the user may answer (${kind === 'gitee' ? 'an administrator' : 'push access'})`, async () => {
      const [project] = world.projects;
      const mine = await queue().read(project);
      assert.ok(mine.items.length > 0 && mine.items.every((i) => i.answerable === true), 'the answerer may answer every item');
      // Someone who reads a public repository without being its member, or its administrator on Gitee.
      const repo = forge.state.projectByPath(project);
      if (!repo) throw new Error('seeded');
      repo.visibility = 'public';
      forge.addUser({ username: 'onlooker', token: 'onlooker-token' });
      const options = { token: 'onlooker-token', backoffMs: 1, log: recordingLog([]) };
      const onlooker = kind === 'gitee' ? GiteeAdapter.create(forge.url, options) : GitHubAdapter.create(forge.url, options);
      const theirs = await onlooker.queue?.read(project);
      assert.equal(theirs?.items.length, mine.items.length, 'the same checks are listed');
      assert.ok(theirs?.items.every((i) => i.answerable === false), 'none of them the onlooker may answer');
    });

    test('a repository read that fails or says nothing leaves the items unmarked, and the queue is read', async () => {
      const [project] = world.projects;
      forge.inject({ method: 'GET', path: new RegExp(`/repos/${project}$`) }, { status: 500 });
      const failed = await queue().read(project);
      assert.equal(failed.openMergeRequests, PER_REPO);
      assert.ok(failed.items.length > 0 && failed.items.every((i) => i.answerable === undefined));
      forge.clearFaults();
      forge.inject({ method: 'GET', path: new RegExp(`/repos/${project}$`) }, { malformed: 'html' });
      const html = await queue().read(project);
      assert.ok(html.items.length > 0 && html.items.every((i) => i.answerable === undefined));
    });

    test('one PR whose checks the forge refuses is skipped; the others are read', async () => {
      const [refused, gone] = world.mergeRequests.filter((m) => m.project === world.projects[0]).slice(4, 6);
      forge.inject({ method: 'GET', path: new RegExp(`/commits/${refused.headSha}/`) }, { status: 403 });
      forge.inject({ method: 'GET', path: new RegExp(`/commits/${gone.headSha}/`) }, { status: 404 });
      const read = await queue().read(world.projects[0]);
      assert.equal(read.openMergeRequests, PER_REPO);
      const numbers = new Set(read.items.map((i) => i.mergeRequest.number));
      assert.equal(numbers.size, PER_REPO - 2);
      assert.ok(!numbers.has(refused.number) && !numbers.has(gone.number));
    });

    test('a PR with a defect (its head is no commit sha) is skipped, and nothing is read for it', async () => {
      const pr = world_().pullRequest(world.projects[0], 3);
      if (!pr) throw new Error('seeded');
      const sha = pr.headSha;
      pr.headSha = '--output=x';
      const read = await queue().read(world.projects[0]);
      assert.equal(read.openMergeRequests, PER_REPO);
      assert.equal(read.items.length, (PER_REPO - 1) * CHECKS);
      assert.ok(!forge.requests.some(checksOf(sha)) && !forge.requests.some(checksOf('--output=x')));
      assert.ok(forge.requests.some((r) => checksPath.test(r.path)));
    });

    test('a canceled read rejects as canceled', async () => {
      const stop = new AbortController();
      const started = forge.waitForRequest((r) => checksPath.test(r.path));
      const reading = queue().read(world.projects[0], stop.signal);
      await started;
      stop.abort();
      await assert.rejects(reading, (e: unknown) => isForgeError(e, 'canceled'));
    });

    test('find(): one PR by its number, open or closed; a missing one is notFound', async () => {
      const seeded = world.mergeRequests[5];
      const found = await adapter.mergeRequests?.find(seeded.project, seeded.number);
      assert.equal(found?.reference, `#${seeded.number}`);
      assert.equal(found?.headSha, seeded.headSha);
      assert.equal(found?.title, seeded.title);
      assert.equal(found?.projectPath, seeded.project);
      assert.equal(found?.sourceBranch, `feature/change-${seeded.number}`);
      assert.ok(!('headRepo' in (found ?? {})), 'only the model\'s fields');
      world_().addPullRequest({ project: seeded.project, number: 900, title: 'Closed', head: { ref: 'old', sha: 'cd'.repeat(20) }, base: { ref: 'main' }, author: 'author', state: 'closed' });
      assert.equal((await adapter.mergeRequests?.find(seeded.project, 900))?.headSha, 'cd'.repeat(20));
      await assert.rejects(adapter.mergeRequests?.find(seeded.project, 901) ?? Promise.resolve(), (e: unknown) => isForgeError(e, 'notFound'));
    });
  });
}
