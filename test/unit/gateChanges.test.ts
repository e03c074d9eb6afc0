// One notification per settle, never one per poll (issue 9), as mrGates.notifications says.
import { strict as assert } from 'node:assert';
import { settleNotice } from '../../src/core/gateChanges';
import type { Check, Gate } from '../../src/core/model';
import type { CheckState } from '../../src/core/states';

const SHA = 'a'.repeat(40);
const check = (id: string, state: CheckState, kind: Check['kind'] = 'checkRun'): Check => ({ id, kind, forgeId: id, name: `check ${id}`, state, rawState: state, capabilities: [] });
const gate = (checks: Check[], options: { reference?: string; sha?: string; pipeline?: Check } = {}): Gate => ({
  mergeRequest: { reference: options.reference ?? '#1', number: 1, title: 't', webUrl: 'u', projectPath: 'p', sourceBranch: 's', targetBranch: 't', headSha: options.sha ?? SHA },
  checks,
  pipeline: options.pipeline,
  findings: [],
});

suite('settle notices', () => {
  test('a gate that settles with every check passed: "all N passed", at the "changes" level only', () => {
    const running = gate([check('a', 'running'), check('b', 'passed')]);
    const done = gate([check('a', 'passed'), check('b', 'passed')]);
    assert.deepEqual(settleNotice(running, done, 'changes'), { kind: 'passed', total: 2, sha: SHA });
    assert.equal(settleNotice(running, done, 'failures'), undefined);
    assert.equal(settleNotice(running, done, 'off'), undefined);
  });

  test('a gate that settles with failures names them, at "changes" and "failures"', () => {
    const running = gate([check('lint', 'running'), check('e2e', 'pending'), check('docs', 'passed')]);
    const done = gate([check('lint', 'failed'), check('e2e', 'failed'), check('docs', 'passed')]);
    for (const level of ['changes', 'failures'] as const) assert.deepEqual(settleNotice(running, done, level), { kind: 'failed', failed: ['check lint', 'check e2e'], sha: SHA });
  });

  test('nothing while still running, nothing for a poll of an already settled gate, nothing for a first read', () => {
    assert.equal(settleNotice(gate([check('a', 'pending')]), gate([check('a', 'running')]), 'changes'), undefined);
    const settledGate = gate([check('a', 'failed')]);
    assert.equal(settleNotice(settledGate, gate([check('a', 'failed')]), 'changes'), undefined, 'one notice per settle, never one per poll');
    assert.equal(settleNotice(undefined, settledGate, 'changes'), undefined);
    assert.equal(settleNotice(gate([check('a', 'pending')]), gate([check('a', 'failed')], { reference: '#2' }), 'changes'), undefined);
  });

  test('a new head that settles is a settle, even if the old head had settled too', () => {
    const old = gate([check('a', 'passed')], { sha: 'b'.repeat(40) });
    assert.deepEqual(settleNotice(old, gate([check('a', 'failed')]), 'failures'), { kind: 'failed', failed: ['check a'], sha: SHA });
  });

  test('a head with no checks has not settled; jobs count through their pipeline; allowed failures do not fail', () => {
    assert.equal(settleNotice(gate([check('a', 'pending')]), gate([]), 'changes'), undefined);
    const pipeline = check('p', 'passed', 'pipeline');
    const before = gate([check('j', 'running', 'job')], { pipeline: check('p', 'running', 'pipeline') });
    const after = gate([{ ...check('j', 'failed', 'job'), allowFailure: true }], { pipeline });
    assert.deepEqual(settleNotice(before, after, 'changes'), { kind: 'passed', total: 1, sha: SHA });
  });
});
