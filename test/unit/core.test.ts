import { strict as assert } from 'node:assert';
import { blocksAsFailed, rollup, rollupChecks } from '../../src/core/rollup';
import { CHECK_STATES, STATE_TABLE, worseState, type CheckState } from '../../src/core/states';
import type { Check } from '../../src/core/model';

suite('core: state table', () => {
  test('every state has a label, a codicon, a theme colour and a distinct rank', () => {
    const ranks = new Set<number>();
    for (const state of CHECK_STATES) {
      const style = STATE_TABLE[state];
      assert.ok(style.label.length > 0, state);
      assert.match(style.codicon, /^[a-z-]+(~spin)?$/, state);
      assert.match(style.color, /^[a-zA-Z]+(\.[a-zA-Z]+)*$/, state);
      ranks.add(style.rank);
    }
    assert.equal(ranks.size, CHECK_STATES.length, 'ranks must be distinct so that "worst" is well defined');
  });

  test('the table holds exactly the states of the vocabulary', () => {
    assert.deepEqual(Object.keys(STATE_TABLE).sort(), [...CHECK_STATES].sort());
  });

  test('failed is the worst state and passed the best', () => {
    const byRank = [...CHECK_STATES].sort((a, b) => STATE_TABLE[a].rank - STATE_TABLE[b].rank);
    assert.equal(byRank[0], 'passed');
    assert.equal(byRank[byRank.length - 1], 'failed');
  });

  test('blocking states outrank in-progress ones, which outrank finished harmless ones', () => {
    const rank = (s: CheckState) => STATE_TABLE[s].rank;
    assert.ok(rank('action_required') > rank('running'));
    assert.ok(rank('running') > rank('pending'));
    assert.ok(rank('pending') > rank('canceled'));
    assert.ok(rank('unknown') > rank('pending'), 'a string we do not know must not look better than waiting');
    assert.ok(rank('skipped') > rank('passed'));
  });

  test('worseState is symmetric and picks the higher rank', () => {
    for (const a of CHECK_STATES) {
      for (const b of CHECK_STATES) {
        const worst = worseState(a, b);
        assert.equal(worst, worseState(b, a));
        assert.equal(STATE_TABLE[worst].rank, Math.max(STATE_TABLE[a].rank, STATE_TABLE[b].rank));
      }
    }
  });
});

suite('core: rollup', () => {
  test('no checks yet is pending, never passed', () => {
    assert.deepEqual(rollup([]), { state: 'pending', passed: 0, total: 0 });
  });

  test('all passed rolls up to passed with a full count', () => {
    assert.deepEqual(rollup(['passed', 'passed', 'passed']), { state: 'passed', passed: 3, total: 3 });
  });

  test('one failure among passes makes the whole gate failed', () => {
    assert.deepEqual(rollup(['passed', 'failed', 'passed']), { state: 'failed', passed: 2, total: 3 });
  });

  test('running beats pending, failed beats running', () => {
    assert.equal(rollup(['pending', 'running', 'passed']).state, 'running');
    assert.equal(rollup(['running', 'failed']).state, 'failed');
  });

  test('skipped and neutral count as passing, canceled does not', () => {
    assert.deepEqual(rollup(['passed', 'skipped', 'neutral', 'canceled']), { state: 'canceled', passed: 3, total: 4 });
  });

  test('an unknown state is never hidden behind passes', () => {
    assert.equal(rollup(['passed', 'unknown']).state, 'unknown');
  });

  test('the order of checks does not matter', () => {
    const states: CheckState[] = ['pending', 'passed', 'action_required', 'running', 'skipped'];
    const expected = rollup(states);
    for (let i = 0; i < states.length; i++) {
      const rotated = [...states.slice(i), ...states.slice(0, i)];
      assert.deepEqual(rollup(rotated), expected);
    }
    assert.equal(expected.state, 'action_required');
  });

  test('an allowed failure (a GitLab job with allow_failure) never makes the rollup failed', () => {
    const check = (id: string, state: CheckState): Check => ({ id, kind: 'job', forgeId: id, name: id, state, rawState: state, capabilities: [] });
    const allowed = { ...check('e2e', 'failed'), allowFailure: true };
    assert.deepEqual(rollupChecks([check('a', 'passed'), allowed]), { state: 'neutral', passed: 2, total: 2, warnings: 1 });
    assert.equal(rollupChecks([allowed, check('unit', 'failed')]).state, 'failed', 'a blocking failure still does');
  });

  test('an optional failure is a warning ("passed with warnings"); a required one, or one of unknown requirement, blocks', () => {
    const check = (id: string, state: CheckState, required?: boolean): Check => ({ id, kind: 'commitStatus', forgeId: id, name: id, state, rawState: state, capabilities: [], required });
    assert.deepEqual(rollupChecks([check('a', 'passed', true), check('lint', 'failed', false)]), { state: 'neutral', passed: 2, total: 2, warnings: 1 });
    assert.equal(rollupChecks([check('lint', 'failed', false), check('unit', 'failed', true)]).state, 'failed');
    assert.equal(rollupChecks([check('lint', 'failed', false), check('scan', 'failed')]).state, 'failed', 'unknown counts as blocking');
    assert.equal(blocksAsFailed(check('lint', 'failed', false)), false);
    assert.equal(blocksAsFailed(check('scan', 'failed')), true);
  });

  test('rollupChecks reads the state of each check', () => {
    const check = (id: string, state: CheckState): Check => ({ id, kind: 'checkRun', forgeId: id, name: id, state, rawState: state, capabilities: [] });
    assert.deepEqual(rollupChecks([check('a', 'passed'), check('b', 'pending')]), { state: 'pending', passed: 1, total: 2 });
  });
});
