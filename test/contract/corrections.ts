// EVERY correction the contract test applies to the forges' descriptions, and every allow-list, in
// one place. Each says why and where that is written down. Nothing else in test/contract/ loosens a
// check; specs.ts applies what is declared here.
import type { Json } from './schema';

/** `gitlabGraphql`: GitLab's POST /api/graphql for MR Gates' one query (gitlab/graphql-mergeability.transcribed.json). */
export type SpecId = 'gitlab' | 'gitlabGraphql' | 'gitee' | 'github' | 'ghes';
export type Forge = 'gitlab' | 'gitee' | 'github';

/** How a description's schemas are read (schema.ts normalize()). */
export interface SchemaRules {
  /** Every value may be null: the description has no nullability at all. */
  readonly nullableAll?: boolean;
  /** A `$ref` property may also be a list of that entity. */
  readonly refMayBeList?: boolean;
  /** The schema to use for a property whose declared type is known to be the generator's, not the API's. */
  readonly retype?: (raw: Json) => Json | undefined;
}

export const SCHEMA_RULES: Record<SpecId, SchemaRules & { readonly why: readonly string[] }> = {
  gitlab: {
    nullableAll: true,
    refMayBeList: true,
    retype: (raw) => {
      // grape-swagger renders an entity field exposed without `documentation: { type: ... }` as a bare
      // `type: string`; the real value is whatever the entity exposes (integers, booleans, lists, null).
      if (Object.keys(raw).length === 1 && raw.type === 'string') return {};
      // `documentation: { example: false }` without a type: the example is the value's type.
      if (raw.type === 'string' && typeof raw.example === 'boolean') return { type: 'boolean' };
      return undefined;
    },
    why: [
      'GitLab openapi_v2.yaml has no nullability: any field may be null (its own examples, e.g. merged_at, closed_at, head_pipeline, are null on open MRs).',
      'GitLab openapi_v2.yaml renders `expose :x, using: Entity` the same for one entity and a list (assignees, reviewers, custom_attributes are lists): a $ref field may be a list of it.',
      'GitLab openapi_v2.yaml types every field exposed without documentation as a bare `type: string` (grape-swagger-entity default): such a field is declared but untyped.',
      'GitLab openapi_v2.yaml types a field documented only by a boolean example as string (JobBasic project.ci_job_token_scope_enabled, example false): it is a boolean.',
    ],
  },
  // GraphQL's nullability is the schema's own: the transcription marks the nullable fields (x-nullable).
  gitlabGraphql: { why: [] },
  gitee: {
    nullableAll: true,
    why: ['Gitee v5.partial.swagger.json keeps no nullability (x-caveats: rebuilt from a generated SDK): any field may be null, as pr.json shows (milestone, closed_at, merged_at, body).'],
  },
  github: { why: [] },
  ghes: { why: [] },
};

// ---- operations -----------------------------------------------------------------------------

/** A path parameter that may contain slashes (matched as `.+`); otherwise `{x}` is one raw segment. */
export const MULTI_SEGMENT_PARAMS: Readonly<Record<Forge, readonly string[]>> = {
  // GitLab: `*artifact_path` is Grape's wildcard (GitLab's own template spelling).
  gitlab: ['*artifact_path'],
  // GitHub resolves `commits/heads/feat/x/check-runs` (docs: "ref ... can be a SHA, branch name, or tag name");
  // Gitee's ref is "分支名\\标签名\\sha 值" (branch, tag or sha) in the same route shape.
  gitee: ['{ref}'],
  github: ['{ref}'],
};

/**
 * GitHub's pagination Links use `/repositories/<id>/...` (samples/pygithub-replay,
 * notes/forge-api-facts.md §D); the description only has `/repos/{owner}/{repo}/...`, the same route.
 * Returns the path to match in its place (`/repos/-/-/...`: any owner and repo), or undefined.
 */
export function githubRepositoryIdPath(path: string): string | undefined {
  const m = /^\/repositories\/\d+(\/.*)?$/.exec(path);
  return m ? `/repos/-/-${m[1] ?? ''}` : undefined;
}

export interface UndeclaredOperation {
  readonly forge: Forge;
  readonly method: string;
  /** Matched against the path after the API root; with `raw`, against the whole path after the instance prefix. */
  readonly path: RegExp;
  /** For requests outside the API root (or the instance prefix): a test aiming the client elsewhere. */
  readonly raw?: true;
  readonly reason: string;
}

/** Requests the client may send although no description declares them. Everything else undeclared fails. */
export const UNDECLARED_OPERATIONS: readonly UndeclaredOperation[] = [
  {
    forge: 'gitlab', method: 'GET', path: /^\/user$/,
    reason: 'GET /user (the sign-in check) is real (lib/api/users.rb, doc/api/users.md) but openapi_v2.yaml leaves the users API out; its answer is not validated',
  },
  {
    forge: 'gitlab', method: 'POST', path: /^\/user$/,
    reason: 'test/unit/http-resilience.test.ts: "a POST is never retried" sends POST /user to a fault that answers 502 before any route; not an API call of the extension',
  },
  {
    forge: 'gitlab', method: 'GET', path: /^\/other\/api\/v4\/user$/, raw: true,
    reason: 'test/unit/http-security.test.ts aims a client at /other on a /gitlab install, to see the reverse proxy\'s 404 reported; not an API call',
  },
  {
    forge: 'gitlab', method: 'GET', path: /^\/api\/v4\/echo\//, raw: true,
    reason: 'test/unit/hardening-http-network.test.ts: a redirect whose target carries the token, to see it redacted; not an API call',
  },
  {
    forge: 'gitee', method: 'GET', path: /^\/(oauth\/authorize|elsewhere\/repos)$/, raw: true,
    reason: 'test/unit/hardening-http-network.test.ts: same-origin redirects out of the API (a sign-in page, another path), to see them refused or reported; not API calls',
  },
  {
    forge: 'github', method: 'GET', path: /^\/api\/v4\/user$/, raw: true,
    reason: 'test/host/signIn.test.ts signs in to a GitHub Enterprise fake choosing GitLab, on purpose: a wrong forge choice must fail cleanly',
  },
  {
    forge: 'github', method: 'GET', path: /^\/user\/repos$/,
    reason: 'GET /user/repos is real (repos/list-for-authenticated-user) but outside the cut subset; only test/unit/hardening-http-*.ts use it, as a list to paginate',
  },
  {
    forge: 'github', method: 'GET', path: /^\/(repos\/[^/]+\/[^/]+|repositories\/\d+)\/forks$/,
    reason: 'GET /repos/{owner}/{repo}/forks is real (repos/list-forks) but outside the cut subset; only test/unit/http-resilience.test.ts uses it, to follow Links in the /repositories/<id> form',
  },
];

export interface AllowedRequestDivergence {
  readonly operation: string;
  readonly message: RegExp;
  readonly reason: string;
}

/** Requests that break the description on purpose (a test of the client's error handling). */
export const ALLOWED_REQUEST_DIVERGENCES: readonly AllowedRequestDivergence[] = [
  {
    operation: 'github POST /repos/{owner}/{repo}/statuses/{sha}', message: /^body \/state: "bogus" is not one of/,
    reason: 'test/unit/checkrun-gates.test.ts sends state "bogus" on purpose, to see GitHub\'s 422 reported as unprocessable; the UI offers only GITHUB_STATUS_STATES',
  },
];

// ---- description patches --------------------------------------------------------------------

type Doc = Json & { paths: Record<string, Record<string, Json>>; definitions?: Record<string, Json> };

function operation(doc: Doc, method: string, path: string): Json {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`corrections: ${method.toUpperCase()} ${path} is not in the description any more; update corrections.ts`);
  return op;
}

function definition(doc: Doc, name: string): Json & { properties: Record<string, Json> } {
  const def = doc.definitions?.[name];
  if (!def || typeof def.properties !== 'object') throw new Error(`corrections: #/definitions/${name} is missing; update corrections.ts`);
  return def as Json & { properties: Record<string, Json> };
}

function setResponse(doc: Doc, method: string, path: string, status: string, schema: Json): void {
  const responses = operation(doc, method, path).responses as Record<string, Json>;
  responses[status] = { ...(responses[status] ?? { description: '' }), schema };
}

const ref = (name: string): Json => ({ $ref: `#/definitions/${name}` });

/** A list of what was corrected, for the report and the self-test (the schema rules first). */
export const APPLIED: string[] = (['gitlab', 'gitee'] as const).flatMap((forge) => SCHEMA_RULES[forge].why.map((why) => `${forge}: schema rule (${why})`));

function note(forge: Forge, what: string, why: string): void {
  APPLIED.push(`${forge}: ${what} (${why})`);
}

/** GitLab: openapi_v2.yaml merged with external-status-checks.swagger.json (EE routes it lacks). */
export function correctGitLab(doc: Doc): void {
  // Paginated lists the generator declares as one entity (grape `success` without `is_array: true`).
  for (const [path, entity] of [
    ['/api/v4/projects/{id}/merge_requests', 'API_Entities_MergeRequestBasic'],
    ['/api/v4/projects/{id}/merge_requests/{merge_request_iid}/pipelines', 'API_Entities_Ci_PipelineBasic'],
    ['/api/v4/projects/{id}/merge_requests/{merge_request_iid}/commits', 'API_Entities_Commit'],
  ] as const) {
    setResponse(doc, 'get', path, '200', { type: 'array', items: ref(entity) });
    note('gitlab', `GET ${path} answers a list of ${entity}`, 'paginated list; the generated file declares a single entity (no is_array)');
  }
  // lib/api/projects.rb present_projects: `with: current_user ? Entities::ProjectWithAccess :
  // Entities::BasicProjectDetails`, and BasicProjectDetails `if params[:simple]`; the generator documents the latter.
  setResponse(doc, 'get', '/api/v4/projects', '200', { type: 'array', items: { anyOf: [ref('API_Entities_ProjectWithAccess'), ref('API_Entities_BasicProjectDetails')] } });
  note('gitlab', 'GET /api/v4/projects answers ProjectWithAccess items when signed in', 'GitLab\'s present_projects; BasicProjectDetails only anonymous or with simple=true');
  // lib/api/ci/jobs.rb play: `success code: 200, model: Entities::Ci::JobBasic`, but it answers
  // `present job, with: Entities::Ci::Job` for a build and `Entities::Ci::Bridge` for a bridge.
  setResponse(doc, 'post', '/api/v4/projects/{id}/jobs/{job_id}/play', '200', { anyOf: [ref('API_Entities_Ci_Job'), ref('API_Entities_Ci_Bridge')] });
  note('gitlab', 'POST .../jobs/{job_id}/play answers Ci::Job (a build) or Ci::Bridge', 'lib/api/ci/jobs.rb presents those; its `success` documents JobBasic');
  // lib/api/ci/jobs.rb trace: `content_type 'text/plain'`, `env['api.format'] = :binary`, `body trace`;
  // its `success` documents Entities::Ci::Job, which the generator copies.
  const trace = (operation(doc, 'get', '/api/v4/projects/{id}/jobs/{job_id}/trace').responses as Record<string, Json>)['200'];
  delete trace.schema;
  note('gitlab', 'GET .../jobs/{job_id}/trace answers the log as text/plain, not JSON', 'lib/api/ci/jobs.rb sets content_type text/plain and sends build.trace.raw; the generated file copies the `success` model');
  // Grape's wildcard `*artifact_path` is part of the path, which the generator also lists as a required query parameter.
  const artifact = operation(doc, 'get', '/api/v4/projects/{id}/jobs/{job_id}/artifacts/*artifact_path');
  artifact.parameters = (artifact.parameters as Json[]).filter((p) => !(p.in === 'query' && p.name === 'artifact_path'));
  note('gitlab', 'GET .../jobs/{job_id}/artifacts/*artifact_path takes artifact_path in the path only', 'the generator repeats the wildcard as a required query parameter');
  // The docs' example of GET /projects/:id/external_status_checks (samples/gitlab-docs/status_checks.project_list.response.json)
  // nests protected branches as {id, project_id, name, created_at, updated_at, code_owner_approval_required}.
  const branch = definition(doc, 'API_Entities_ProtectedBranch');
  doc.definitions = {
    ...doc.definitions,
    EE_StatusCheckProtectedBranch: {
      type: 'object',
      properties: { ...branch.properties, project_id: { type: 'integer' }, created_at: { type: 'string', format: 'date-time' }, updated_at: { type: 'string', format: 'date-time' } },
    },
  };
  definition(doc, 'EE_ExternalStatusCheck').properties.protected_branches = { type: 'array', items: ref('EE_StatusCheckProtectedBranch') };
  note('gitlab', 'EE_ExternalStatusCheck.protected_branches items also have project_id, created_at, updated_at', 'samples/gitlab-docs/status_checks.project_list.response.json');
  // ee/lib/ee/api/merge_request_approvals.rb overrides present_approval: on a licensed instance GET
  // .../approvals, POST .../approve and .../unapprove present merge_request.approval_state with
  // EE::API::Entities::ApprovalState (approvals_required, approvals_left...); the generated file
  // documents only CE's API::Entities::MergeRequestApprovals (lib/api/merge_request_approvals.rb).
  const approvals = { anyOf: [ref('API_Entities_MergeRequestApprovals'), ref('EE_API_Entities_ApprovalState')] };
  for (const [method, path, status] of [
    ['get', '/api/v4/projects/{id}/merge_requests/{merge_request_iid}/approvals', '200'],
    ['post', '/api/v4/projects/{id}/merge_requests/{merge_request_iid}/approve', '201'],
    ['post', '/api/v4/projects/{id}/merge_requests/{merge_request_iid}/unapprove', '201'],
  ] as const) {
    setResponse(doc, method, path, status, approvals);
  }
  note('gitlab', 'GET .../approvals, POST .../approve and .../unapprove answer MergeRequestApprovals (Free) or EE ApprovalState (Premium)', 'ee/lib/ee/api/merge_request_approvals.rb present_approval presents EE::API::Entities::ApprovalState; the generated file has only the CE entity');
}

/** Gitee: v5.partial.swagger.json with the overlay check-runs-values.json and the PR shape of pr.json. */
export function correctGitee(doc: Doc, values: Json, prSample: Json, branchSample: Json): void {
  // 1. The value sets of Gitee's check-run documentation (check-runs-values.json), which the SDK lost.
  const overlayPaths = (values.paths ?? {}) as Record<string, Record<string, { parameters: Record<string, Json> }>>;
  for (const [path, ops] of Object.entries(overlayPaths)) {
    for (const [method, { parameters }] of Object.entries(ops)) {
      const params = operation(doc, method, path).parameters as Json[];
      for (const [name, patch] of Object.entries(parameters)) {
        const param = params.find((p) => p.name === name);
        if (!param) throw new Error(`corrections: ${method} ${path} has no parameter ${name}`);
        Object.assign(param, Object.fromEntries(Object.entries(patch).filter(([k]) => !k.startsWith('x-'))));
      }
    }
  }
  for (const [name, patch] of Object.entries((values.definitions ?? {}) as Record<string, { properties: Record<string, Json> }>)) {
    if (name === 'PullRequest') continue; // its x-known-defect notes are applied below, from the sample
    const def = definition(doc, name);
    for (const [prop, schema] of Object.entries(patch.properties)) def.properties[prop] = { ...def.properties[prop], ...schema };
  }
  note('gitee', 'check-run status/conclusion/annotation_level enums, PATCH name required', 'check-runs-values.json, from Gitee\'s check-run documentation');
  // 2. List endpoints the SDK declares as one object ("a known error in Gitee's swagger.json", x-caveats).
  setResponse(doc, 'get', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', '200', { type: 'array', items: ref('CheckAnnotation') });
  // The list shape of check runs was never recorded: an array (like every other Gitee list) or, as the
  // client also accepts and the fake can send (options.giteeCheckRunList), GitHub's {total_count, check_runs}.
  setResponse(doc, 'get', '/repos/{owner}/{repo}/commits/{ref}/check-runs', '200', {
    anyOf: [
      { type: 'array', items: ref('CheckRun') },
      { type: 'object', required: ['check_runs'], properties: { total_count: { type: 'integer' }, check_runs: { type: 'array', items: ref('CheckRun') } } },
    ],
  });
  note('gitee', 'check-run and annotation lists are lists', 'x-caveats: list endpoints are declared with a single-object return type');
  // 3. PullRequest.head/base/_links are strings in the swagger, objects on the wire (pr.json, recorded from gitee.com).
  const pr = definition(doc, 'PullRequest');
  const head = prSample.head as Json;
  const keysOf = (v: unknown): string[] => Object.keys(v as Json);
  const assertSubset = (what: string, keys: string[], def: string): void => {
    const declared = Object.keys(definition(doc, def).properties);
    const extra = keys.filter((k) => !declared.includes(k));
    if (extra.length > 0) throw new Error(`corrections: pr.json ${what} has ${extra.join(', ')}, which ${def} lacks`);
  };
  assertSubset('head.repo', keysOf(head.repo), 'ProjectBasic');
  assertSubset('head.user', keysOf(head.user), 'UserBasic');
  const branch: Json = {
    type: 'object',
    properties: Object.fromEntries(keysOf(head).map((k) => [k, k === 'repo' ? ref('ProjectBasic') : k === 'user' ? ref('UserBasic') : { type: 'string' }])),
  };
  pr.properties.head = branch;
  pr.properties.base = branch;
  pr.properties._links = {
    type: 'object',
    properties: Object.fromEntries(keysOf(prSample._links).map((k) => [k, { type: 'object', properties: { href: { type: 'string' } } }])),
  };
  note('gitee', 'PullRequest head/base are {label, ref, sha, user: UserBasic, repo: ProjectBasic}; _links are {href} objects', 'samples/gitee-go-scm/pr.json');
  // 4. `actions` of a check run: documented on create and update (the swagger's own PATCH formData
  // actions[label], actions[description], actions[identifier]); whether a GET returns them is not said
  // (specs/SOURCES.md). MR Gates lists them, so the fake sends them: declared here, as the input has them.
  definition(doc, 'CheckRun').properties.actions = {
    type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, description: { type: 'string' }, identifier: { type: 'string' } } },
  };
  note('gitee', 'CheckRun.actions [{label, description, identifier}] (unconfirmed for GET)', 'PATCH/POST check-runs formData actions[label|description|identifier]');
  // 5. The PR list's state values (oschina/mcp-gitee list_pulls.go enum; golang108/go-gitee pulls.go).
  const state = (operation(doc, 'get', '/repos/{owner}/{repo}/pulls').parameters as Json[]).find((p) => p.name === 'state');
  if (state) state.enum = ['open', 'closed', 'merged', 'all'];
  note('gitee', 'GET pulls state is open|closed|merged|all', 'notes/forge-api-facts.md §C: oschina/mcp-gitee and golang108/go-gitee');
  // 6. CompleteBranch.commit and _links are strings in the swagger, objects on the wire (branch.json,
  // recorded from gitee.com): the commit is {sha, url, commit, author, parents, committer}, _links {html, self}.
  const completeBranch = definition(doc, 'CompleteBranch');
  completeBranch.properties.commit = { type: 'object', required: ['sha'], properties: Object.fromEntries(keysOf(branchSample.commit).map((k) => [k, k === 'sha' || k === 'url' ? { type: 'string' } : {}])) };
  completeBranch.properties._links = { type: 'object', properties: Object.fromEntries(keysOf(branchSample._links).map((k) => [k, { type: 'string' }])) };
  note('gitee', 'CompleteBranch commit is {sha, url, commit, author, parents, committer}; _links are {html, self} strings', 'samples/gitee-go-scm/branch.json');
}

// ---- fields the adapters read that a description does not declare ----------------------------

export interface UndeclaredRead {
  readonly forge: Forge;
  /** `METHOD /template` of the operation; '*' for every operation of the forge. */
  readonly operation: string;
  /** Paths inside the entity (`output.title`); a read matches with any list prefix (`[].output.title`, `check_runs[].output.title`). */
  readonly paths: readonly string[];
  readonly reason: string;
  /** true: src should stop reading it (reported as an input for the adapters, not a description gap). */
  readonly srcDefect?: boolean;
}

/** Reads of fields the description does not declare, each with its reason. Any other undeclared read fails. */
export const UNDECLARED_READS: readonly UndeclaredRead[] = [
  {
    forge: 'gitlab', operation: 'GET /projects/{id}/merge_requests', paths: ['diff_refs', 'head_pipeline'],
    reason: 'mapMergeRequest serves the list and the single MR; list items (MergeRequestBasic) never have them (notes/forge-api-facts.md §B) and it falls back to `sha`. Harmless',
  },
  {
    forge: 'gitee', operation: '*', paths: ['app', 'app.slug', 'check_suite', 'check_suite.id'],
    reason: 'mapCheckRun is shared with GitHub and reads GitHub\'s app/check_suite; Gitee\'s CheckRun has neither, so they read as absent. Harmless',
  },
  {
    forge: 'gitee', operation: '*', paths: ['output.title', 'output.summary', 'output.text', 'output.images'],
    reason: 'Gitee\'s CheckRun.output is a bare `type: object`; these are the fields its check-run documentation and the swagger\'s own PATCH take (output[title], output[summary], output[text], output[images])',
  },
  {
    forge: 'gitee', operation: '*', paths: ['output.annotations_count'],
    reason: 'GitHub\'s field, undocumented for Gitee (CheckRun.output is a bare object); when absent the adapter reads the annotations anyway (annotationsCount -1)',
  },
];
