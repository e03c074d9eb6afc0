// The gate of a check-run forge's PR: the head commit's check runs (the newest of each name), their
// annotations as findings, and whatever else the forge lists beside them. Each forge passes what differs.
import type { Annotation, Check, CheckCapability, Finding, Gate, GateNote, MergeRequestRef } from '../../core/model';
import { Limiter } from '../../core/concurrency';
import { LruMap } from '../../core/lruMap';
import { STATE_TABLE } from '../../core/states';
import type { GateReadOptions } from '../forge';
import type { HttpClient, ListResult } from '../http';
import type { PaginationStyle } from '../pagination';
import { latestPerName, mapAnnotations, mapCheckRun, toCheck, type CheckRunReading, type MappedCheckRun } from './map';
import { repoApiPath } from './pullRequests';

/** Annotation reads in flight at once, for all the runs and PRs of one origin. */
const ANNOTATION_CONCURRENCY = 8;
/** Completed runs whose annotations are kept. */
const KEPT_RUNS = 500;

/**
 * What an adapter keeps between refreshes for its check runs. A completed run's annotations never
 * change (the forge makes a new run to report again), so they are read once, keyed by run id and
 * completion time; reads share one concurrency limit per origin. The same finding objects are given
 * back each time, so the store sees at a glance that they did not change.
 */
export class CheckRunMemory {
  readonly limiter = new Limiter(ANNOTATION_CONCURRENCY);
  private readonly completed = new LruMap<Finding[]>(KEPT_RUNS);

  recall(run: MappedCheckRun): Finding[] | undefined {
    const key = completedKey(run);
    return key === undefined ? undefined : this.completed.get(key);
  }

  keep(run: MappedCheckRun, findings: Finding[]): void {
    const key = completedKey(run);
    if (key === undefined) return;
    this.completed.set(key, findings);
  }
}

function completedKey(run: MappedCheckRun): string | undefined {
  return run.finishedAt && STATE_TABLE[run.state].settled ? `${run.forgeId}|${run.finishedAt}` : undefined;
}

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

export async function loadCheckRunGate(
  http: HttpClient,
  mr: MergeRequestRef,
  reading: CheckRunGateReading,
  memory: CheckRunMemory,
  options: GateReadOptions,
): Promise<Gate> {
  const { signal } = options;
  const base = repoApiPath(mr.projectPath);
  const [listed, others] = await Promise.all([
    listRuns(http, mr, reading, signal),
    reading.alongside ? reading.alongside(http, mr, signal) : Promise.resolve([]),
  ]);
  if ('code' in listed) return { mergeRequest: mr, checks: others, findings: [], notes: [listed] };
  const runs = latestPerName(listed.items.map((raw) => mapCheckRun(raw, reading.runs)));
  const gate: Gate = {
    mergeRequest: mr,
    checks: [...asChecks(runs, reading), ...others],
    findings: [],
    notes: listed.cut ? [{ code: 'listCut', kind: 'checkRun', shown: listed.items.length }] : undefined,
  };
  if (!options.withFindings) return gate;
  // More runs to read than go out at once: the checks are shown while their annotations come.
  const unread = runs.filter((run) => run.extras.annotationsCount !== 0 && !memory.recall(run)).length;
  if (options.onChecks && unread > ANNOTATION_CONCURRENCY) options.onChecks({ ...gate, findingsPending: true });
  return { ...gate, findings: await readFindings(http, base, reading.style, mr, runs, memory, signal) };
}

function runsList(http: HttpClient, mr: MergeRequestRef, reading: CheckRunGateReading, signal?: AbortSignal): Promise<ListResult<unknown>> {
  return http.list<unknown>(`${repoApiPath(mr.projectPath)}/commits/${mr.headSha}/check-runs`, reading.style, { query: reading.listQuery(mr), extract: reading.extract, signal });
}

const asChecks = (runs: readonly MappedCheckRun[], reading: CheckRunGateReading): Check[] =>
  runs.map((run) => withCapabilities(toCheck(run), reading.moreCapabilities?.(run) ?? []));

/** The PR head's runs (the newest of each name) as the gate shows them, without annotations; a refusal is thrown. */
export async function readRunChecks(http: HttpClient, mr: MergeRequestRef, reading: CheckRunGateReading, signal?: AbortSignal): Promise<Check[]> {
  const listed = await runsList(http, mr, reading, signal);
  return asChecks(latestPerName(listed.items.map((raw) => mapCheckRun(raw, reading.runs))), reading);
}

async function listRuns(http: HttpClient, mr: MergeRequestRef, reading: CheckRunGateReading, signal?: AbortSignal): Promise<ListResult<unknown> | GateNote> {
  try {
    return await runsList(http, mr, reading, signal);
  } catch (e) {
    const note = reading.refusalNote?.(e);
    if (note) return note;
    throw e;
  }
}

/**
 * Each run's annotations (all pages), as findings of the run: a run that reports none is not asked,
 * and a completed run already read is not asked again. All runs are read together, under the limit.
 */
async function readFindings(
  http: HttpClient,
  base: string,
  style: PaginationStyle,
  mr: MergeRequestRef,
  runs: readonly MappedCheckRun[],
  memory: CheckRunMemory,
  signal?: AbortSignal,
): Promise<Finding[]> {
  const read = async (run: MappedCheckRun): Promise<Finding[]> => {
    const known = memory.recall(run);
    if (known) return known;
    const pages = await memory.limiter.run(() => http.paginate<unknown>(`${base}/check-runs/${run.forgeId}/annotations`, style, { query: { per_page: 100 }, signal }));
    const findings = mapAnnotations(pages).map((a: Annotation): Finding => ({ ...a, source: 'checkRuns', sha: run.sha ?? mr.headSha, origin: run.name, checkId: run.id }));
    memory.keep(run, findings);
    return findings;
  };
  const annotated = await Promise.all(runs.filter((r) => r.extras.annotationsCount !== 0).map(read));
  return annotated.flat();
}

function withCapabilities(check: Check, more: readonly CheckCapability[]): Check {
  return more.length ? { ...check, capabilities: [...check.capabilities, ...more] } : check;
}
