// readGates (src/state/gateReads.ts), what one refresh reads of a branch, against the fake Gitee over
// real HTTP: the gates shown last time are read again beside the PR list, in one wave; a gate read for
// a head that has moved since is dropped, and the new head's gate is read.
import { strict as assert } from 'node:assert';
import { GiteeAdapter } from '../../src/forges/gitee/adapter';
import { readGates } from '../../src/state/gateReads';
import type { GateEntry } from '../../src/state/repoEntry';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

const BRANCH = 'feature/gates';
const CHECK_RUNS = /\/commits\/([0-9a-f]{40})\/check-runs$/;
const PR_LIST = /\/pulls$/;

suite('readGates: one refresh of a branch', () => {
  let forge: FakeForge;
  let adapter: GiteeAdapter;
  const signal = new AbortController().signal;
  const read = (shown: readonly GateEntry[]) => readGates(adapter, { projectPath: DEMO_PROJECT_PATH, branch: BRANCH, withFindings: true, signal, shown });

  setup(async () => {
    forge = await FakeForge.start({ kind: 'gitee' });
    seedDemo(forge, { headSha: 'a'.repeat(40) });
    adapter = GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
  });
  teardown(() => forge.close());

  test('a first read lists the PRs, then reads each gate', async () => {
    const entries = await read([]);
    assert.equal(entries.length, 1);
    assert.ok(entries[0].gate && entries[0].gate.checks.length > 0);
    const order = forge.requests.map((r) => r.path);
    assert.ok(order.findIndex((p) => PR_LIST.test(p)) < order.findIndex((p) => CHECK_RUNS.test(p)), 'nothing to read ahead yet');
  });

  test('a poll reads the shown gate while the PR list is still unanswered, and shows it', async () => {
    const shown = await read([]);
    forge.clearRequests();
    forge.inject({ path: PR_LIST, times: 1 }, { until: forge.waitForRequest((r) => CHECK_RUNS.test(r.path)) });
    const entries = await read(shown);
    assert.deepEqual(entries.map((e) => e.gate?.checks.map((c) => c.name)), shown.map((e) => e.gate?.checks.map((c) => c.name)));
    assert.equal(forge.requests.filter((r) => CHECK_RUNS.test(r.path)).length, 1, 'the gate was read once');
  });

  test('a head that moved since: the gate read ahead is dropped, the new head\'s is read', async () => {
    const shown = await read([]);
    const pr = forge.gitee.pullRequests.find((p) => p.headRef === BRANCH);
    assert.ok(pr);
    forge.gitee.pushToPullRequest(pr, 'b'.repeat(40));
    forge.clearRequests();
    const entries = await read(shown);
    assert.equal(entries[0].mergeRequest.headSha, 'b'.repeat(40));
    assert.equal(entries[0].gate?.mergeRequest.headSha, 'b'.repeat(40));
    const shas = forge.requests.map((r) => CHECK_RUNS.exec(r.path)?.[1]).filter(Boolean);
    assert.deepEqual(shas.sort(), ['a'.repeat(40), 'b'.repeat(40)], 'the old head was read ahead, then the new one');
  });

  test('a first read of many annotated runs shows the checks first, then the findings', async () => {
    for (let i = 0; i < 12; i++) {
      forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: 'a'.repeat(40), name: `scan ${i}`, status: 'completed', conclusion: 'failure', annotations: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: `finding ${i}` }] });
    }
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The annotations stay unanswered until the partial gate has been seen.
    forge.inject({ path: /\/annotations$/ }, { until: held });
    const partials: GateEntry[][] = [];
    const done = readGates(adapter, { projectPath: DEMO_PROJECT_PATH, branch: BRANCH, withFindings: true, signal, shown: [], onPartial: (entries) => {
      partials.push(entries);
      release();
    } });
    const entries = await done;
    assert.equal(partials.length, 1, 'one partial step');
    const [shown] = partials[0];
    assert.equal(shown.gate?.findingsPending, true);
    assert.deepEqual(shown.gate?.findings, []);
    assert.ok((shown.gate?.checks.filter((c) => c.name.startsWith('scan ')).length ?? 0) === 12, 'every check is there already');
    assert.equal(entries[0].gate?.findingsPending, undefined);
    assert.ok(entries[0].gate?.findings.some((f) => f.message === 'finding 11'));
  });

  test('a poll of runs read before has no partial step', async () => {
    for (let i = 0; i < 12; i++) {
      forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: 'a'.repeat(40), name: `scan ${i}`, status: 'completed', conclusion: 'failure', annotations: [{ path: 'src/app.ts', start_line: 1, end_line: 1, annotation_level: 'warning', message: `finding ${i}` }] });
    }
    const shown = await read([]);
    let partials = 0;
    await readGates(adapter, { projectPath: DEMO_PROJECT_PATH, branch: BRANCH, withFindings: true, signal, shown: [], onPartial: () => partials++ });
    assert.equal(partials, 0, 'the annotations are kept: nothing to wait for');
    assert.ok(shown.length === 1);
  });
});
