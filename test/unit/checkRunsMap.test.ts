// GitHub-style check runs (also Gitee's) -> the model, on the recorded shapes.
import { strict as assert } from 'node:assert';
import { checkRunState, latestPerName, mapAnnotations, mapCheckRun, toCheck } from '../../src/forges/checkRuns/map';
import { mapMayUpdateCheckRuns } from '../../src/forges/gitee/map';
import { mapMayCreateStatuses } from '../../src/forges/github/map';

const run = (over: Record<string, unknown>) => ({
  id: 1280914700,
  name: 'lint',
  head_sha: 'ce587453ced02b1526dfb4cb910479d431683101',
  status: 'completed',
  conclusion: 'failure',
  started_at: '2020-10-20T10:30:00Z',
  completed_at: '2020-10-20T10:31:00Z',
  details_url: 'https://github.com/o/r/actions/runs/42/job/7',
  html_url: 'https://github.com/o/r/runs/1280914700',
  output: { title: '3 problems', summary: '**bad**', text: 'more', annotations_count: 3, images: [{ alt: 'chart', image_url: 'https://img/x.png', caption: 'c' }] },
  check_suite: { id: 55 },
  app: { slug: 'github-actions' },
  actions: [{ label: 'Fix', description: 'Apply fixes', identifier: 'fix' }, { bogus: true }],
  ...over,
});

suite('check runs: status and conclusion', () => {
  test('queued and in_progress are pending and running', () => {
    assert.equal(checkRunState('queued', undefined), 'pending');
    assert.equal(checkRunState('in_progress', undefined), 'running');
  });

  test('every documented conclusion maps onto a core state; an unknown one is unknown', () => {
    const expected: Record<string, string> = { success: 'passed', failure: 'failed', timed_out: 'failed', startup_failure: 'failed', neutral: 'neutral', skipped: 'skipped', cancelled: 'canceled', stale: 'canceled', action_required: 'action_required', brand_new: 'unknown' };
    for (const [conclusion, state] of Object.entries(expected)) assert.equal(checkRunState('completed', conclusion), state, conclusion);
    assert.equal(checkRunState('completed', undefined), 'unknown');
    assert.equal(checkRunState('something_else', undefined), 'unknown');
  });
});

suite('check runs: mapping', () => {
  test('a run carries its title as description, its actions, and what the commands need', () => {
    const mapped = mapCheckRun(run({}), { retryable: true, actionsAndImages: true });
    assert.deepEqual([mapped.id, mapped.forgeId, mapped.state, mapped.description, mapped.url], ['checkRun:1280914700', '1280914700', 'failed', '3 problems', 'https://github.com/o/r/actions/runs/42/job/7']);
    assert.deepEqual(mapped.actions, [{ id: 'fix', label: 'Fix', description: 'Apply fixes' }]);
    assert.deepEqual(mapped.capabilities, ['retryable', 'hasActions', 'openable']);
    assert.deepEqual([mapped.extras.suiteId, mapped.extras.appSlug, mapped.extras.workflowRunId, mapped.extras.annotationsCount], ['55', 'github-actions', '42', 3]);
    const check = toCheck(mapped);
    assert.equal((check as { extras?: unknown }).extras, undefined);
    assert.deepEqual(check.output, { summary: '**bad**', text: 'more', images: [{ alt: 'chart', url: 'https://img/x.png', caption: 'c' }] });
  });

  test('a passing run is not retryable; a run with no URL is not openable', () => {
    const mapped = mapCheckRun(run({ conclusion: 'success', details_url: null, html_url: null, actions: [] }), { retryable: true, actionsAndImages: true });
    assert.deepEqual(mapped.capabilities, []);
  });

  test('a wrong-typed run is a badResponse', () => {
    assert.throws(() => mapCheckRun('x', { retryable: true, actionsAndImages: true }), /expected/);
    assert.throws(() => mapCheckRun({ id: 1, status: 'completed' }, { retryable: true, actionsAndImages: true }), /name/);
  });

  test('runs with one name from several suites: only the newest is kept, in list order', () => {
    const older = mapCheckRun(run({ id: 1, completed_at: '2020-10-20T10:00:00Z' }), { retryable: true, actionsAndImages: true });
    const newer = mapCheckRun(run({ id: 2, completed_at: '2020-10-20T11:00:00Z' }), { retryable: true, actionsAndImages: true });
    const other = mapCheckRun(run({ id: 3, name: 'build' }), { retryable: true, actionsAndImages: true });
    assert.deepEqual(latestPerName([older, other, newer]).map((r) => r.forgeId), ['3', '2']);
    const sameTimeHigherId = mapCheckRun(run({ id: 4, completed_at: '2020-10-20T11:00:00Z' }), { retryable: true, actionsAndImages: true });
    assert.deepEqual(latestPerName([sameTimeHigherId, newer]).map((r) => r.forgeId), ['4']);
  });
});

suite('check runs: annotations (samples/pygithub-replay/list_check_run_annotations.per_page_1.response.json)', () => {
  test('the recorded annotation maps field by field', () => {
    const [a] = mapAnnotations([
      { path: 'README.md', blob_href: 'https://github.com/x/blob/sha/README.md', start_line: 2, end_line: 2, start_column: 5, end_column: 10, annotation_level: 'warning', title: 'Spell Checker', message: 'Check your spelling for \'banaas\'.', raw_details: 'Do you mean \'bananas\' or \'banana\'?' },
    ]);
    assert.deepEqual(a, { path: 'README.md', startLine: 2, endLine: 2, startColumn: 5, endColumn: 10, level: 'warning', message: 'Check your spelling for \'banaas\'.', title: 'Spell Checker', rawDetails: 'Do you mean \'bananas\' or \'banana\'?' });
  });

  test('null columns, a missing end line, an unknown level and malformed entries are handled', () => {
    const mapped = mapAnnotations([
      { path: 'a.ts', start_line: 3, end_line: null, start_column: null, end_column: null, annotation_level: 'failure', message: 'x' },
      { path: 'b.ts', start_line: 1, end_line: 1, annotation_level: 'mystery', message: 'y' },
      { start_line: 1, message: 'no path' },
      { path: 'c.ts', start_line: 1 },
      'garbage',
      null,
    ]);
    assert.equal(mapped.length, 2);
    assert.deepEqual([mapped[0].endLine, mapped[0].startColumn, mapped[0].level], [3, undefined, 'failure']);
    assert.equal(mapped[1].level, 'warning');
  });

  test('a page that is not a list is a badResponse', () => {
    assert.throws(() => mapAnnotations({ message: 'Not Found' }), /list/);
  });
});

suite('who may answer: the repository permission GitHub and Gitee send their reader', () => {
  test('GitHub permissions.push, Gitee permission.admin; anything else says nothing', () => {
    assert.equal(mapMayCreateStatuses({ permissions: { admin: false, push: true, pull: true } }), true);
    assert.equal(mapMayCreateStatuses({ permissions: { admin: false, push: false, pull: true } }), false);
    assert.equal(mapMayUpdateCheckRuns({ permission: { pull: true, push: true, admin: false } }), false, 'push is not enough on Gitee');
    assert.equal(mapMayUpdateCheckRuns({ permission: { pull: true, push: true, admin: true } }), true);
    for (const hostile of [{}, { permissions: null }, { permissions: ['push'] }, { permissions: { push: 'true' } }, { permission: 'admin' }, { permission: { admin: 1 } }]) {
      assert.equal(mapMayCreateStatuses(hostile), undefined, JSON.stringify(hostile));
      assert.equal(mapMayUpdateCheckRuns(hostile), undefined, JSON.stringify(hostile));
    }
    assert.throws(() => mapMayCreateStatuses('<html>'), /repository/);
    assert.throws(() => mapMayUpdateCheckRuns([]), /repository/);
  });
});
