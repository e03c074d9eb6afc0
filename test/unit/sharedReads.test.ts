// One read for the calls that overlap it, a new read once it settled (a failure included).
import { strict as assert } from 'node:assert';
import { ForgeError } from '../../src/forges/errors';
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

  test('a read canceled with the refresh that started it is read again for a caller that was not canceled', async () => {
    const reads = new SharedReads<string>();
    const first = new AbortController();
    let loads = 0;
    const canceledLoad = () => (++loads, Promise.reject(new ForgeError('canceled')));
    const started = reads.read('p', canceledLoad, first.signal);
    first.abort();
    const sharing = reads.read('p', () => (++loads, Promise.resolve('fresh')), new AbortController().signal);
    await assert.rejects(started, (e: ForgeError) => e.kind === 'canceled');
    assert.equal(await sharing, 'fresh', 'the second caller was not canceled: it read again');
    assert.equal(loads, 2);
    const aborted = new AbortController();
    aborted.abort();
    const again = reads.read('q', () => Promise.reject(new ForgeError('canceled')), aborted.signal);
    await assert.rejects(reads.read('q', () => Promise.resolve('x'), aborted.signal), (e: ForgeError) => e.kind === 'canceled', 'a canceled caller stays canceled');
    await assert.rejects(again);
  });
});
