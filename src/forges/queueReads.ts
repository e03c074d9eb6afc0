// Reading a project's Awaiting Answer queue, the same on every forge: the open MRs a page at a time, and
// each page's MRs' checks read as soon as that page has come, beside the next pages, under one limit per
// adapter (that is per origin and token). The MRs the last read listed have their checks asked again at
// once, beside the list (a settled read then takes the round trip of the list and no other when they fit
// under the limit); an MR whose head has moved since is read anew. Each forge says how it lists its open
// MRs, maps one, and reads one MR's checks awaiting an answer. An MR with a defect is skipped; an MR
// whose checks the forge refuses to show (403, 404, GitLab's 401 of a tier without status checks) is
// skipped alone; any other failure fails the project's read and stops the reads still going.
import type { MergeRequestRef } from '../core/model';
import type { AwaitingAnswer } from '../core/queue';
import { Limiter } from '../core/concurrency';
import { LruMap } from '../core/lruMap';
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

/** What an adapter keeps for its queue reads: the shared limit, and what each project's last read listed. */
export class QueueMemory {
  readonly limiter = new Limiter(QUEUE_READS_AT_ONCE);
  readonly listed = new LruMap<readonly MergeRequestRef[]>(256);
}

export interface QueueReading {
  /** Where `listed` keeps this project's MRs. */
  readonly key: string;
  /** Lists the open MRs, handing each page's raw items to `onPage` as it comes. */
  listOpen(onPage: (items: readonly unknown[]) => void, signal: AbortSignal): Promise<ListResult<unknown>>;
  /** One raw list item as an MR (a forge map.ts's mapper). */
  toMergeRequest(raw: unknown): MergeRequestRef;
  /** The checks of one MR, on its head, that await an answer. */
  awaiting(mr: MergeRequestRef, signal: AbortSignal): Promise<AwaitingAnswer[]>;
}

export async function readQueue(
  reading: QueueReading,
  memory: QueueMemory,
  signal?: AbortSignal,
): Promise<{ items: AwaitingAnswer[]; openMergeRequests: number; cut?: boolean }> {
  // The reads of this project stop with the caller's signal, or at the first failure of one of them.
  const stop = new AbortController();
  const inner = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  // A refusal is an empty list; any other failure is the caller's to decide on.
  const ask = (mr: MergeRequestRef): Promise<AwaitingAnswer[]> => {
    const read = memory.limiter
      .run(() => (inner.aborted ? Promise.reject(new ForgeError('canceled')) : reading.awaiting(mr, inner)))
      .catch((e: unknown) => (SKIPS_MR.some((kind) => isForgeError(e, kind)) && !inner.aborted ? [] : Promise.reject(e)));
    read.catch(() => undefined);
    return read;
  };
  const ahead = new Map((memory.listed.get(reading.key) ?? []).map((mr) => [mr.number, { mr, read: ask(mr) }]));
  const listed: MergeRequestRef[] = [];
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
      listed.push(mr);
      const early = ahead.get(mr.number);
      const read = early && early.mr.headSha === mr.headSha ? early.read : ask(mr);
      // The items carry the MR as listed now (its title may have changed), on the same head.
      const mine = read.then((items) => items.map((item) => ({ ...item, mergeRequest: mr })), (e: unknown) => {
        stop.abort();
        throw e;
      });
      mine.catch(() => undefined);
      reads.push(mine);
    }
  };
  try {
    const list = await reading.listOpen(onPage, inner);
    const found = await Promise.all(reads);
    if (signal?.aborted) throw new ForgeError('canceled');
    memory.listed.set(reading.key, listed);
    return { items: found.flat(), openMergeRequests: open, cut: list.cut ? true : undefined };
  } finally {
    // Reads ahead for MRs no longer open, or whose head moved, are not waited for.
    stop.abort();
  }
}
