// GitLab (gitlab.com, self-managed under any path prefix, JiHu) API v4: the gate of a merge request
// (gateReader.ts), and what can be done with its checks: answer a status check or post a commit status,
// retry, play a manual job, a maintainer's administration of the project's status check services, and
// merging or opening merge requests (merging.ts).
import type { ActionOffer, ActionOutcome, Check, CheckKind, ForgeErrorKind, ForgeProject, ForgeUser, Gate, MergeRequestRef, ReasonCode, StatusInput } from '../../core/model';
import { ForgeError, reasonsByKind } from '../errors';
import { LOG_REFUSALS, LOG_STREAM_LIMIT_BYTES, LOG_TIMEOUT_MS, type ApprovalActions, type AwaitingAnswers, type CheckActions, type CheckRetries, type ForgeAdapter, type JobLogs, type MergeRequestLookup, type StatusSetting, type RateStatus } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { gitlabApprovals } from './approvals';
import { GitLabGateReader } from './gateReader';
import { ciState, GITLAB_COMMIT_STATUS_STATES, mapUser, statusCheckState } from './map';
import { GitLabMerging } from './merging';
import { GitLabStatusCheckAdmin } from './statusCheckAdmin';
import { gitlabMergeRequests, gitlabQueue } from './queue';
import { QueueMemory } from '../queueReads';

export const gitlabApi = {
  apiBase: (origin: string) => `${origin}/api/v4`,
  /** GitLab's GraphQL endpoint, beside the REST root: {apiBase}/../graphql, i.e. /api/graphql. */
  graphqlUrl: (apiBase: string) => new URL('../graphql', `${apiBase.replace(/\/+$/, '')}/`).toString(),
  // PRIVATE-TOKEN works for personal, project and group access tokens alike.
  authHeaders: (token: string) => ({ 'PRIVATE-TOKEN': token }),
};

const enc = encodeURIComponent;
const STATUS_CHECK_CHOICES = ['passed', 'failed', 'pending'] as const;

/** POST /projects/:id/statuses/:sha takes at most 255 characters in ref, target_url and description. */
const COMMIT_STATUS_FIELD_LIMIT = 255;

/** What GitLab's documented refusals of a retry mean, per kind of check. */
const RETRY_REFUSALS: Partial<Record<CheckKind, Partial<Record<ForgeErrorKind, ReasonCode>>>> = {
  externalStatusCheck: { unprocessable: 'statusCheckNotFailed', forbidden: 'notAllowed', unauthorized: 'notAllowed' },
  job: { forbidden: 'jobNotRetryable', unauthorized: 'notAllowed' },
  pipeline: { forbidden: 'notAllowed', unauthorized: 'notAllowed' },
};

export class GitLabAdapter implements ForgeAdapter {
  readonly kind = 'gitlab';
  readonly statusCheckAdmin: GitLabStatusCheckAdmin;
  readonly approvals: Required<ApprovalActions>;
  readonly merging: GitLabMerging;
  readonly creating: GitLabMerging;
  readonly queue: AwaitingAnswers;
  readonly mergeRequests: MergeRequestLookup;
  private readonly reader: GitLabGateReader;

  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.reader = new GitLabGateReader(http, gitlabApi.graphqlUrl(http.apiBase));
    this.statusCheckAdmin = new GitLabStatusCheckAdmin(http);
    this.approvals = gitlabApprovals(http);
    this.merging = this.creating = new GitLabMerging(http);
    this.queue = gitlabQueue(http, new QueueMemory());
    this.mergeRequests = gitlabMergeRequests(http);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GitLabAdapter {
    const apiBase = gitlabApi.apiBase(origin);
    // The token goes to /api/graphql too: the same instance, the same token, the same client.
    return new GitLabAdapter(origin, new HttpClient({ ...options, apiBase, authHeaders: gitlabApi.authHeaders, alsoTrusted: [gitlabApi.graphqlUrl(apiBase)] }));
  }

  rateStatus(): RateStatus {
    return this.http.rateStatus();
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return this.reader.project(projectPath, signal);
  }

  findMergeRequests(projectPath: string, branch: string, signal?: AbortSignal): Promise<MergeRequestRef[]> {
    return this.reader.findMergeRequests(projectPath, branch, signal);
  }

  loadGate(mr: MergeRequestRef, options: { withFindings: boolean; signal?: AbortSignal }): Promise<Gate> {
    return this.reader.loadGate(mr, options);
  }

  readonly statuses: StatusSetting = {
    choices: (check) => (check.kind === 'externalStatusCheck' ? STATUS_CHECK_CHOICES : check.kind === 'commitStatus' ? GITLAB_COMMIT_STATUS_STATES : []),
    stateOf: (check, choice) => (check.kind === 'externalStatusCheck' ? statusCheckState(choice) : ciState(choice)),
    textLimit: (check) => (check.kind === 'commitStatus' ? COMMIT_STATUS_FIELD_LIMIT : undefined),
    set: (mr, check, input, signal) => this.setStatus(mr, check, input, signal),
  };

  readonly retries: CheckRetries = {
    retry: (mr, check, signal) => this.retry(mr, check, signal).catch(reasonsByKind(RETRY_REFUSALS[check.kind] ?? {})),
  };

  readonly actions: CheckActions = {
    offersFor: (check) => offersFor(check),
    run: (mr, check, actionId, variables, signal) => this.runAction(mr, check, actionId, variables, signal),
  };

  readonly logs: JobLogs = {
    // The trace is the whole log as text/plain (lib/api/ci/jobs.rb, `build.trace.raw`), with no ranges.
    read: (mr, check, keepBytes, signal) =>
      this.http
        .getText(`${projectBase(check, mr)}/jobs/${check.forgeId}/trace`, { keepBytes, streamLimitBytes: LOG_STREAM_LIMIT_BYTES, timeoutMs: LOG_TIMEOUT_MS, signal })
        .catch(reasonsByKind(LOG_REFUSALS)),
  };

  private async setStatus(mr: MergeRequestRef, check: Check, input: StatusInput, signal?: AbortSignal): Promise<void> {
    if (check.kind === 'externalStatusCheck') {
      // All three are required by the API; the sha must be the MR's current head or GitLab answers 409.
      await this.http
        .send('POST', `/projects/${enc(mr.projectPath)}/merge_requests/${mr.number}/status_check_responses`, {
          body: { sha: mr.headSha, external_status_check_id: Number(check.forgeId), status: input.state },
          signal,
        })
        .catch(reasonsByKind({ conflict: 'shaMoved' }));
      return;
    }
    if (check.kind === 'commitStatus') {
      const body = { state: input.state, name: check.forgeId, ref: check.ref ?? mr.sourceBranch, description: input.description, target_url: input.targetUrl };
      tooLongForGitLab(body);
      // A fork MR's statuses belong to its source project, where the head commit is.
      await this.http.send('POST', `${projectBase(check, mr)}/statuses/${mr.headSha}`, { body, signal }).catch(reasonsByKind({ badRequest: 'invalidTransition' }));
      return;
    }
    throw new Error(`${check.kind} has no status to set`);
  }

  private async retry(mr: MergeRequestRef, check: Check, signal?: AbortSignal): Promise<ActionOutcome> {
    // Jobs and pipelines are retried in the project the pipeline runs in (a fork's, for most fork MRs).
    const home = projectBase(check, mr);
    const paths: Partial<Record<CheckKind, string>> = {
      externalStatusCheck: `/projects/${enc(mr.projectPath)}/merge_requests/${mr.number}/status_checks/${check.forgeId}/retry`,
      job: `${home}/jobs/${check.forgeId}/retry`,
      pipeline: `${home}/pipelines/${check.forgeId}/retry`,
    };
    const path = paths[check.kind];
    if (!path) throw new Error(`${check.kind} cannot be retried`);
    await this.http.send('POST', path, { signal });
    return { kind: 'done' };
  }

  private async runAction(mr: MergeRequestRef, check: Check, actionId: string, variables?: Record<string, string>, signal?: AbortSignal): Promise<ActionOutcome> {
    switch (actionId) {
      case 'play': {
        const body = variables && Object.keys(variables).length ? { job_variables_attributes: Object.entries(variables).map(([key, value]) => ({ key, value })) } : undefined;
        await this.http.send('POST', `${projectBase(check, mr)}/jobs/${check.forgeId}/play`, { body, signal });
        return { kind: 'done' };
      }
      case 'retry':
        return this.retries.retry(mr, check, signal);
      case 'open':
        if (check.url) return { kind: 'openInBrowser', url: check.url };
        break;
    }
    throw new Error(`unknown action ${actionId}`);
  }
}

function offersFor(check: Check): readonly ActionOffer[] {
  const offers: ActionOffer[] = [];
  if (check.capabilities.includes('playable')) offers.push({ id: 'play', kind: 'playJob', via: 'api' });
  if (check.kind === 'externalStatusCheck' && check.state === 'failed') {
    offers.push({ id: 'retry', kind: 'resendStatusCheck', via: 'api' });
  } else if (check.capabilities.includes('retryable')) {
    offers.push({ id: 'retry', kind: 'retryJob', via: 'api' });
  }
  if (check.url) offers.push({ id: 'open', kind: 'openCheckPage', via: 'browser', url: check.url });
  return offers;
}

/** Where a check lives: its own project when the forge said so (a fork's pipeline), else the MR's. */
function projectBase(check: Check, mr: MergeRequestRef): string {
  return `/projects/${check.projectRef ?? enc(mr.projectPath)}`;
}

function tooLongForGitLab(body: Record<string, string | undefined>): void {
  for (const field of ['ref', 'target_url', 'description']) {
    const length = [...(body[field] ?? '')].length;
    if (length > COMMIT_STATUS_FIELD_LIMIT) {
      throw new ForgeError('badRequest', `${field} has ${length} characters; GitLab accepts at most ${COMMIT_STATUS_FIELD_LIMIT}, so nothing was sent`);
    }
  }
}
