// The gate of a check-run forge's PR: the head commit's check runs (the newest of each name), their
// annotations as findings, and whatever else the forge lists beside them. Each forge passes what differs.
import type { Check, CheckCapability, Finding, Gate, GateNote, MergeRequestRef } from '../../core/model';
import { mapWithConcurrency } from '../../core/concurrency';
import type { HttpClient, ListResult } from '../http';
import type { PaginationStyle } from '../pagination';
import { latestPerName, mapAnnotations, mapCheckRun, toCheck, type CheckRunReading, type MappedCheckRun } from './map';
import { repoApiPath } from './pullRequests';

const ANNOTATION_CONCURRENCY = 4;

/** How one forge lists and reads its check runs. */
export interface CheckRunGateReading {
  readonly style: PaginationStyle;
  /** The query of GET /repos/:o/:r/commits/:sha/check-runs. */
  readonly listQuery: (mr: MergeRequestRef) => Record<string, string | number | undefined>;
  /** The runs of one page of that list (raw JSON: the forge's map.ts knows where they are). */
  readonly extract: (page: unknown) => unknown;
  readonly runs: CheckRunReading;
  /** What may be done with a run beyond what the mapping gives it (e.g. set a run that is still open). */
  readonly moreCapabilities?: (run: MappedCheckRun) => readonly CheckCapability[];
  /** Checks the forge lists elsewhere for the head commit, read in parallel with the runs. */
  readonly alongside?: (http: HttpClient, mr: MergeRequestRef, signal?: AbortSignal) => Promise<Check[]>;
  /** A refusal to list the runs that still leaves the PR to show, with this note. */
  readonly refusalNote?: (error: unknown) => GateNote | undefined;
}

export async function loadCheckRunGate(http: HttpClient, mr: MergeRequestRef, reading: CheckRunGateReading, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
  const { signal } = options;
  const base = repoApiPath(mr.projectPath);
  const [listed, others] = await Promise.all([
    listRuns(http, mr, reading, signal),
    reading.alongside ? reading.alongside(http, mr, signal) : Promise.resolve([]),
  ]);
  if ('code' in listed) return { mergeRequest: mr, checks: others, findings: [], notes: [listed] };
  const runs = latestPerName(listed.items.map((raw) => mapCheckRun(raw, reading.runs)));
  const findings = options.withFindings ? await readFindings(http, base, reading.style, mr, runs, signal) : [];
  return {
    mergeRequest: mr,
    checks: [...runs.map((run) => withCapabilities(toCheck(run), reading.moreCapabilities?.(run) ?? [])), ...others],
    findings,
    notes: listed.cut ? [{ code: 'listCut', kind: 'checkRun', shown: listed.items.length }] : undefined,
  };
}

async function listRuns(http: HttpClient, mr: MergeRequestRef, reading: CheckRunGateReading, signal?: AbortSignal): Promise<ListResult<unknown> | GateNote> {
  try {
    return await http.list<unknown>(`${repoApiPath(mr.projectPath)}/commits/${mr.headSha}/check-runs`, reading.style, { query: reading.listQuery(mr), extract: reading.extract, signal });
  } catch (e) {
    const note = reading.refusalNote?.(e);
    if (note) return note;
    throw e;
  }
}

/** Each run's annotations (all pages), as findings of the run: a run that reports none is not asked. */
async function readFindings(http: HttpClient, base: string, style: PaginationStyle, mr: MergeRequestRef, runs: readonly MappedCheckRun[], signal?: AbortSignal): Promise<Finding[]> {
  const annotated = await mapWithConcurrency(
    runs.filter((r) => r.extras.annotationsCount !== 0),
    ANNOTATION_CONCURRENCY,
    async (run) => ({ run, annotations: mapAnnotations(await http.paginate<unknown>(`${base}/check-runs/${run.forgeId}/annotations`, style, { query: { per_page: 100 }, signal })) }),
  );
  return annotated.flatMap(({ run, annotations }) => annotations.map((a): Finding => ({ ...a, source: 'checkRuns', sha: run.sha ?? mr.headSha, origin: run.name, checkId: run.id })));
}

function withCapabilities(check: Check, more: readonly CheckCapability[]): Check {
  return more.length ? { ...check, capabilities: [...check.capabilities, ...more] } : check;
}
