import { strict as assert } from 'node:assert';
import { Poller, type Scheduler } from '../../src/state/poller';
import type { Gate } from '../../src/core/model';
import { longestRequestedWaitMs, type RepoEntry } from '../../src/state/repoEntry';

const HOUR = 3_600_000;

/** A clock the test moves by hand: timers fire only when advance() passes them. */
class ManualClock implements Scheduler {
  private time = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  /** Every delay the poller asked for, in order. */
  readonly scheduled: number[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.scheduled.push(ms);
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Fires the timers due within `ms`; stops after `maxFires` so that a zero-delay loop cannot hang the test. */
  async advance(ms: number, maxFires = 10_000): Promise<void> {
    const until = this.time + ms;
    for (let fired = 0; fired < maxFires; fired++) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.time = until;
  }
}

suite('poller: the refresh schedule', () => {
  function make(options: { intervalMs?: number; forgeDelayMs?: () => number } = {}) {
    const clock = new ManualClock();
    let refreshes = 0;
    const poller = new Poller({
      refresh: async () => {
        refreshes++;
      },
      intervalMs: () => options.intervalMs ?? 30_000,
      forgeDelayMs: options.forgeDelayMs ?? (() => 0),
      scheduler: clock,
    });
    return { clock, poller, count: () => refreshes };
  }

  test('polls once per interval while active', async () => {
    const { clock, poller, count } = make();
    poller.noteRefreshed();
    poller.setActive(true);
    await clock.advance(29_999);
    assert.equal(count(), 0);
    await clock.advance(1);
    assert.equal(count(), 1);
    await clock.advance(30_000);
    assert.equal(count(), 2);
  });

  test('does not poll while the window is in the background', async () => {
    const { clock, poller, count } = make();
    poller.noteRefreshed();
    poller.setActive(true);
    poller.setActive(false);
    await clock.advance(120_000);
    assert.equal(count(), 0);
    assert.equal(clock.pending, 0);
  });

  test('coming back after the interval has passed refreshes at once', async () => {
    const { clock, poller, count } = make();
    poller.noteRefreshed();
    await clock.advance(60_000);
    poller.setActive(true);
    await clock.advance(0);
    assert.equal(count(), 1);
  });

  test('a manual refresh restarts the countdown', async () => {
    const { clock, poller, count } = make();
    poller.noteRefreshed();
    poller.setActive(true);
    await clock.advance(20_000);
    poller.noteRefreshed();
    await clock.advance(20_000);
    assert.equal(count(), 0);
    await clock.advance(10_000);
    assert.equal(count(), 1);
  });

  test('a forge asking to wait longer (Retry-After) stretches the interval', async () => {
    let forgeDelay = 120_000;
    const { clock, poller, count } = make({ forgeDelayMs: () => forgeDelay });
    poller.noteRefreshed();
    poller.setActive(true);
    await clock.advance(119_999);
    assert.equal(count(), 0);
    await clock.advance(1);
    assert.equal(count(), 1);
    forgeDelay = 0;
    poller.noteRefreshed();
    await clock.advance(30_000);
    assert.equal(count(), 2);
  });

  test('a failing refresh does not stop the schedule', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const poller = new Poller({
      refresh: () => {
        calls++;
        return Promise.reject(new Error('boom'));
      },
      intervalMs: () => 1000,
      forgeDelayMs: () => 0,
      scheduler: clock,
    });
    poller.noteRefreshed();
    poller.setActive(true);
    await clock.advance(3000);
    assert.equal(calls, 3);
    poller.dispose();
    await clock.advance(3000);
    assert.equal(calls, 3);
  });
});

suite('poller: what the forges asked for', () => {
  test('the longest Retry-After among repositories wins; other states ask for nothing', () => {
    const entry = (status: RepoEntry['status']): RepoEntry => ({ root: `/r/${Math.random()}`, status });
    assert.equal(longestRequestedWaitMs([]), 0);
    assert.equal(
      longestRequestedWaitMs([
        entry({ kind: 'error', errorKind: 'rateLimited', message: 'x', retryAfterMs: 60_000 }),
        entry({ kind: 'error', errorKind: 'rateLimited', message: 'x', retryAfterMs: 90_000 }),
        entry({ kind: 'error', errorKind: 'server', message: 'x' }),
        entry({ kind: 'signedOut' }),
      ]),
      90_000,
    );
  });

  test('a hostile wait (30 days, Infinity, NaN) counts as at most an hour, never as NaN', () => {
    const entry = (status: RepoEntry['status']): RepoEntry => ({ root: `/r/${Math.random()}`, status });
    const rateLimited = (retryAfterMs: number) => entry({ kind: 'error', errorKind: 'rateLimited', message: 'x', retryAfterMs });
    const polling = (pollIntervalMs: number) =>
      entry({ kind: 'ready', project: { path: 'g/p', webUrl: 'https://g/p' } as never, gates: [{ mergeRequest: {} as never, gate: { pollIntervalMs } as Gate }] });
    assert.equal(longestRequestedWaitMs([rateLimited(2_592_000_000)]), HOUR);
    assert.equal(longestRequestedWaitMs([rateLimited(Infinity), rateLimited(60_000)]), HOUR);
    assert.equal(longestRequestedWaitMs([polling(Infinity)]), HOUR);
    assert.equal(longestRequestedWaitMs([rateLimited(NaN), polling(NaN), rateLimited(-5)]), 0);
    assert.equal(longestRequestedWaitMs([rateLimited(NaN), rateLimited(90_000)]), 90_000);
  });
});

suite('poller: hostile delays never break the schedule', () => {
  function make(intervalMs: () => number, forgeDelayMs: () => number) {
    const clock = new ManualClock();
    let refreshes = 0;
    const poller = new Poller({ refresh: async () => void refreshes++, intervalMs, forgeDelayMs, scheduler: clock });
    poller.noteRefreshed();
    poller.setActive(true);
    return { clock, poller, count: () => refreshes };
  }
  const assertSafe = (scheduled: readonly number[]) => {
    assert.ok(scheduled.length > 0, 'something was scheduled');
    for (const ms of scheduled) assert.ok(Number.isFinite(ms) && ms > 0 && ms <= HOUR, `scheduled ${ms} ms`);
  };

  for (const [name, delay] of [['30 days', 2_592_000_000], ['2^31 ms', 2 ** 31], ['Infinity', Infinity], ['1e400', Number('1e400')]] as const) {
    test(`a forge delay of ${name} schedules an hour, and polling goes on after it`, async () => {
      const { clock, count } = make(() => 30_000, () => delay);
      await clock.advance(3 * HOUR);
      assertSafe(clock.scheduled);
      assert.equal(count(), 3);
    });
  }

  for (const [name, delay] of [['NaN', NaN], ['-5', -5], ['-Infinity', -Infinity]] as const) {
    test(`a forge delay of ${name} is ignored: the configured interval applies`, async () => {
      const { clock, count } = make(() => 30_000, () => delay);
      await clock.advance(60_000);
      assertSafe(clock.scheduled);
      assert.equal(count(), 2);
    });
  }

  for (const [name, interval] of [['0', 0], ['-1', -1], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
    test(`an interval of ${name} never turns into a zero-delay loop`, async () => {
      const { clock, count } = make(() => interval, () => 0);
      await clock.advance(60_000, 1_000);
      assertSafe(clock.scheduled);
      assert.ok(count() <= 60, `${count()} refreshes in a minute`);
    });
  }

  test('coming back to the window after a hostile wait catches up within an hour', async () => {
    const { clock, poller, count } = make(() => 30_000, () => Infinity);
    poller.setActive(false);
    await clock.advance(30 * 60_000);
    poller.setActive(true);
    await clock.advance(HOUR);
    assertSafe(clock.scheduled);
    assert.equal(count(), 1);
  });
});
