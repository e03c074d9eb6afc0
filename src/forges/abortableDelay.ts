// A wait that a canceled request ends at once: the HTTP client's backoff between tries.
import { ForgeError } from './errors';
import { clampWaitMs } from './waits';

/** Waits `ms` (clamped), or rejects with `canceled` as soon as the signal aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ForgeError('canceled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampWaitMs(ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ForgeError('canceled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
