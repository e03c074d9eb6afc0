// Raw GitHub REST v3 JSON -> the model, for every forge that speaks it. Gitee's v5 API copies GitHub's
// shapes for users, repositories, pull requests, check runs and annotations (samples/gitee-go-scm), so
// these readers serve both; what only one forge sends stays in its own map.ts.
import type { Annotation, AnnotationLevel, Check, CheckAction, CheckCapability, CheckOutput, ForgeProject, ForgeUser, MergeRequestRef } from '../../core/model';
import type { CheckState } from '../../core/states';
import { isCommitSha, isNumericId, mergeRequestDefect } from '../../core/forgeValues';
import { asArray, asObject, optionalObject, optionalSha, optionalString, requiredId, requiredNumber, requiredString, type JsonObject } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the GitHub user');
  return { username: requiredString(user, 'login', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'html_url') };
}

export function mapRepository(raw: unknown): ForgeProject {
  const repo = asObject(raw, 'the GitHub repository');
  return {
    id: requiredId(repo, 'id', 'repository'),
    path: requiredString(repo, 'full_name', 'repository'),
    name: optionalString(repo, 'name') ?? requiredString(repo, 'full_name', 'repository'),
    webUrl: requiredString(repo, 'html_url', 'repository'),
    defaultBranch: optionalString(repo, 'default_branch'),
    upstreamPath: mapParentPath(raw),
  };
}

/** The repository a fork was made from, if it is one. */
export function mapParentPath(raw: unknown): string | undefined {
  const repo = asObject(raw, 'the repository');
  const parent = optionalObject(repo, 'parent');
  return parent ? optionalString(parent, 'full_name') : undefined;
}

export interface PullRequest extends MergeRequestRef {
  /** owner/repo the PR's head branch lives in (a fork's, for a PR from a fork). */
  readonly headRepo?: string;
}

/** A PR from GitHub (samples/github-go-scm/pulls.json) or Gitee (samples/gitee-go-scm/pulls.json): same fields. */
export function mapPullRequest(raw: unknown, projectPath: string): PullRequest {
  const pr = asObject(raw, 'a pull request');
  const number = requiredNumber(pr, 'number', 'pull request');
  const head = asObject(pr.head, 'pull request head');
  const base = asObject(pr.base, 'pull request base');
  const headRepo = optionalObject(head, 'repo');
  const user = optionalObject(pr, 'user');
  const headSha = requiredString(head, 'sha', 'pull request head');
  const sourceBranch = requiredString(head, 'ref', 'pull request head');
  const targetBranch = requiredString(base, 'ref', 'pull request base');
  return {
    reference: `#${number}`,
    number,
    title: requiredString(pr, 'title', 'pull request'),
    webUrl: requiredString(pr, 'html_url', 'pull request'),
    projectPath,
    sourceBranch,
    targetBranch,
    headSha: isCommitSha(headSha) ? headSha.toLowerCase() : '',
    author: user ? (optionalString(user, 'name') ?? optionalString(user, 'login')) : undefined,
    authorUsername: user ? optionalString(user, 'login') : undefined,
    draft: pr.draft === true,
    headRepo: headRepo ? optionalString(headRepo, 'full_name') : undefined,
    // Sent back as Gitee's pull_request_id: only a record id, never other text from the forge.
    globalId: isNumericId(pr.id) ? String(pr.id) : undefined,
    defect: mergeRequestDefect(headSha, sourceBranch, targetBranch),
  };
}

const CONCLUSION_STATES: Record<string, CheckState> = {
  success: 'passed',
  failure: 'failed',
  timed_out: 'failed',
  startup_failure: 'failed',
  neutral: 'neutral',
  skipped: 'skipped',
  cancelled: 'canceled',
  stale: 'canceled',
  action_required: 'action_required',
};

const STATUS_STATES: Record<string, CheckState> = { queued: 'pending', requested: 'pending', waiting: 'pending', pending: 'pending', in_progress: 'running' };

/** status + conclusion -> one core state; strings a forge adds later become `unknown`. */
export function checkRunState(status: string, conclusion: string | undefined): CheckState {
  if (status !== 'completed') return STATUS_STATES[status] ?? 'unknown';
  return conclusion ? (CONCLUSION_STATES[conclusion] ?? 'unknown') : 'unknown';
}

export interface CheckRunExtras {
  readonly suiteId?: string;
  readonly appSlug?: string;
  /** The Actions workflow run, parsed from details_url, for re-running failed jobs. */
  readonly workflowRunId?: string;
  readonly summary?: string;
  readonly text?: string;
  readonly images: readonly { alt: string; url: string; caption?: string }[];
  readonly annotationsCount: number;
  readonly finishedOrStarted?: string;
  readonly numericId: number;
}

export type MappedCheckRun = Check & { readonly extras: CheckRunExtras };

function mapAction(raw: unknown): CheckAction | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const action = raw as JsonObject;
  const id = optionalString(action, 'identifier');
  const label = optionalString(action, 'label');
  return id && label ? { id, label, description: optionalString(action, 'description') } : undefined;
}

export interface CheckRunReading {
  readonly retryable: boolean;
  /**
   * Whether the forge's check-run object carries `actions` and `output.images`. GitHub's REST object
   * has neither (they exist only in what an app sends and in webhooks); Gitee documents both.
   */
  readonly actionsAndImages: boolean;
}

export function mapCheckRun(raw: unknown, options: CheckRunReading): MappedCheckRun {
  const run = asObject(raw, 'a check run');
  const id = requiredId(run, 'id', 'check run');
  const status = requiredString(run, 'status', 'check run');
  const conclusion = optionalString(run, 'conclusion');
  const state = checkRunState(status, conclusion);
  const output = optionalObject(run, 'output') ?? {};
  const app = optionalObject(run, 'app');
  const suite = optionalObject(run, 'check_suite');
  const detailsUrl = optionalString(run, 'details_url') || undefined;
  const actions = options.actionsAndImages && Array.isArray(run.actions) ? run.actions.map(mapAction).filter((a): a is CheckAction => !!a) : [];
  const capabilities: CheckCapability[] = [];
  if (options.retryable && (state === 'failed' || state === 'canceled' || state === 'action_required')) capabilities.push('retryable');
  if (actions.length) capabilities.push('hasActions');
  const url = detailsUrl ?? (optionalString(run, 'html_url') || undefined);
  if (url) capabilities.push('openable');
  const images = options.actionsAndImages && Array.isArray(output.images)
    ? output.images.flatMap((i) => {
        const image = i && typeof i === 'object' ? (i as JsonObject) : {};
        const imageUrl = optionalString(image, 'image_url');
        return imageUrl ? [{ alt: optionalString(image, 'alt') ?? '', url: imageUrl, caption: optionalString(image, 'caption') }] : [];
      })
    : [];
  return {
    id: `checkRun:${id}`,
    kind: 'checkRun',
    forgeId: id,
    name: requiredString(run, 'name', 'check run'),
    state,
    rawState: conclusion ?? status,
    url,
    sha: optionalSha(run, 'head_sha', 'check run'),
    description: optionalString(output, 'title') || undefined,
    startedAt: optionalString(run, 'started_at'),
    finishedAt: optionalString(run, 'completed_at'),
    actions,
    capabilities,
    extras: {
      numericId: Number(id),
      suiteId: suite && suite.id !== undefined ? requiredId(suite, 'id', 'check suite') : undefined,
      appSlug: app ? optionalString(app, 'slug') : undefined,
      workflowRunId: detailsUrl ? /\/actions\/runs\/(\d+)/.exec(detailsUrl)?.[1] : undefined,
      summary: optionalString(output, 'summary') || undefined,
      text: optionalString(output, 'text') || undefined,
      images,
      annotationsCount: typeof output.annotations_count === 'number' ? output.annotations_count : -1,
      finishedOrStarted: optionalString(run, 'completed_at') ?? optionalString(run, 'started_at'),
    },
  };
}

/** Runs with one name from several suites: only the newest counts, as on the forge's PR page. */
export function latestPerName(runs: readonly MappedCheckRun[]): MappedCheckRun[] {
  const newest = new Map<string, MappedCheckRun>();
  for (const run of runs) {
    const current = newest.get(run.name);
    const newer = !current || (run.extras.finishedOrStarted ?? '') > (current.extras.finishedOrStarted ?? '') || ((run.extras.finishedOrStarted ?? '') === (current.extras.finishedOrStarted ?? '') && run.extras.numericId > current.extras.numericId);
    if (newer) newest.set(run.name, run);
  }
  return runs.filter((run) => newest.get(run.name) === run);
}

const LEVELS: Record<string, AnnotationLevel> = { failure: 'failure', warning: 'warning', notice: 'notice' };

/** One page of annotations. A malformed entry is skipped rather than failing the whole run. */
export function mapAnnotations(raw: unknown): Annotation[] {
  return asArray(raw, 'check run annotations').flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const a = item as JsonObject;
    const path = optionalString(a, 'path');
    const message = optionalString(a, 'message');
    if (!path || message === undefined) return [];
    const num = (key: string) => (typeof a[key] === 'number' ? (a[key] as number) : undefined);
    const startLine = num('start_line') ?? 1;
    return [
      {
        path,
        startLine,
        endLine: num('end_line') ?? startLine,
        startColumn: num('start_column'),
        endColumn: num('end_column'),
        level: LEVELS[optionalString(a, 'annotation_level') ?? ''] ?? 'warning',
        message,
        title: optionalString(a, 'title') || undefined,
        rawDetails: optionalString(a, 'raw_details') || undefined,
      },
    ];
  });
}

/** The model's view of a run: its report, without the forge extras. Its annotations are findings of the gate. */
export function toCheck(run: MappedCheckRun): Check {
  const { extras, ...check } = run;
  const output: CheckOutput | undefined = extras.summary || extras.text || extras.images.length ? { summary: extras.summary, text: extras.text, images: extras.images } : undefined;
  return { ...check, output };
}
