// GitHub REST: github.com (API at api.github.com) and GitHub Enterprise Server (API under /api/v3). Pull
// requests and their gates: check runs, read as every check-run forge reads them, and commit statuses.
import type { ActionOffer, ActionOutcome, Check, ForgeProject, ForgeUser, Gate, MergeRequestRef, StatusInput } from '../../core/model';
import { reasonsByKind, unknownUnlessCanceled } from '../errors';
import { LOG_REFUSALS, LOG_STREAM_LIMIT_BYTES, LOG_TIMEOUT_MS, type ApprovalActions, type AwaitingAnswers, type CheckActions, type CheckRetries, type ForgeAdapter, type GateReadOptions, type JobLogs, type MergeRequestLookup, type StatusSetting, type RateStatus } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { CheckRunMemory, loadCheckRunGate, type CheckRunGateReading } from '../checkRuns/gate';
import { mapCheckRun, mapRepository, mapUser, type CheckRunReading } from '../checkRuns/map';
import { findPullRequests, RepoReader, repoApiPath, targetBranchPath } from '../checkRuns/pullRequests';
import { githubApprovals, readGitHubApprovals } from './approvals';
import { checkRunsOfPage, GITHUB_STATUS_STATES, githubStatusState, mapClassicRequiredContexts, mapCombinedStatus, mapMayCreateStatuses, mapPullStanding, requiredContextsOfRules } from './map';
import { pullRequestLookup, pullRequestQueue } from '../checkRuns/queue';
import { QueueMemory } from '../queueReads';
import { withRequiredContexts } from './requiredChecks';
import { GitHubMerging } from './merging';

export const githubApi = {
  apiBase: (origin: string) => (origin === 'https://github.com' ? 'https://api.github.com' : `${origin}/api/v3`),
  authHeaders: (token: string) => ({ authorization: `Bearer ${token}` }),
  defaultHeaders: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
};

const RUNS: CheckRunReading = { retryable: true, actionsAndImages: false };

const GATE_READING: CheckRunGateReading = {
  style: 'github',
  listQuery: () => ({ filter: 'latest', per_page: 100 }),
  extract: checkRunsOfPage,
  runs: RUNS,
  // An Actions check run is its workflow job: the job has the run's id (its check_run_url ends with it).
  moreCapabilities: (run) => (run.extras.appSlug === 'github-actions' && run.startedAt ? ['hasLog'] : []),
  alongside: async (http, mr, signal) => (await combinedStatus(http, mr, signal)).map((s) => s.check),
};

/** The head's combined status: the newest status of each context. */
async function combinedStatus(http: HttpClient, mr: MergeRequestRef, signal?: AbortSignal): Promise<ReturnType<typeof mapCombinedStatus>> {
  return mapCombinedStatus((await http.get(`${repoApiPath(mr.projectPath)}/commits/${mr.headSha}/status`, { query: { per_page: 100 }, signal })).data, mr.headSha);
}

export class GitHubAdapter implements ForgeAdapter {
  readonly kind = 'github';
  readonly merging: GitHubMerging;
  readonly creating: GitHubMerging;
  private readonly repos: RepoReader;
  private readonly checkRuns = new CheckRunMemory();
  /** The signed-in user's login, read once: whose reviews are the user's own. */
  private login?: Promise<string | undefined>;
  readonly approvals: ApprovalActions;
  /** Open PRs' pending commit statuses: what the owners of check services answer. */
  readonly queue: AwaitingAnswers;
  readonly mergeRequests: MergeRequestLookup;

  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.repos = new RepoReader(http);
    this.approvals = githubApprovals(http);
    this.merging = this.creating = new GitHubMerging(http);
    this.queue = pullRequestQueue({
      http,
      repos: this.repos,
      memory: new QueueMemory(),
      style: 'github',
      awaiting: async (mr, signal) =>
        (await combinedStatus(http, mr, signal)).filter((s) => s.check.state === 'pending').map((s) => ({ mergeRequest: mr, check: s.check, waitingSince: s.since })),
      answerable: mapMayCreateStatuses,
    });
    this.mergeRequests = pullRequestLookup(http, mapPullStanding);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GitHubAdapter {
    return new GitHubAdapter(
      origin,
      new HttpClient({
        ...options,
        apiBase: githubApi.apiBase(origin),
        authHeaders: githubApi.authHeaders,
        defaultHeaders: { ...githubApi.defaultHeaders, ...options.defaultHeaders },
        // "Making a conditional request does not count against your primary rate limit if a 304 is returned."
        freeNotModified: true,
      }),
    );
  }

  rateStatus(): RateStatus {
    return this.http.rateStatus();
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  async getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return mapRepository(await this.repos.read(projectPath, signal));
  }

  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    return findPullRequests(this.http, this.repos, 'github', projectPath, branch, (_home, owner) => `${owner}:${branch}`, signal);
  }

  async loadGate(mr: MergeRequestRef, options: GateReadOptions): Promise<Gate> {
    const login = () => (this.login ??= this.getCurrentUser().then((u) => u.username, () => ((this.login = undefined), undefined)));
    const { signal } = options;
    const base = repoApiPath(mr.projectPath);
    // With the check runs, in the same round trip: the target branch's rules (its required checks and
    // approving review count, read once for both), its classic protection, the reviews, and the PR
    // itself (the list does not say whether it can merge).
    const rules = this.branchRead<unknown[]>(mr, 'rules/branches', (path) => this.http.paginate<unknown>(path, 'github', { query: { per_page: 100 }, signal }));
    rules.catch(() => undefined);
    const classic = this.branchRead(mr, 'branches', (path) => this.http.get(path, { signal }).then((r) => mapClassicRequiredContexts(r.data)));
    const standing = this.http.get(`${base}/pulls/${mr.number}`, { signal }).then((r) => mapPullStanding(r.data)).catch(unknownUnlessCanceled);
    const [gate, approvals, ruleList, classicContexts, pull] = await Promise.all([
      loadCheckRunGate(this.http, mr, GATE_READING, this.checkRuns, options),
      readGitHubApprovals(this.http, mr, login, rules, signal),
      rules,
      classic,
      standing,
    ]);
    const required = [...(ruleList ? requiredContextsOfRules(ruleList) : []), ...(classicContexts ?? [])];
    const withRequired = withRequiredContexts({ ...gate, approvals }, required, ruleList !== undefined && classicContexts !== undefined);
    return pull ? { ...withRequired, mergeRequest: { ...withRequired.mergeRequest, ...pull } } : withRequired;
  }

  /** A read about the PR's target branch; undefined when it cannot be read. */
  private async branchRead<T>(mr: MergeRequestRef, under: string, read: (path: string) => Promise<T>): Promise<T | undefined> {
    const path = targetBranchPath(mr, under);
    return path === undefined ? undefined : read(path).catch(unknownUnlessCanceled);
  }

  readonly statuses: StatusSetting = {
    choices: (check) => (check.kind === 'commitStatus' ? GITHUB_STATUS_STATES : []),
    stateOf: (_check, choice) => githubStatusState(choice),
    set: (mr, check, input, signal) => this.postStatus(mr, check, input, signal),
  };

  readonly retries: CheckRetries = {
    // A token may re-run only what its own app made, or Actions runs it may write to.
    retry: (mr, check, signal) => this.rerun(mr, check, signal).catch(reasonsByKind({ forbidden: 'rerunRefused', notFound: 'rerunRefused', unprocessable: 'rerunRefused', unauthorized: 'notAllowed' })),
  };

  readonly actions: CheckActions = {
    offersFor: (check) => offersFor(check),
    run: async (mr, check, actionId, _variables, signal): Promise<ActionOutcome> => {
      if (actionId === 'retry') return this.retries.retry(mr, check, signal);
      const offer = offersFor(check).find((o) => o.id === actionId);
      if (!offer) throw new Error(`unknown action ${actionId}`);
      const url = offer.url ?? `${mr.webUrl}/checks`;
      return offer.reason ? { kind: 'openInBrowser', url, reason: offer.reason } : { kind: 'openInBrowser', url };
    },
  };

  readonly logs: JobLogs = {
    // GitHub answers 302 to a short-lived address elsewhere; the client follows it without the token.
    read: (mr, check, keepBytes, signal) =>
      this.http
        .getText(`${repoApiPath(mr.projectPath)}/actions/jobs/${check.forgeId}/logs`, {
          keepBytes, streamLimitBytes: LOG_STREAM_LIMIT_BYTES, timeoutMs: LOG_TIMEOUT_MS, leavesApi: true, signal,
        })
        .catch(reasonsByKind(LOG_REFUSALS)),
  };

  private async postStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    if (check.kind !== 'commitStatus') throw new Error(`${check.kind} has no status to set`);
    await this.http.send('POST', `${repoApiPath(mr.projectPath)}/statuses/${mr.headSha}`, {
      body: { state: input.state, context: check.forgeId, description: input.description, target_url: input.targetUrl },
      signal,
    });
  }

  /** An Actions run: re-run its failed jobs. Any other app's run: rerequest its check suite. */
  private async rerun(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome> {
    const base = repoApiPath(mr.projectPath);
    // Read the run afresh: which app made it and which suite or workflow run it belongs to.
    const run = mapCheckRun((await this.http.get(`${base}/check-runs/${check.forgeId}`, { signal })).data, RUNS);
    if (run.extras.appSlug === 'github-actions' && run.extras.workflowRunId) {
      await this.http.send('POST', `${base}/actions/runs/${run.extras.workflowRunId}/rerun-failed-jobs`, { signal });
    } else if (run.extras.suiteId) {
      await this.http.send('POST', `${base}/check-suites/${run.extras.suiteId}/rerequest`, { signal });
    } else {
      await this.http.send('POST', `${base}/check-runs/${check.forgeId}/rerequest`, { signal });
    }
    return { kind: 'done' };
  }
}

/**
 * What really exists for a GitHub check run: a re-run, and its details page. GitHub's REST check-run
 * object carries no `actions`, so no button is offered as if it had been read.
 */
function offersFor(check: Check): readonly ActionOffer[] {
  const offers: ActionOffer[] = [];
  if (check.capabilities.includes('retryable')) offers.push({ id: 'retry', kind: 'rerunCheckRun', via: 'api' });
  if (check.url) offers.push({ id: 'open', kind: 'openDetailsPage', via: 'browser', url: check.url });
  return offers;
}
