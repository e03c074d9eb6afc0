// Reading a project's Awaiting Answer queue, the same on every forge: the open MRs a page at a time, and
// each page's MRs' checks read as soon as that page has come, beside the next pages, under one limit per
// adapter (that is per origin and token). Each forge says how it lists its open MRs, maps one, and reads
// one MR's checks awaiting an answer. An MR with a defect is skipped; an MR whose checks the forge refuses
// to show (403, 404, GitLab's 401 of a tier without status checks) is skipped alone; any other failure
// fails the project's read and stops the reads still going.
import type { MergeRequestRef } from '../core/model';
import type { AwaitingAnswer } from '../core/queue';
import { Limiter } from '../core/concurrency';
import { ForgeError, isForgeError } from './errors';
import type { ListResult } from './httpTypes';

/**
 * Check reads in flight at once per adapter. 200 open MRs are read in two rounds: a cold read takes
 * page 1, then page 2 beside page 1's checks, then page 2's checks (3 round trips). It is about what
 * one HTTP/2 connection carries at once by default (100 streams); here they are HTTP/1.1 sockets.
 */
export const QUEUE_READS_AT_ONCE = 100;

/** What a refusal of one MR's checks means: nothing to answer there for this user. */
const SKIPS_MR = ['forbidden', 'notFound', 'unauthorized'] as const;

export interface QueueReading {
  /** Lists the open MRs, handing each page's raw items to `onPage` as it comes. */
  listOpen(onPage: (items: readonly unknown[]) => void, signal: AbortSignal): Promise<ListResult<unknown>>;
  /** One raw list item as an MR (a forge map.ts's mapper). */
  toMergeRequest(raw: unknown): MergeRequestRef;
  /** The checks of one MR, on its head, that await an answer. */
  awaiting(mr: MergeRequestRef, signal: AbortSignal): Promise<AwaitingAnswer[]>;
}

export async function readQueue(
  reading: QueueReading,
  limiter: Limiter,
  signal?: AbortSignal,
): Promise<{ items: AwaitingAnswer[]; openMergeRequests: number; cut?: boolean }> {
  // The reads of this project stop with the caller's signal, or at the first failure of one of them.
  const stop = new AbortController();
  const inner = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const reads: Promise<AwaitingAnswer[]>[] = [];
  let open = 0;
  const onPage = (raws: readonly unknown[]) => {
    for (const raw of raws) {
      open++;
      let mr: MergeRequestRef;
      try {
        mr = reading.toMergeRequest(raw);
      } catch {
        continue; // An item the forge sent malformed is one MR less, not the whole queue.
      }
      if (mr.defect) continue;
      const read = limiter.run(() => (inner.aborted ? Promise.resolve([]) : reading.awaiting(mr, inner))).catch((e: unknown) => {
        if (SKIPS_MR.some((kind) => isForgeError(e, kind)) && !inner.aborted) return [];
        stop.abort();
        throw e;
      });
      read.catch(() => undefined);
      reads.push(read);
    }
  };
  try {
    const listed = await reading.listOpen(onPage, inner);
    const found = await Promise.all(reads);
    if (signal?.aborted) throw new ForgeError('canceled');
    return { items: found.flat(), openMergeRequests: open, cut: listed.cut ? true : undefined };
  } catch (e) {
    stop.abort();
    throw e;
  }
}

/** One limiter per adapter: every project read through it shares the limit. */
export function queueLimiter(): Limiter {
  return new Limiter(QUEUE_READS_AT_ONCE);
}
