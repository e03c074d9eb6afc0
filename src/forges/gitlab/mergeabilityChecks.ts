// Every merge check GitLab runs on a merge request, from its GraphQL API, where REST's
// detailed_merge_status names only the first that fails. Asked only of an MR REST says cannot merge,
// once per state of it (a settled poll stays all-304 REST and sends no POST), and never again for a
// while on an instance that cannot answer; without an answer the REST reasons stand.
//
// What GitLab's source says (gitlabhq/gitlabhq), facts only:
// - The endpoint is `POST /api/graphql` on the instance (config/routes/api.rb: `post '/api/graphql',
//   to: 'graphql#execute'`), beside `/api/v4`, under the same path prefix. It reads the same
//   PRIVATE-TOKEN header: app/controllers/graphql_controller.rb includes Gitlab::Auth::AuthFinders
//   (find_personal_access_token) and authenticates with `authenticate_sessionless_user!(:graphql_api)`;
//   a token it does not know is 401 `{"errors":[{"message":"Invalid token"}]}`, a user without API
//   access 403 `API not accessible for user`; queries over 10,000 characters are refused.
// - `MergeRequest.mergeabilityChecks: [MergeRequestMergeabilityCheck!]!` (app/graphql/types/
//   merge_request_type.rb: `field :mergeability_checks`, method all_mergeability_checks_results,
//   `experiment: { milestone: '16.5' }`): introduced in GitLab 16.5, as an experiment. Reached as
//   `project(fullPath: ID!) { mergeRequest(iid: String!) { … } }`; either is null when not readable.
// - MergeRequestMergeabilityCheck (app/graphql/types/merge_requests/mergeability_check_type.rb):
//   `identifier: MergeabilityCheckIdentifier!`, `status: MergeabilityCheckStatus!` (later also
//   `missingOwners`, not asked for here).
// - MergeabilityCheckStatus (…/mergeability_check_status_enum.rb): SUCCESS, CHECKING, FAILED, INACTIVE
//   ("disabled via settings"), WARNING ("passed with a warning"). 16.5 had SUCCESS, FAILED and INACTIVE;
//   WARNING and CHECKING came later. Only FAILED and CHECKING block.
// - MergeabilityCheckIdentifier (…/mergeability_check_identifier_enum.rb) is generated: one value per
//   class of MergeRequest.all_mergeability_checks, `identifier.upcase`, where the identifier is the
//   very symbol REST's detailed_merge_status reports when that check fails first
//   (app/services/merge_requests/mergeability/detailed_merge_status_service.rb returns
//   `payload[:failed_check]`): e.g. CheckCiStatusService `ci_must_pass`, CheckRebaseStatusService
//   `need_rebase`, CheckApprovedStatusService `not_approved`, CheckLfsFileLocksService
//   `locked_lfs_files`, CheckMergeRequestTitleRegexService `title_regex`, EE
//   CheckRequestedChangesService `requested_changes`, CheckExternalStatusChecksPassedService
//   `status_checks_must_pass`. So lower-casing an identifier gives the REST word.
// - An instance without the field answers 200 with `{"errors":[{"message":"Field 'mergeabilityChecks'
//   doesn't exist on type 'MergeRequest'", "locations":[…], "path":[…], "extensions":{"code":
//   "undefinedField", "typeName":"MergeRequest", "fieldName":"mergeabilityChecks"}}]}` and no data
//   (graphql-ruby, lib/graphql/static_validation/rules/fields_are_defined_on_type{,_error}.rb).
//   One without GraphQL answers 404 (no route), often as an HTML page.
import type { Approvals } from '../../core/approvals';
import { LruMap } from '../../core/lruMap';
import type { Check, MergeCheck, MergeRequestRef } from '../../core/model';
import { isForgeError } from '../errors';
import type { HttpClient } from '../http';
import { mapMergeabilityChecks, type MergeabilityCheckResult } from './map';

/** The query; the MR is named only through variables, never written into it. */
export const MERGEABILITY_QUERY =
  'query mrGatesMergeabilityChecks($fullPath: ID!, $iid: String!) { project(fullPath: $fullPath) { mergeRequest(iid: $iid) { mergeabilityChecks { identifier status } } } }';

/** An instance that could not answer is asked again only after this long. */
export const REFUSED_RETRY_MS = 30 * 60_000;
/** An answer is reused at most this long, for what no REST field shows (a reviewer's requested changes, a merge time passing). */
export const ANSWER_REUSE_MS = 10 * 60_000;
/** Refusals that say the instance will not answer this query (404 no GraphQL, 403/401 not for this token, not JSON). */
const REFUSALS = new Set(['notFound', 'forbidden', 'unauthorized', 'badRequest', 'badResponse']);

interface KeptAnswer {
  readonly basis: string;
  /** The MR's own part of the basis (mergeRequestBasis): what an early ask can compare before the checks are read. */
  readonly mrBasis: string;
  readonly checks: readonly MergeCheck[];
  readonly at: number;
}

/**
 * What the merge checks of an MR depend on, as REST read it: its head, its status and last update, its
 * own flags, every check's state and requirement, and its approvals. Equal bases reuse the answer.
 */
export function mergeabilityBasis(mr: MergeRequestRef & { readonly updatedAt?: string }, checks: readonly Check[], approvals: Approvals | undefined): string {
  const states = checks.map((c) => [c.id, c.state, c.required ?? null]);
  const approved = approvals ? [approvals.approvedBy.map((a) => a.username), approvals.left ?? null, approvals.refused?.errorKind ?? null] : null;
  return JSON.stringify([mergeRequestBasis(mr), states, approved]);
}

/** The part of the basis the single MR alone gives: its head, status, last update and own flags. */
export function mergeRequestBasis(mr: MergeRequestRef & { readonly updatedAt?: string }): string {
  return JSON.stringify([mr.headSha, mr.mergeStatus ?? null, mr.updatedAt ?? null, mr.hasConflicts ?? null, mr.draft ?? null, mr.threadsResolved ?? null]);
}

/** The blocking ones, in GitLab's order. */
export function blockingChecks(checks: readonly MergeabilityCheckResult[]): MergeCheck[] {
  return checks.flatMap((c): MergeCheck[] => (c.status === 'failed' || c.status === 'checking' ? [{ identifier: c.identifier, status: c.status }] : []));
}

export class GitLabMergeabilityChecks {
  /** When this instance last could not answer; undefined while it answers. */
  private refusedAt?: number;
  private readonly answers = new LruMap<KeptAnswer>(500);

  constructor(
    private readonly http: HttpClient,
    /** The instance's GraphQL endpoint, e.g. https://host/prefix/api/graphql. */
    private readonly url: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the instance is remembered as unable to answer. */
  get refused(): boolean {
    return this.refusedAt !== undefined && this.now() - this.refusedAt < REFUSED_RETRY_MS;
  }

  /**
   * Asks at once, beside the gate's other reads, when the MR itself is not what the kept answer was
   * for (a first read, a new head or status): then the question costs no round trip of its own. The
   * promise goes to `read`, which keeps its answer.
   */
  early(mr: MergeRequestRef & { readonly updatedAt?: string }, signal?: AbortSignal): Promise<readonly MergeCheck[] | undefined> | undefined {
    if (this.refused) return undefined;
    const kept = this.answers.get(keyOf(mr));
    if (kept && kept.mrBasis === mergeRequestBasis(mr) && this.now() - kept.at < ANSWER_REUSE_MS) return undefined;
    const asked = this.ask(mr, signal);
    asked.catch(() => undefined);
    return asked;
  }

  /**
   * The MR's blocking merge checks; undefined when GraphQL was not asked or gave no answer. `basis`
   * fingerprints what the answer depends on: while it is the same, the kept answer is used. `early`:
   * the question `early` sent for this read, whose answer is taken instead of asking again.
   */
  async read(mr: MergeRequestRef & { readonly updatedAt?: string }, basis: string, signal?: AbortSignal, early?: Promise<readonly MergeCheck[] | undefined>): Promise<readonly MergeCheck[] | undefined> {
    const kept = this.answers.get(keyOf(mr));
    if (!early && kept && kept.basis === basis && this.now() - kept.at < ANSWER_REUSE_MS) return kept.checks;
    if (!early && this.refused) return undefined;
    const checks = await (early ?? this.ask(mr, signal));
    if (checks) this.answers.set(keyOf(mr), { basis, mrBasis: mergeRequestBasis(mr), checks, at: this.now() });
    return checks;
  }

  private async ask(mr: MergeRequestRef, signal?: AbortSignal): Promise<readonly MergeCheck[] | undefined> {
    try {
      const answer = await this.http.send<unknown>('POST', this.url, { body: { query: MERGEABILITY_QUERY, variables: { fullPath: mr.projectPath, iid: String(mr.number) } }, signal });
      const mapped = mapMergeabilityChecks(answer.data);
      if (mapped.kind === 'lacksField') this.refusedAt = this.now();
      if (mapped.kind !== 'checks') return undefined;
      this.refusedAt = undefined;
      return blockingChecks(mapped.checks);
    } catch (e) {
      if (!isForgeError(e) || e.kind === 'canceled') throw e;
      // A network error, a timeout, a 5xx or a rate limit: REST alone this time, GraphQL again next time.
      if (REFUSALS.has(e.kind)) this.refusedAt = this.now();
      return undefined;
    }
  }
}

const keyOf = (mr: MergeRequestRef): string => `${mr.projectPath}!${mr.number}`;
