// Gitee API v5: pull requests and their check runs ("门禁检查"), read as every check-run forge reads them.
// The token goes in an Authorization header, never in the access_token query parameter that Gitee's own
// docs show, so that it stays out of URLs and logs. Gitee has no endpoint to re-run a check or to press
// a check's action button: both answer with a page to open, and the reason.
import type { ActionOffer, ActionOutcome, Check, ForgeProject, ForgeUser, Gate, MergeRequestRef, StatusInput } from '../../core/model';
import { isForgeError, reasonsByKind, unknownUnlessCanceled } from '../errors';
import type { Approvals } from '../../core/approvals';
import type { ApprovalActions, AwaitingAnswers, CheckActions, CheckRetries, ForgeAdapter, MergeRequestLookup, StatusSetting, RateStatus } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { CheckRunMemory, loadCheckRunGate, readRunChecks, type CheckRunGateReading } from '../checkRuns/gate';
import { pullRequestLookup, pullRequestQueue } from '../checkRuns/queue';
import { QueueMemory } from '../queueReads';
import { checkRunState, mapRepository, mapUser } from '../checkRuns/map';
import { findPullRequests, RepoReader, repoApiPath, targetBranchPath } from '../checkRuns/pullRequests';
import { checkRunsOfPage, giteeStanding, mapGiteeApprovals, mapGiteeBranchProtected, mapMayUpdateCheckRuns } from './map';
import { GiteeMerging } from './merging';

export const giteeApi = {
  apiBase: (origin: string) => `${origin}/api/v5`,
  authHeaders: (token: string) => ({ authorization: `Bearer ${token}` }),
};

/** What a check-run PATCH may set while the run is not completed; a conclusion is final on Gitee. */
const CHECK_RUN_CHOICES = ['in_progress', 'success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'] as const;

const isConclusion = (state: string): boolean => state !== 'in_progress' && state !== 'queued';

const GATE_READING: CheckRunGateReading = {
  style: 'gitee',
  // pull_request_id: runs created on the PR are listed only when it is asked for.
  listQuery: (mr) => ({ per_page: 100, filter: 'latest', pull_request_id: mr.globalId }),
  extract: checkRunsOfPage,
  // Gitee has no API to re-run a check run: none is offered as retryable (a direct call explains why).
  runs: { retryable: false, actionsAndImages: true },
  // Only a run without a conclusion can still be set (by the repository admins who own check services).
  moreCapabilities: (run) => (run.state === 'pending' || run.state === 'running' ? ['settable'] : []),
  // Gitee shows check runs to repository administrators only.
  refusalNote: (e) => (isForgeError(e, 'forbidden') ? { code: 'checkRunsAdminOnly' } : undefined),
};

export class GiteeAdapter implements ForgeAdapter {
  readonly kind = 'gitee';
  readonly merging: GiteeMerging;
  readonly creating: GiteeMerging;
  private readonly repos: RepoReader;
  private readonly checkRuns = new CheckRunMemory();
  /** The signed-in user's login, read once: is the user one of a PR's reviewers? */
  private login?: Promise<string | undefined>;
  /** Open PRs' runs queued or in progress: what the owners of check services update. */
  readonly queue: AwaitingAnswers;
  readonly mergeRequests: MergeRequestLookup;

  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.repos = new RepoReader(http);
    this.merging = this.creating = new GiteeMerging(http);
    const awaiting = async (mr: MergeRequestRef, signal: AbortSignal) =>
      (await readRunChecks(http, mr, GATE_READING, signal)).filter((c) => c.state === 'pending' || c.state === 'running').map((check) => ({ mergeRequest: mr, check, waitingSince: check.startedAt }));
    this.queue = pullRequestQueue({ http, repos: this.repos, memory: new QueueMemory(), style: 'gitee', awaiting, answerable: mapMayUpdateCheckRuns, listStanding: giteeStanding });
    this.mergeRequests = pullRequestLookup(http, giteeStanding);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GiteeAdapter {
    return new GiteeAdapter(origin, new HttpClient({ ...options, apiBase: giteeApi.apiBase(origin), authHeaders: giteeApi.authHeaders }));
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
    // Gitee takes the bare branch in the repository itself, OWNER:BRANCH in its parent.
    return findPullRequests(this.http, this.repos, 'gitee', projectPath, branch, (home, owner) => (home === projectPath ? branch : `${owner}:${branch}`), signal, giteeStanding);
  }

  async loadGate(mr: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    // The single PR carries its reviewers and who of them approved, the target branch whether any rule
    // may require checks: read beside the check runs.
    const path = targetBranchPath(mr, 'branches');
    const targetProtected = path === undefined ? undefined : this.http.get(path, { signal: options.signal }).then((r) => mapGiteeBranchProtected(r.data)).catch(unknownUnlessCanceled);
    const [gate, approvals, guarded] = await Promise.all([loadCheckRunGate(this.http, mr, GATE_READING, this.checkRuns, options), this.readApprovals(mr, options.signal), targetProtected]);
    // An unprotected target has no rule, so no check is required; a protected one may require any of them.
    const checks = guarded === false ? gate.checks.map((check) => ({ ...check, required: false })) : gate.checks;
    return { ...gate, checks, approvals };
  }

  private async readApprovals(mr: MergeRequestRef, signal?: AbortSignal): Promise<Approvals> {
    this.login ??= this.getCurrentUser().then((u) => u.username, () => ((this.login = undefined), undefined));
    try {
      const [pull, login] = await Promise.all([this.http.get(`${repoApiPath(mr.projectPath)}/pulls/${mr.number}`, { signal }), this.login]);
      return { ...mapGiteeApprovals(pull.data, login), rules: [] };
    } catch (e) {
      if (!isForgeError(e) || e.kind === 'canceled') throw e;
      return { approvedBy: [], rules: [], refused: { errorKind: e.kind, message: e.message } };
    }
  }

  /** 审查通过: POST .../pulls/:number/review. Gitee takes no sha; a user who is no reviewer is refused. */
  readonly approvals: ApprovalActions = {
    approve: async (mr, signal) => {
      await this.http.send('POST', `${repoApiPath(mr.projectPath)}/pulls/${mr.number}/review`, { signal }).catch(reasonsByKind({ forbidden: 'mayNotApprove', unauthorized: 'mayNotApprove' }));
    },
  };

  readonly statuses: StatusSetting = {
    choices: (check) => (check.kind === 'checkRun' && check.capabilities.includes('settable') ? CHECK_RUN_CHOICES : []),
    stateOf: (_check, choice) => (isConclusion(choice) ? checkRunState('completed', choice) : checkRunState(choice, undefined)),
    isFinal: (_check, state) => isConclusion(state),
    set: (mr, check, input, signal) => this.updateRun(mr, check, input, signal),
  };

  readonly retries: CheckRetries = {
    retry: async (mr) => ({ kind: 'openInBrowser', url: mr.webUrl, reason: 'noRerunApi' }),
  };

  readonly actions: CheckActions = {
    offersFor: (check) => offersFor(check),
    run: async (mr, check, actionId): Promise<ActionOutcome> => {
      const offer = offersFor(check).find((o) => o.id === actionId);
      if (!offer) throw new Error(`unknown action ${actionId}`);
      const url = offer.url ?? mr.webUrl;
      return offer.reason ? { kind: 'openInBrowser', url, reason: offer.reason } : { kind: 'openInBrowser', url };
    },
  };

  private async updateRun(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    // Gitee's docs list `name` as required on PATCH too, so it is always sent unchanged.
    const body: Record<string, unknown> = isConclusion(input.state)
      ? { name: check.name, status: 'completed', conclusion: input.state, completed_at: new Date().toISOString() }
      : { name: check.name, status: input.state };
    if (input.description || input.summary) body.output = { title: input.description ?? check.description ?? check.name, summary: input.summary ?? input.description ?? '' };
    await this.http
      .send('PATCH', `${repoApiPath(mr.projectPath)}/check-runs/${check.forgeId}`, { body, signal })
      .catch(reasonsByKind({ unprocessable: 'finalConclusion', forbidden: 'adminsOnly' }));
  }
}

/** A check run's buttons open its page: no forge lets a client press one. */
function offersFor(check: Check): readonly ActionOffer[] {
  const page = check.url;
  const offers: ActionOffer[] = (check.actions ?? []).map((action) => ({ id: `button:${action.id}`, kind: 'forgeButton', label: action.label, description: action.description, via: 'browser', url: page, reason: 'noButtonApi' }));
  if (page) offers.push({ id: 'open', kind: 'openCheckPage', via: 'browser', url: page });
  return offers;
}
