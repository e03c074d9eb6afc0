import { strict as assert } from 'node:assert';
import { gateChanges, worthNotifying } from '../../src/core/gateChanges';
import type { Check, Gate } from '../../src/core/model';
import type { CheckState } from '../../src/core/states';

const check = (id: string, state: CheckState): Check => ({ id, kind: 'externalStatusCheck', forgeId: id, name: `check ${id}`, state, rawState: state, capabilities: [] });
const gate = (reference: string, checks: Check[], pipeline?: Check): Gate => ({
  mergeRequest: { reference, number: 1, title: 't', webUrl: 'u', projectPath: 'p', sourceBranch: 's', targetBranch: 't', headSha: 'x' },
  checks,
  pipeline,
  findings: [],
});

suite('gate changes and notifications', () => {
  test('only checks present in both reads whose state moved are changes', () => {
    const before = gate('!1', [check('a', 'pending'), check('b', 'passed')]);
    const after = gate('!1', [check('a', 'failed'), check('b', 'passed'), check('c', 'pending')]);
    assert.deepEqual(gateChanges(before, after), [{ mergeRequest: '!1', name: 'check a', from: 'pending', to: 'failed' }]);
  });

  test('the pipeline counts as a check; another MR or a first read is no change', () => {
    const before = gate('!1', [], check('p', 'running'));
    assert.deepEqual(gateChanges(before, gate('!1', [], check('p', 'passed'))).map((c) => c.to), ['passed']);
    assert.deepEqual(gateChanges(undefined, before), []);
    assert.deepEqual(gateChanges(before, gate('!2', [], check('p', 'failed'))), []);
  });

  test('"changes" notifies settled changes, "failures" only failures, "off" nothing', () => {
    const changes = [
      { mergeRequest: '!1', name: 'a', from: 'pending' as const, to: 'failed' as const },
      { mergeRequest: '!1', name: 'b', from: 'pending' as const, to: 'passed' as const },
      { mergeRequest: '!1', name: 'c', from: 'pending' as const, to: 'running' as const },
    ];
    assert.deepEqual(worthNotifying(changes, 'changes').map((c) => c.name), ['a', 'b']);
    assert.deepEqual(worthNotifying(changes, 'failures').map((c) => c.name), ['a']);
    assert.deepEqual(worthNotifying(changes, 'off'), []);
  });
});
