// What one refresh reads of a branch: its open MRs, each with its gate. No vscode import, so the
// benchmarks time exactly this. The MRs shown last time are read again at once, beside the list: a poll
// most often finds the same MR at the same head, so a settled poll takes one round trip; a gate read for
// a head that moved since is dropped.
import type { Gate, MergeRequestRef } from '../core/model';
import { ForgeError, isForgeError } from '../forges/errors';
import type { ForgeAdapter } from '../forges/forge';
import type { GateEntry } from './repoEntry';

export interface GateReadRequest {
  readonly projectPath: string;
  readonly branch: string;
  readonly withFindings: boolean;
  readonly signal: AbortSignal;
  /** The MRs the repository shows now, from the last refresh of the same branch. */
  readonly shown: readonly GateEntry[];
  /**
   * Called when every MR's checks are known and some findings are still being read: what to show
   * meanwhile (the gates whose findings are pending carry findingsPending).
   */
  readonly onPartial?: (entries: GateEntry[]) => void;
}

/**
 * One MR with its gate, or the forge's failure to give it recorded on the MR alone; a cancellation, or a
 * failure that is not the forge's, is thrown.
 */
export async function readGate(
  adapter: ForgeAdapter,
  mergeRequest: MergeRequestRef,
  options: { readonly withFindings: boolean; readonly signal: AbortSignal; readonly onChecks?: (gate: Gate) => void },
): Promise<GateEntry> {
  // The forge sent something unusable for this MR (a head that is not a sha): say so on it alone.
  if (mergeRequest.defect) return { mergeRequest, error: { errorKind: 'badResponse', message: new ForgeError('badResponse', mergeRequest.defect).message } };
  try {
    return { mergeRequest, gate: await adapter.loadGate(mergeRequest, options) };
  } catch (e) {
    if (options.signal.aborted || !isForgeError(e) || e.kind === 'canceled') throw e;
    return { mergeRequest, error: { errorKind: e.kind, message: e.message, status: e.status } };
  }
}

/** Every open MR of the branch with its gate; one MR that fails to load does not hide the others. */
export async function readGates(adapter: ForgeAdapter, request: GateReadRequest): Promise<GateEntry[]> {
  const { withFindings, signal } = request;
  const readOne = (mergeRequest: MergeRequestRef, onChecks?: (gate: Gate) => void): Promise<GateEntry> => readGate(adapter, mergeRequest, { withFindings, signal, onChecks });
  const early = new Map<string, Promise<GateEntry>>();
  for (const { mergeRequest } of request.shown) {
    if (mergeRequest.defect) continue;
    const read = readOne(mergeRequest);
    read.catch(() => undefined);
    early.set(sameReadKey(mergeRequest), read);
  }
  const mergeRequests = await adapter.findMergeRequests(request.projectPath, request.branch, signal);
  const partial = new PartialGates(mergeRequests.length, request.onPartial);
  return Promise.all(
    mergeRequests.map(async (mergeRequest, i) => {
      const ahead = early.get(sameReadKey(mergeRequest));
      if (!ahead) return partial.done(i, await readOne(mergeRequest, (gate) => partial.checks(i, { mergeRequest, gate })));
      const entry = await ahead;
      // What the list says now about the MR (its title, say); a gate the forge built from its own read keeps that.
      const gate = entry.gate && entry.gate.mergeRequest === entry.mergeRequest ? { ...entry.gate, mergeRequest } : entry.gate;
      return partial.done(i, { ...entry, mergeRequest, gate });
    }),
  );
}

/** The gates of one refresh as they come: once every MR has at least its checks, and some lack findings, say so. */
class PartialGates {
  private readonly entries: (GateEntry | undefined)[];
  private pending = 0;

  constructor(
    count: number,
    private readonly onPartial?: (entries: GateEntry[]) => void,
  ) {
    this.entries = new Array<GateEntry | undefined>(count);
  }

  checks(i: number, entry: GateEntry): void {
    if (!this.onPartial || this.entries[i]) return;
    this.entries[i] = entry;
    this.pending++;
    this.announce();
  }

  done(i: number, entry: GateEntry): GateEntry {
    if (this.entries[i]?.gate?.findingsPending) this.pending--;
    this.entries[i] = entry;
    this.announce();
    return entry;
  }

  private announce(): void {
    if (this.pending > 0 && this.entries.every(Boolean)) this.onPartial?.([...(this.entries as GateEntry[])]);
  }
}

/** A gate read for this MR ref is good for a listed MR with the same key: same MR, same head, same source. */
function sameReadKey(mr: MergeRequestRef): string {
  return [mr.projectPath, mr.number, mr.headSha, mr.sourceProjectRef ?? ''].join('\0');
}
