// Job logs: cleaning a runner's log for reading, finding where it failed, keeping only the end of a long
// one, and reading it from GitLab (the trace) and GitHub (a redirect to storage, followed without the token).
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import type { Check, Gate, MergeRequestRef } from '../../src/core/model';
import { allChecks } from '../../src/core/model';
import { cleanLog, failingLine } from '../../src/core/logText';
import type { ForgeError } from '../../src/forges/errors';
import { GitHubAdapter } from '../../src/forges/github/adapter';
import { GitLabAdapter } from '../../src/forges/gitlab/adapter';
import { readTail } from '../../src/forges/textTail';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const ESC = '\x1b';

suite('job logs: cleaning and the failing line', () => {
  test('terminal colours, GitLab section markers and erase-line codes are removed', () => {
    const raw = `section_start:1700000001:step_script[collapsed=true]\r${ESC}[0K${ESC}[0K${ESC}[36;1mExecuting "step_script"${ESC}[0;m\n${ESC}[32;1m$ make${ESC}[0;m\nsection_end:1700000002:step_script\r${ESC}[0K\n`;
    assert.equal(cleanLog(raw), 'Executing "step_script"\n$ make\n\n');
  });

  test('a line that overwrites itself with \\r keeps what the terminal finally showed; \\r\\n is a plain line end', () => {
    assert.equal(cleanLog('progress 10%\rprogress 60%\rprogress 100%\r\ndone\r\n'), 'progress 100%\ndone\n');
  });

  test('control characters, OSC hyperlinks and bidi overrides are removed; tabs and CJK stay', () => {
    const raw = `a\x07b\x00c ${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\ \u202eevil\u202c\t测试`;
    assert.equal(cleanLog(raw), 'abc link evil\t测试');
  });

  test('the first strong failure marker wins; GitHub timestamps are looked past', () => {
    const github = ['2026-01-01T10:00:00.0000000Z Run npm test', '2026-01-01T10:00:01.0000000Z ok 1', '2026-01-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.'].join('\n');
    assert.equal(failingLine(github), 2);
    assert.equal(failingLine(['$ make', 'npm ERR! code ELIFECYCLE', 'more', 'ERROR: Job failed: exit code 1'].join('\n')), 1);
    assert.equal(failingLine(['✔ util › answer', '✖ greet › says hello', '  AssertionError', 'Error: 1 of 2 tests failed'].join('\n')), 1, 'the failed test, before the summary');
    assert.equal(failingLine(['ok 1 - a', 'not ok 2 - b'].join('\n')), 1, 'TAP');
  });

  test('GitLab\'s closing line when nothing else says it failed; nothing for a log without a failure', () => {
    assert.equal(failingLine(['$ make', 'all 0 failed, 3 passed', 'ERROR: Job failed: exit code 2'].join('\n')), 2);
    assert.equal(failingLine(['$ make', '0 errors', 'Job succeeded'].join('\n')), undefined);
  });
});

suite('job logs: keeping the end of a long log', () => {
  const chunks = (text: string, size: number) => Readable.from(Buffer.from(text).reduce<Buffer[]>((all, _b, i, buf) => (i % size === 0 ? [...all, buf.subarray(i, i + size)] : all), []));

  test('a short log is kept whole', async () => {
    const tail = await readTail(chunks('one\ntwo\n', 3), 1024, 10_000);
    assert.deepEqual(tail, { text: 'one\ntwo\n', totalBytes: 8, cut: undefined });
  });

  test('a long log keeps its last bytes, from the first whole line on', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const tail = await readTail(chunks(lines, 97), 500, 1_000_000);
    assert.equal(tail.cut, 'head');
    assert.equal(tail.totalBytes, Buffer.byteLength(lines));
    assert.ok(tail.text.endsWith('line 999'));
    assert.ok(Buffer.byteLength(tail.text) <= 500);
    assert.match(tail.text, /^line \d+\n/);
  });

  test('a cut inside a multi-byte character never shows a broken one', async () => {
    const text = `${'门禁\n'.repeat(300)}end`;
    const tail = await readTail(chunks(text, 64), 101, 1_000_000);
    assert.ok(!tail.text.includes('\ufffd'), tail.text);
    assert.ok(tail.text.endsWith('门禁\nend'));
  });

  test('reading stops at the stream limit, and says so', async () => {
    let pulled = 0;
    const endless = Readable.from((function* () {
      for (;;) {
        pulled++;
        yield Buffer.from('x'.repeat(1023) + '\n');
      }
    })());
    const tail = await readTail(endless, 4096, 64 * 1024);
    assert.equal(tail.cut, 'tooLong');
    assert.equal(tail.totalBytes, 64 * 1024);
    assert.ok(pulled <= 65, `pulled ${pulled} chunks`);
  });
});

function jobNamed(gate: Gate, name: string): Check {
  const found = allChecks(gate).find((c) => c.name === name);
  assert.ok(found, `no check ${name}`);
  return found;
}

suite('job logs: GitLab trace', () => {
  let forge: FakeForge;
  let adapter: GitLabAdapter;
  let mr: MergeRequestRef;
  let gate: Gate;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitlab' });
    seedDemo(forge);
    adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [mr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(mr, { withFindings: false });
  });
  teardown(() => forge.close());

  test('jobs that ran have a log; a manual job that never started has none', () => {
    assert.ok(jobNamed(gate, 'unit').capabilities.includes('hasLog'));
    assert.ok(!jobNamed(gate, 'deploy-review').capabilities.includes('hasLog'));
  });

  test('the trace is read as text from the job\'s project, with the token', async () => {
    const unit = jobNamed(gate, 'unit');
    forge.setJobLog(Number(unit.forgeId), `${ESC}[31mError: boom${ESC}[0m\nERROR: Job failed: exit code 1\n`);
    const log = await adapter.logs.read(mr, unit, 1024);
    assert.equal(log.text, `${ESC}[31mError: boom${ESC}[0m\nERROR: Job failed: exit code 1\n`);
    const [request] = forge.requestsTo('GET', new RegExp(`/jobs/${unit.forgeId}/trace$`));
    assert.equal(request.headers['private-token'], DEMO_TOKEN);
  });

  test('a 3 MB trace is kept to its end', async () => {
    const unit = jobNamed(gate, 'unit');
    forge.setJobLog(Number(unit.forgeId), `${'x'.repeat(99)}\n`.repeat(30_000) + 'ERROR: Job failed: exit code 1\n');
    const log = await adapter.logs.read(mr, unit, 1024 * 1024);
    assert.equal(log.cut, 'head');
    assert.equal(log.totalBytes, 3_000_000 + 31);
    assert.ok(log.text.endsWith('ERROR: Job failed: exit code 1\n'));
    assert.ok(log.text.length <= 1024 * 1024);
  });

  test('a 403 says the token may not read the log; a 404 that it is gone', async () => {
    const unit = jobNamed(gate, 'unit');
    const refused = forge.inject({ method: 'GET', path: /\/trace$/ }, { status: 403, body: { message: '403 Forbidden' } });
    await assert.rejects(adapter.logs.read(mr, unit, 1024), (e: ForgeError) => e.kind === 'forbidden' && e.reason === 'logNotAllowed');
    refused.remove();
    await assert.rejects(adapter.logs.read(mr, { ...unit, forgeId: '999999' }, 1024), (e: ForgeError) => e.kind === 'notFound' && e.reason === 'logGone');
  });
});

suite('job logs: GitHub Actions', () => {
  let forge: FakeForge;
  let adapter: GitHubAdapter;
  let pr: MergeRequestRef;
  let gate: Gate;
  setup(async () => {
    forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    seedDemo(forge);
    adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
    [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    gate = await adapter.loadGate(pr, { withFindings: false });
  });
  teardown(() => forge.close());

  test('an Actions run has a log; another app\'s run and a commit status do not', () => {
    assert.ok(jobNamed(gate, 'test').capabilities.includes('hasLog'));
    assert.deepEqual(allChecks(gate).filter((c) => c.capabilities.includes('hasLog')).map((c) => c.name), ['test']);
    assert.ok(!jobNamed(gate, 'coverage').capabilities.includes('hasLog'), 'a Coverage Bot run');
  });

  test('the 302 to the log storage is followed without the token', async () => {
    const test = jobNamed(gate, 'test');
    forge.setJobLog(Number(test.forgeId), '2026-01-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.\n');
    const log = await adapter.logs.read(pr, test, 1024);
    assert.equal(log.text, '2026-01-01T10:00:02.0000000Z ##[error]Process completed with exit code 1.\n');
    const [asked] = forge.requestsTo('GET', new RegExp(`/actions/jobs/${test.forgeId}/logs$`));
    assert.match(asked.headers.authorization ?? '', /^Bearer /);
    const downloads = await forge.logDownloads();
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0].withToken, false);
  });

  test('a run that is no Actions job answers 404: the log is gone', async () => {
    const test = jobNamed(gate, 'test');
    await assert.rejects(adapter.logs.read(pr, { ...test, forgeId: '1' }, 1024), (e: ForgeError) => e.kind === 'notFound' && e.reason === 'logGone');
  });
});
