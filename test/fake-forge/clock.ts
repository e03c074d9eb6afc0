// The fake forge's clock: real time plus an offset that tests move forward with advance(), so
// time-based behaviour (GitLab's 2-minute status-check timeout...) is tested without waiting.
// freeze() stops it (advance() still moves it) for exact boundaries. Entities' timestamps come from
// here; the request log keeps real Date.now().

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  /** Milliseconds since the epoch, offset included. */
  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** now() as a Date. */
  date(): Date {
    return new Date(this.now());
  }

  /** Moves the clock forward (a negative value moves it back). Returns the new now(). */
  advance(ms: number): number {
    if (!Number.isFinite(ms)) throw new Error('fake forge: clock.advance needs a finite number');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    return this.now();
  }

  /** Stops the clock at `at` (default: now); only advance() moves it then. */
  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  /** Runs again from where it stands (real time plus the offset that gives that instant). */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }

  /** Back to real time, running. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }
}
