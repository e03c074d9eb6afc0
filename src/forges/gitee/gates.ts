// Gitee pull requests and their check runs ("门禁检查"). Gitee's check-run JSON mirrors GitHub's.
// Gitee has no endpoint to re-run a check or press its action buttons: those open the PR page.
import type { Check, Finding, Gate, MergeRequestRef } from '../../core/model';
import { mapWithConcurrency } from '../../core/concurrency';
import type { ActionOffer, ActionOutcome, GateOperations, StatusInput } from '../forge';
import { isForgeError } from '../errors';
import type { HttpClient, ListResult } from '../http';
import { latestPerName, mapAnnotations, mapCheckRun, toCheck, type MappedCheckRun } from '../github/checkRunsMap';
import { findPullRequests, RepoReader, repoApiPath as repoPath } from '../pullRequests';

const ANNOTATION_CONCURRENCY = 4;
/** What a check-run PATCH may set while the run is not completed; a conclusion is final on Gitee. */
const CHECK_RUN_CHOICES = ['in_progress', 'success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'] as const;

function checkRunsOf(page: unknown): unknown {
  return page && typeof page === 'object' && !Array.isArray(page) ? (page as { check_runs?: unknown }).check_runs : page;
}

export class GiteeGates implements GateOperations {
  readonly repos: RepoReader;

  constructor(private readonly http: HttpClient) {
    this.repos = new RepoReader(http);
  }

  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    return findPullRequests(this.http, this.repos, 'gitee', projectPath, branch, (home, owner) => (home === projectPath ? branch : `${owner}:${branch}`), signal);
  }

  async loadGate(mr: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    const { signal } = options;
    const base = repoPath(mr.projectPath);
    // pull_request_id: runs created on the PR are listed only when it is asked for.
    const query = { per_page: 100, filter: 'latest', pull_request_id: mr.globalId };
    let listed: ListResult<unknown>;
    try {
      listed = await this.http.list<unknown>(`${base}/commits/${mr.headSha}/check-runs`, 'gitee', { query, extract: checkRunsOf, signal });
    } catch (e) {
      // Gitee shows check runs to repository administrators only.
      if (isForgeError(e, 'forbidden')) return { mergeRequest: mr, checks: [], findings: [], notes: [{ code: 'checkRunsAdminOnly' }] };
      throw e;
    }
    const runs = latestPerName(listed.items.map((raw) => mapCheckRun(raw, { retryable: true, actionsAndImages: true })));
    const withAnnotations = options.withFindings ? runs.filter((r) => r.extras.annotationsCount !== 0) : [];
    const annotated = await mapWithConcurrency(withAnnotations, ANNOTATION_CONCURRENCY, async (run: MappedCheckRun) => {
      const items = await this.http.paginate<unknown>(`${base}/check-runs/${run.forgeId}/annotations`, 'gitee', { query: { per_page: 100 }, signal });
      return { run, annotations: mapAnnotations(items) };
    });
    const findings: Finding[] = annotated.flatMap(({ run, annotations }) => annotations.map((a) => ({ ...a, source: 'checkRuns', sha: run.sha ?? mr.headSha, origin: run.name })));
    const byRun = new Map(annotated.map(({ run, annotations }) => [run.id, annotations]));
    return {
      mergeRequest: mr,
      checks: runs.map((run): Check => {
        // Only a run without a conclusion can still be set (by the repository admins who own check services).
        const open = run.state === 'pending' || run.state === 'running';
        return { ...toCheck(run, byRun.get(run.id)), capabilities: open ? [...run.capabilities, 'settable'] : run.capabilities };
      }),
      findings,
      notes: listed.cut ? [{ code: 'listCut', kind: 'checkRun', shown: listed.items.length }] : undefined,
    };
  }

  statusChoices(check: Check): readonly string[] {
    return check.kind === 'checkRun' && check.capabilities.includes('settable') ? CHECK_RUN_CHOICES : [];
  }

  isFinalStatus(_check: Check, state: string): boolean {
    return state !== 'in_progress' && state !== 'queued';
  }

  async setStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    const completed = input.state !== 'in_progress' && input.state !== 'queued';
    // Gitee's docs list `name` as required on PATCH too, so it is always sent unchanged.
    const body: Record<string, unknown> = completed
      ? { name: check.name, status: 'completed', conclusion: input.state, completed_at: new Date().toISOString() }
      : { name: check.name, status: input.state };
    if (input.description || input.summary) body.output = { title: input.description ?? check.description ?? check.name, summary: input.summary ?? input.description ?? '' };
    await this.http.send('PATCH', `${repoPath(mr.projectPath)}/check-runs/${check.forgeId}`, { body, signal });
  }

  async retry(mr: MergeRequestRef): Promise<ActionOutcome> {
    return { kind: 'openInBrowser', url: mr.webUrl, reason: 'noRerunApi' };
  }

  actionsFor(check: Check): readonly ActionOffer[] {
    const page = check.url;
    const offers: ActionOffer[] = (check.actions ?? []).map((action) => ({ id: `button:${action.id}`, label: action.label, description: action.description, via: 'browser', url: page, reason: 'noButtonApi' }));
    if (page) offers.push({ id: 'open', label: 'Open', description: page, via: 'browser', url: page });
    return offers;
  }

  async runAction(mr: MergeRequestRef, check: Check, actionId: string): Promise<ActionOutcome> {
    const offer = this.actionsFor(check).find((o) => o.id === actionId);
    if (!offer) throw new Error(`unknown action ${actionId}`);
    return { kind: 'openInBrowser', url: offer.url ?? mr.webUrl, reason: offer.reason ?? '' };
  }
}
