// Issue 12, GitLab's side of the Awaiting Answer queue against the fake GitLab: the open MRs of two
// projects and their external status checks pending or failed, on each MR's head; a check whose
// external_url GitLab hides is not answerable; a settled read is all 304s; a refused check list or an
// MR with a defect leaves the other MRs; one MR by its IID.
import { strict as assert } from 'node:assert';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { isForgeError } from '../../src/forges/errors';
import type { LogSink } from '../../src/forges/log';
import { FakeForge, QUEUE_TOKEN, QUEUE_USER, seedQueueWorld, type QueueWorld } from '../fake-forge';

const answered = (lines: readonly string[]) => ({
  ok: lines.filter((l) => / → 200 /.test(l)).length,
  notModified: lines.filter((l) => / → 304 /.test(l)).length,
});

/** The debug lines of the client: one `GET <url> → <status> (<ms> ms)` per answer. */
function recordingLog(lines: string[]): LogSink {
  const none = () => undefined;
  return { debug: (m) => lines.push(m), info: none, warn: none, error: none };
}

suite('queue: GitLab', () => {
  let forge: FakeForge;
  let world: QueueWorld;
  let adapter: GitLabAdapter;
  let log: string[];
  const queue = () => {
    if (!adapter.queue) throw new Error('the GitLab adapter reads the queue');
    return adapter.queue;
  };

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    // 120 MRs: the list has two pages at per_page=100.
    world = seedQueueWorld(forge, { projects: 2, mergeRequestsPerProject: 120, checksPerMergeRequest: 3 });
    log = [];
    adapter = GitLabAdapter.create(forge.url, { token: QUEUE_TOKEN, backoffMs: 1, log: recordingLog(log) });
  });
  teardown(() => forge.close());

  test('the pending and failed status checks of every open MR of two projects, on each MR\'s head', async () => {
    const [first, second] = world.projects;
    const mrOne = forge.gitlab.mergeRequest(first, 1);
    const mrTwo = forge.gitlab.mergeRequest(first, 2);
    const [passedCheck, failedCheck] = world.statusChecks.get(first) ?? [];
    if (!mrOne || !mrTwo || !passedCheck || !failedCheck) throw new Error('seeded');
    forge.gitlab.addStatusCheckResponse({ mergeRequest: mrOne, check: passedCheck, status: 'passed' });
    forge.gitlab.addStatusCheckResponse({ mergeRequest: mrTwo, check: failedCheck, status: 'failed' });
    forge.gitlab.addMergeRequest({ project: second, iid: 500, title: 'Merged already', sourceBranch: 'done', author: 'author', headSha: 'ab'.repeat(20), state: 'merged' });

    const [a, b] = await Promise.all(world.projects.map((p) => queue().read(p)));
    assert.equal(a.openMergeRequests, 120);
    assert.equal(b.openMergeRequests, 120, 'the merged MR is not listed');
    assert.equal(a.items.length, 120 * 3 - 1, 'a passed check awaits nothing');
    assert.equal(b.items.length, 120 * 3);
    assert.equal(a.cut, undefined);
    const two = a.items.filter((i) => i.mergeRequest.number === 2);
    assert.deepEqual(two.map((i) => [i.check.name, i.check.state]), world.checkNames.map((n, j) => [n, j === 1 ? 'failed' : 'pending']));
    for (const item of [...a.items, ...b.items]) {
      const seeded = world.mergeRequests.find((m) => m.project === item.mergeRequest.projectPath && m.number === item.mergeRequest.number);
      assert.equal(item.check.sha, seeded?.headSha, 'the check is on the MR\'s current head');
      assert.equal(item.mergeRequest.headSha, seeded?.headSha);
      assert.equal(item.answerable, true);
      assert.equal(item.waitingSince, undefined, 'GitLab gives a status check no time');
    }
    assert.deepEqual(new Set(b.items.map((i) => i.mergeRequest.projectPath)), new Set([second]));
    const lists = forge.requests.filter((r) => /\/merge_requests$/.test(r.path));
    assert.ok(lists.every((r) => r.query.state === 'opened' && r.query.per_page === '100'));
  });

  test('a check GitLab shows without its external_url (a Reporter) is not answerable', async () => {
    forge.addUser({ username: 'reporter', token: 'reporter-token' });
    forge.gitlab.setAccessLevel(world.projects[0], 'reporter', 'reporter');
    const asReporter = GitLabAdapter.create(forge.url, { token: 'reporter-token', backoffMs: 1 });
    const read = await asReporter.queue?.read(world.projects[0]);
    assert.equal(read?.items.length, 120 * 3);
    assert.ok(read?.items.every((i) => i.answerable === false && i.check.url === undefined));
    const own = await queue().read(world.projects[0]);
    assert.ok(own.items.every((i) => i.answerable === true && i.check.url?.startsWith('https://qa.example.com/')), `${QUEUE_USER} is a Developer`);
  });

  test('a settled second read is all 304s, and finds the same', async () => {
    const cold = await queue().read(world.projects[0]);
    assert.deepEqual(answered(log), { ok: 2 + 120, notModified: 0 });
    log.length = 0;
    const settled = await queue().read(world.projects[0]);
    assert.deepEqual(answered(log), { ok: 0, notModified: 2 + 120 });
    assert.deepEqual(settled, cold);
  });

  test('an answer given since is read again: only its check list changed', async () => {
    await queue().read(world.projects[0]);
    const mr = forge.gitlab.mergeRequest(world.projects[0], 7);
    const [check] = world.statusChecks.get(world.projects[0]) ?? [];
    if (!mr || !check) throw new Error('seeded');
    forge.gitlab.addStatusCheckResponse({ mergeRequest: mr, check, status: 'passed' });
    log.length = 0;
    const read = await queue().read(world.projects[0]);
    assert.equal(read.items.filter((i) => i.mergeRequest.number === 7).length, 2);
    assert.equal(answered(log).ok, 1);
  });

  test('the next read asks the last read\'s MRs\' checks beside the list; an MR whose head moved is read on its new head', async () => {
    await queue().read(world.projects[0]);
    const mr = forge.gitlab.mergeRequest(world.projects[0], 4);
    if (!mr) throw new Error('seeded');
    const moved = 'ef'.repeat(20);
    forge.gitlab.pushToMergeRequest(mr, moved);
    forge.clearRequests();
    // Page 1 of the list is held until a check list has been asked: read after it, this would never end.
    const checksAsked = forge.waitForRequest((r) => /\/merge_requests\/\d+\/status_checks$/.test(r.path));
    forge.inject({ method: 'GET', path: /\/merge_requests$/, times: 1 }, { until: checksAsked });
    const read = await queue().read(world.projects[0]);
    const onMoved = read.items.filter((i) => i.mergeRequest.number === 4);
    assert.equal(onMoved.length, 3);
    assert.ok(onMoved.every((i) => i.check.sha === moved && i.mergeRequest.headSha === moved));
    assert.equal(read.items.length, 120 * 3);
  });

  test('one MR whose check list GitLab refuses is skipped; the others are read', async () => {
    forge.inject({ method: 'GET', path: /\/merge_requests\/5\/status_checks$/ }, { status: 403 });
    forge.inject({ method: 'GET', path: /\/merge_requests\/6\/status_checks$/ }, { status: 404 });
    const read = await queue().read(world.projects[0]);
    assert.equal(read.openMergeRequests, 120);
    assert.deepEqual([...new Set(read.items.map((i) => i.mergeRequest.number))].sort((x, y) => x - y), Array.from({ length: 120 }, (_, i) => i + 1).filter((n) => n !== 5 && n !== 6));
  });

  test('a server failure of one MR\'s checks fails the read of the project', async () => {
    forge.inject({ method: 'GET', path: /\/merge_requests\/9\/status_checks$/ }, { status: 500 });
    await assert.rejects(queue().read(world.projects[0]), (e: unknown) => isForgeError(e, 'server'));
  });

  test('an MR with a defect (its head is no commit sha) is skipped, and nothing is read for it', async () => {
    const mr = forge.gitlab.mergeRequest(world.projects[0], 3);
    if (!mr) throw new Error('seeded');
    mr.headSha = '--output=x';
    const read = await queue().read(world.projects[0]);
    assert.equal(read.openMergeRequests, 120);
    assert.ok(!read.items.some((i) => i.mergeRequest.number === 3));
    assert.equal(read.items.length, 119 * 3);
    assert.ok(!forge.requests.some((r) => /\/merge_requests\/3\/status_checks$/.test(r.path)));
  });

  test('a canceled read rejects as canceled', async () => {
    const stop = new AbortController();
    const started = forge.waitForRequest((r) => /\/status_checks$/.test(r.path));
    const reading = queue().read(world.projects[0], stop.signal);
    await started;
    stop.abort();
    await assert.rejects(reading, (e: unknown) => isForgeError(e, 'canceled'));
  });

  test('find(): one MR by its IID, open or merged; a missing one is notFound', async () => {
    const seeded = world.mergeRequests[3];
    const found = await adapter.mergeRequests?.find(seeded.project, seeded.number);
    assert.equal(found?.reference, `!${seeded.number}`);
    assert.equal(found?.headSha, seeded.headSha);
    assert.equal(found?.title, seeded.title);
    assert.equal(found?.projectPath, seeded.project);
    assert.equal(found?.defect, undefined);
    forge.gitlab.addMergeRequest({ project: seeded.project, iid: 900, title: 'Merged', sourceBranch: 'gone', author: 'author', headSha: 'cd'.repeat(20), state: 'merged' });
    assert.equal((await adapter.mergeRequests?.find(seeded.project, 900))?.headSha, 'cd'.repeat(20));
    await assert.rejects(adapter.mergeRequests?.find(seeded.project, 901) ?? Promise.resolve(), (e: unknown) => isForgeError(e, 'notFound'));
  });
});
