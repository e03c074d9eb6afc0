// The store and the publisher skip an update whose data equals the last one (issue 9: change detection
// without a JSON snapshot). sameValue agrees with comparing JSON.stringify of both, except that the
// order of an object's keys does not matter.
import { strict as assert } from 'node:assert';
import { sameValue } from '../../src/core/sameValue';

suite('sameValue', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['equal primitives', 'a', 'a'],
    ['different strings', 'a', 'b'],
    ['number and string', 1, '1'],
    ['null and undefined', null, undefined],
    ['NaN and NaN (both null in JSON)', NaN, NaN],
    ['empty array and empty object', [], {}],
    ['arrays of other lengths', [1, 2], [1, 2, 3]],
    ['arrays in another order', [1, 2], [2, 1]],
    ['equal nested objects', { a: [{ b: 1, c: 'x' }], d: { e: true } }, { a: [{ b: 1, c: 'x' }], d: { e: true } }],
    ['a deep difference', { a: [{ b: 1 }] }, { a: [{ b: 2 }] }],
    ['an undefined key is absent', { a: 1, b: undefined }, { a: 1 }],
    ['an absent key on the other side', { a: 1 }, { a: 1, b: undefined }],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }],
    ['a key with null', { a: null }, {}],
  ];
  for (const [name, a, b] of cases) {
    test(`${name}: as JSON.stringify says`, () => {
      assert.equal(sameValue(a, b), JSON.stringify(a) === JSON.stringify(b));
      assert.equal(sameValue(b, a), JSON.stringify(a) === JSON.stringify(b), 'symmetric');
    });
  }

  test('the order of keys does not matter', () => {
    assert.equal(sameValue({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }), true);
  });

  test('a shared sub-object is not walked again, a changed one is found', () => {
    const findings = Array.from({ length: 10_000 }, (_, i) => ({ path: `f${i}.ts`, line: i }));
    const entry = (extra: unknown) => ({ root: '/r', status: { kind: 'ready', gates: [{ findings, extra }] } });
    assert.equal(sameValue(entry('x'), entry('x')), true);
    assert.equal(sameValue(entry('x'), entry('y')), false);
    const copy = findings.map((f) => ({ ...f }));
    copy[9_999] = { ...copy[9_999], line: -1 };
    assert.equal(sameValue({ findings }, { findings: copy }), false, 'the last finding differs');
  });
});
