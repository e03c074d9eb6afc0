// The external status checks of a merge request, on its head `sha`: read for its gate and for the
// Awaiting Answer queue alike (GET /projects/:id/merge_requests/:iid/status_checks).
import type { Check, GateNote } from '../../core/model';
import { isForgeError } from '../errors';
import { pollIntervalMs, type HttpClient } from '../http';
import { mapStatusCheck } from './map';

export interface StatusCheckRead {
  readonly checks: Check[];
  readonly pollIntervalMs?: number;
  /** The forge has no status checks for this project (its tier), or hides them from this user. */
  readonly unavailable?: boolean;
  readonly notes: GateNote[];
}

/** `base`: /projects/:id of the MR's (target) project, where its status checks live. */
export async function readStatusChecks(http: HttpClient, base: string, iid: number, sha: string, signal?: AbortSignal): Promise<StatusCheckRead> {
  try {
    // Paginated, 20 a page by default: without paging, the 21st check would be missing.
    const result = await http.list<unknown>(`${base}/merge_requests/${iid}/status_checks`, 'gitlab', { query: { per_page: 100 }, signal });
    return {
      checks: result.items.map((item) => mapStatusCheck(item, sha)),
      pollIntervalMs: pollIntervalMs(result.firstPage.headers.get('poll-interval')),
      notes: result.cut ? [{ code: 'listCut', kind: 'externalStatusCheck', shown: result.items.length }] : [],
    };
  } catch (e) {
    // 401 here, after the MR itself was readable, means the project's tier has no external status checks.
    if (isForgeError(e, 'unauthorized') || isForgeError(e, 'notFound')) return { checks: [], unavailable: true, notes: [] };
    throw e;
  }
}
