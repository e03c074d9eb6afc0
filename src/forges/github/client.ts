// GitHub REST endpoints: github.com (API at api.github.com) and GitHub Enterprise Server (API under /api/v3).
import type { ForgeAdapter, ForgeProject, ForgeUser } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { GitHubGates } from './gates';
import { mapRepository, mapUser } from './map';

export const githubApi = {
  apiBase: (origin: string) => (origin === 'https://github.com' ? 'https://api.github.com' : `${origin}/api/v3`),
  authHeaders: (token: string) => ({ authorization: `Bearer ${token}` }),
  defaultHeaders: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
};

export class GitHubAdapter implements ForgeAdapter {
  readonly kind = 'github';
  readonly gates: GitHubGates;
  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.gates = new GitHubGates(http);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GitHubAdapter {
    return new GitHubAdapter(
      origin,
      new HttpClient({
        ...options,
        apiBase: githubApi.apiBase(origin),
        authHeaders: githubApi.authHeaders,
        defaultHeaders: { ...githubApi.defaultHeaders, ...options.defaultHeaders },
      }),
    );
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  async getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return mapRepository(await this.gates.repos.read(projectPath, signal));
  }

}
