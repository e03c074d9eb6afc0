// Re-reads the gates every `mrGates.pollInterval` seconds while the window has focus, and waits longer
// when a forge asked for it (Retry-After, Poll-Interval). No vscode import: the clock is injected, so
// the schedule is unit-tested without waiting. Every delay is bounded (waits.ts): a hostile or broken
// value can neither stop polling for good nor turn it into a zero-delay loop.
import { clampWaitMs } from '../forges/waits';

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface PollerOptions {
  readonly refresh: () => Promise<void>;
  /** The configured interval. */
  readonly intervalMs: () => number;
  /** The longest wait any forge asked for; 0 when none did. */
  readonly forgeDelayMs: () => number;
  readonly scheduler?: Scheduler;
}

const DEFAULT_INTERVAL_MS = 30_000;
const MIN_INTERVAL_MS = 1_000;

export class Poller {
  private handle: unknown;
  private active = false;
  private running = false;
  private lastRun = 0;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: PollerOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  /** Polling runs only while active (the window has focus); becoming active catches up at once if overdue. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.cancel();
    if (!active) return;
    if (this.scheduler.now() - this.lastRun >= this.delay()) void this.tick();
    else this.schedule(this.delay() - (this.scheduler.now() - this.lastRun));
  }

  /** Whether it polls now (setActive(true) last). */
  get isActive(): boolean {
    return this.active;
  }

  /** Call after any refresh (manual or event-driven) so the next poll counts from it. */
  noteRefreshed(): void {
    this.lastRun = this.scheduler.now();
    if (this.active && !this.running) this.schedule(this.delay());
  }

  dispose(): void {
    this.active = false;
    this.cancel();
  }

  private delay(): number {
    const interval = this.options.intervalMs();
    const safeInterval = Number.isNaN(interval) ? DEFAULT_INTERVAL_MS : Math.max(MIN_INTERVAL_MS, clampWaitMs(interval));
    return Math.max(safeInterval, clampWaitMs(this.options.forgeDelayMs()));
  }

  private schedule(ms: number): void {
    this.cancel();
    this.handle = this.scheduler.setTimeout(() => void this.tick(), clampWaitMs(ms));
  }

  private cancel(): void {
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private async tick(): Promise<void> {
    this.handle = undefined;
    if (!this.active || this.running) return;
    this.running = true;
    try {
      await this.options.refresh();
    } catch {
      // refresh() records failures on the repositories' nodes; the schedule goes on
    } finally {
      this.running = false;
      this.noteRefreshed();
    }
  }
}
