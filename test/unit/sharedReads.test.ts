// One read for the calls that overlap it, a new read once it settled (a failure included).
import { strict as assert } from 'node:assert';
import { SharedReads } from '../../src/forges/sharedReads';

suite('shared reads', () => {
  test('calls while a read is in flight share it; a call after it settled reads again', async () => {
    const reads = new SharedReads<number>();
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const [a, b] = await Promise.all([reads.read('p', load), reads.read('p', load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    assert.equal(await reads.read('p', load), 2);
    assert.equal(await reads.read('other', load), 3);
  });

  test('a failed read is shared by the calls that overlapped it, and not kept', async () => {
    const reads = new SharedReads<number>();
    let loads = 0;
    const failing = () => (++loads, Promise.reject(new Error('down')));
    const results = await Promise.allSettled([reads.read('p', failing), reads.read('p', failing)]);
    assert.deepEqual([results.map((r) => r.status), loads], [['rejected', 'rejected'], 1]);
    assert.equal(await reads.read('p', () => Promise.resolve(7)), 7);
  });
});
