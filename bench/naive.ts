// The yardstick: a naive sequential client, the obvious implementation other extensions have. Plain
// `fetch` with the token header, no conditional requests, no caching, one request after another, every
// page of a list read after the one before. It reads what MR Gates reads (same endpoints, same query,
// same pages) for a non-fork project, so that the two can be compared request for request; it is not a
// product: no forks, no retries, no redirects, no checks on what the forge sends.
import type { ForgeKind } from '../src/core/model';

/** What a refresh read, to compare with MR Gates' gates: the checks listed and the findings. */
export interface NaiveGate {
  readonly checks: number;
  readonly findings: number;
}

type Json = Record<string, unknown>;
type Page = { readonly data: unknown; readonly headers: Headers; readonly url: string };

const enc = encodeURIComponent;
const repoPath = (path: string): string => `/repos/${path.split('/').map(enc).join('/')}`;

function apiBase(kind: ForgeKind, origin: string): string {
  if (kind === 'gitlab') return `${origin}/api/v4`;
  if (kind === 'gitee') return `${origin}/api/v5`;
  return `${origin}/api/v3`; // GitHub Enterprise Server
}

function authHeaders(kind: ForgeKind, token: string): Record<string, string> {
  if (kind === 'gitlab') return { 'PRIVATE-TOKEN': token };
  if (kind === 'gitee') return { authorization: `Bearer ${token}` };
  return { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
}

function nextLink(header: string | null): string | undefined {
  for (const part of (header ?? '').split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;.*\brel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

export class NaiveClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  /** Requests sent since the client was made. */
  sent = 0;

  constructor(
    private readonly kind: ForgeKind,
    origin: string,
    token: string,
  ) {
    this.base = apiBase(kind, origin);
    this.headers = { ...authHeaders(kind, token), 'user-agent': 'naive-bench' };
  }

  /** One refresh of each repository in turn: project, its MRs/PRs of the branch, then each gate. */
  async refreshAll(repos: readonly { path: string; branch: string }[]): Promise<NaiveGate[]> {
    const gates: NaiveGate[] = [];
    for (const repo of repos) gates.push(...(await this.refresh(repo.path, repo.branch)));
    return gates;
  }

  async refresh(projectPath: string, branch: string): Promise<NaiveGate[]> {
    return this.kind === 'gitlab' ? this.gitlab(projectPath, branch) : this.checkRuns(projectPath, branch);
  }

  private async get(pathOrUrl: string, query: Record<string, string | number> = {}): Promise<Page> {
    const url = new URL(pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    this.sent++;
    const response = await fetch(url, { headers: this.headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} from ${url.pathname}`);
    return { data: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers, url: url.toString() };
  }

  /** Every page of a list, one after another, as each forge says where the next one is. */
  private async all(path: string, query: Record<string, string | number>, itemsOf: (data: unknown) => unknown = (d) => d): Promise<Json[]> {
    const items: Json[] = [];
    let page = await this.get(path, query);
    for (;;) {
      const list = itemsOf(page.data);
      if (!Array.isArray(list)) throw new Error(`expected a list from ${path}`);
      items.push(...(list as Json[]));
      const next = list.length === 0 ? undefined : this.nextPage(page);
      if (!next) return items;
      page = await this.get(next);
    }
  }

  private nextPage(page: Page): string | undefined {
    const url = new URL(page.url);
    const current = Number(url.searchParams.get('page') ?? '1');
    if (this.kind === 'gitee') {
      if (current >= Number(page.headers.get('total_page') ?? '0')) return undefined;
      url.searchParams.set('page', String(current + 1));
      return url.toString();
    }
    const link = nextLink(page.headers.get('link'));
    if (link || this.kind === 'github') return link;
    const nextNumber = page.headers.get('x-next-page');
    if (!nextNumber) return undefined;
    url.searchParams.set('page', nextNumber);
    return url.toString();
  }

  private async gitlab(projectPath: string, branch: string): Promise<NaiveGate[]> {
    const base = `/projects/${enc(projectPath)}`;
    await this.get(base);
    const mrs = await this.all(`${base}/merge_requests`, { source_branch: branch, state: 'opened', per_page: 100 });
    const gates: NaiveGate[] = [];
    for (const listed of mrs.filter((mr) => mr.source_branch === branch)) {
      const sha = String((listed.diff_refs as Json | undefined)?.head_sha ?? listed.sha);
      const mr = (await this.get(`${base}/merge_requests/${String(listed.iid)}`)).data as Json;
      const statusChecks = await this.all(`${base}/merge_requests/${String(listed.iid)}/status_checks`, { per_page: 100 });
      const statuses = await this.all(`${base}/repository/commits/${sha}/statuses`, { stage: 'external', per_page: 100 });
      const comments = await this.all(`${base}/repository/commits/${sha}/comments`, { per_page: 100 });
      const pipeline = mr.head_pipeline as Json | null | undefined;
      let jobs: Json[] = [];
      let bridges: Json[] = [];
      let quality: unknown[] = [];
      if (pipeline) {
        const home = pipeline.project_id === undefined ? enc(projectPath) : String(pipeline.project_id);
        jobs = await this.all(`/projects/${home}/pipelines/${String(pipeline.id)}/jobs`, { per_page: 100 });
        bridges = await this.all(`/projects/${home}/pipelines/${String(pipeline.id)}/bridges`, { per_page: 100 });
        for (const job of jobs) {
          const report = ((job.artifacts as Json[] | undefined) ?? []).find((a) => a.file_type === 'codequality');
          if (!report) continue;
          const data = (await this.get(`/projects/${home}/jobs/${String(job.id)}/artifacts/${enc(String(report.filename))}`)).data;
          quality = Array.isArray(data) ? data : [];
          break;
        }
      }
      const lineComments = comments.filter((c) => typeof c.path === 'string' && typeof c.line === 'number' && c.line_type !== 'old');
      gates.push({ checks: statusChecks.length + jobs.length + bridges.length + new Set(statuses.map((s) => s.name)).size, findings: quality.length + lineComments.length });
    }
    return gates;
  }

  /** A GitLab project's Awaiting Answer queue: its open MRs, then each MR's status checks, one after another. */
  async gitlabQueue(projectPath: string): Promise<{ mergeRequests: number; awaiting: number }> {
    const base = `/projects/${enc(projectPath)}`;
    const mrs = await this.all(`${base}/merge_requests`, { state: 'opened', per_page: 100 });
    let awaiting = 0;
    for (const mr of mrs) {
      const checks = await this.all(`${base}/merge_requests/${String(mr.iid)}/status_checks`, { per_page: 100 });
      awaiting += checks.filter((c) => c.status === 'pending' || c.status === 'failed').length;
    }
    return { mergeRequests: mrs.length, awaiting };
  }

  /** GitHub and Gitee: the same API shapes. */
  private async checkRuns(projectPath: string, branch: string): Promise<NaiveGate[]> {
    const repo = repoPath(projectPath);
    await this.get(repo);
    const owner = projectPath.split('/')[0];
    const head = this.kind === 'github' ? `${owner}:${branch}` : branch;
    const pulls = await this.all(`${repo}/pulls`, { head, state: 'open', per_page: 100 });
    const gates: NaiveGate[] = [];
    for (const pr of pulls.filter((p) => (p.head as Json).ref === branch)) {
      const sha = String((pr.head as Json).sha);
      const query: Record<string, string | number> = this.kind === 'github' ? { filter: 'latest', per_page: 100 } : { per_page: 100, filter: 'latest', pull_request_id: String(pr.id) };
      const runs = await this.all(`${repo}/commits/${sha}/check-runs`, query, (page) => (page && typeof page === 'object' && !Array.isArray(page) ? (page as Json).check_runs : page));
      let statuses = 0;
      if (this.kind === 'github') {
        const combined = (await this.get(`${repo}/commits/${sha}/status`, { per_page: 100 })).data as Json;
        statuses = Array.isArray(combined.statuses) ? combined.statuses.length : 0;
      }
      let findings = 0;
      for (const run of runs) {
        if ((run.output as Json | undefined)?.annotations_count === 0) continue;
        findings += (await this.all(`${repo}/check-runs/${String(run.id)}/annotations`, { per_page: 100 })).length;
      }
      gates.push({ checks: new Set(runs.map((r) => r.name)).size + statuses, findings });
    }
    return gates;
  }
}
