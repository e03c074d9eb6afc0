// GitHub pull requests and their gates: check runs (with annotations) and commit statuses.
import type { Check, Finding, Gate, MergeRequestRef } from '../../core/model';
import { mapWithConcurrency } from '../../core/concurrency';
import type { ActionOffer, ActionOutcome, GateOperations, StatusInput } from '../forge';
import type { HttpClient } from '../http';
import { latestPerName, mapAnnotations, mapCheckRun, toCheck } from './checkRunsMap';
import { findPullRequests, RepoReader, repoApiPath as repoPath } from '../pullRequests';
import { GITHUB_STATUS_STATES, mapCommitStatus } from './map';

const ANNOTATION_CONCURRENCY = 4;

export class GitHubGates implements GateOperations {
  readonly repos: RepoReader;

  constructor(private readonly http: HttpClient) {
    this.repos = new RepoReader(http);
  }

  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    return findPullRequests(this.http, this.repos, 'github', projectPath, branch, (_home, owner) => `${owner}:${branch}`, signal);
  }

  async loadGate(mr: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    const { signal } = options;
    const base = repoPath(mr.projectPath);
    const [runPages, combined] = await Promise.all([
      this.http.paginate<unknown>(`${base}/commits/${mr.headSha}/check-runs`, 'github', {
        query: { filter: 'latest', per_page: 100 },
        extract: (page) => (page && typeof page === 'object' ? (page as { check_runs?: unknown }).check_runs : page),
        signal,
      }),
      this.http.get<{ statuses?: unknown[] }>(`${base}/commits/${mr.headSha}/status`, { query: { per_page: 100 }, signal }),
    ]);
    const runs = latestPerName(runPages.map((raw) => mapCheckRun(raw, { retryable: true, actionsAndImages: false })));
    const withAnnotations = options.withFindings ? runs.filter((r) => r.extras.annotationsCount !== 0) : [];
    const annotated = await mapWithConcurrency(withAnnotations, ANNOTATION_CONCURRENCY, async (run) => {
      const items = await this.http.paginate<unknown>(`${base}/check-runs/${run.forgeId}/annotations`, 'github', { query: { per_page: 100 }, signal });
      return { run, annotations: mapAnnotations(items) };
    });
    const findings: Finding[] = annotated.flatMap(({ run, annotations }) => annotations.map((a) => ({ ...a, source: 'checkRuns', sha: run.sha ?? mr.headSha, origin: run.name })));
    const byRun = new Map(annotated.map(({ run, annotations }) => [run.id, annotations]));
    const statuses = Array.isArray(combined.data?.statuses) ? combined.data.statuses : [];
    return {
      mergeRequest: mr,
      checks: [...runs.map((run) => toCheck(run, byRun.get(run.id))), ...statuses.map((s) => mapCommitStatus(s, mr.headSha))],
      findings,
    };
  }

  statusChoices(check: Check): readonly string[] {
    return check.kind === 'commitStatus' ? GITHUB_STATUS_STATES : [];
  }

  async setStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    if (check.kind !== 'commitStatus') throw new Error(`${check.kind} has no status to set`);
    await this.http.send('POST', `${repoPath(mr.projectPath)}/statuses/${mr.headSha}`, {
      body: { state: input.state, context: check.forgeId, description: input.description, target_url: input.targetUrl },
      signal,
    });
  }

  /** An Actions run: re-run its failed jobs. Any other app's run: rerequest its check suite. */
  async retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome> {
    const base = repoPath(mr.projectPath);
    // Read the run afresh: which app made it and which suite or workflow run it belongs to.
    const run = mapCheckRun((await this.http.get(`${base}/check-runs/${check.forgeId}`, { signal })).data, { retryable: true, actionsAndImages: false });
    if (run.extras.appSlug === 'github-actions' && run.extras.workflowRunId) {
      await this.http.send('POST', `${base}/actions/runs/${run.extras.workflowRunId}/rerun-failed-jobs`, { signal });
    } else if (run.extras.suiteId) {
      await this.http.send('POST', `${base}/check-suites/${run.extras.suiteId}/rerequest`, { signal });
    } else {
      await this.http.send('POST', `${base}/check-runs/${check.forgeId}/rerequest`, { signal });
    }
    return { kind: 'done' };
  }

  /**
   * What really exists for a GitHub check run: a re-run, and its details page. GitHub's REST check-run
   * object carries no `actions`, so no button is offered as if it had been read.
   */
  actionsFor(check: Check): readonly ActionOffer[] {
    const offers: ActionOffer[] = [];
    if (check.capabilities.includes('retryable')) offers.push({ id: 'retry', label: 'Re-run', description: 'Re-run the failed jobs, or ask the check\'s app to run again', via: 'api' });
    if (check.url) offers.push({ id: 'open', label: 'Open the details page', description: check.url, via: 'browser', url: check.url });
    return offers;
  }

  async runAction(mr: MergeRequestRef, check: Check, actionId: string, _variables?: Record<string, string>, signal?: AbortSignal): Promise<ActionOutcome> {
    if (actionId === 'retry') return this.retry(mr, check, signal);
    const offer = this.actionsFor(check).find((o) => o.id === actionId);
    if (!offer) throw new Error(`unknown action ${actionId}`);
    return { kind: 'openInBrowser', url: offer.url ?? `${mr.webUrl}/checks`, reason: offer.reason ?? '' };
  }
}

