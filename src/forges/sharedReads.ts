// A read that every call needing it shares while it is in flight: the calls of one refresh (the project
// for the tree, the project for the MR lookup) cost one request. Once it settles it is forgotten, so the
// next refresh reads again and a project that moved, or now fails, shows at once.
//
// A shared read runs under the signal of the call that started it. When that call is canceled (a newer
// refresh of the same repository), the others must not inherit its cancellation: a caller whose own
// signal still holds reads again.
import { isForgeError } from './errors';

export class SharedReads<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running.catch((e: unknown) => (isForgeError(e, 'canceled') && !signal?.aborted ? this.read(key, load, signal) : Promise.reject(e)));
    const started = load();
    const settled = (): void => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    };
    started.then(settled, settled);
    this.inFlight.set(key, started);
    return started;
  }
}
