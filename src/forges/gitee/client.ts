// Gitee API v5 endpoints. The token goes in an Authorization header, never in the access_token query
// parameter that Gitee's own docs show, so that it stays out of URLs and logs.
import type { ForgeAdapter, ForgeProject, ForgeUser } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { GiteeGates } from './gates';
import { mapRepository, mapUser } from './map';

export const giteeApi = {
  apiBase: (origin: string) => `${origin}/api/v5`,
  authHeaders: (token: string) => ({ authorization: `Bearer ${token}` }),
};

export class GiteeAdapter implements ForgeAdapter {
  readonly kind = 'gitee';
  readonly gates: GiteeGates;
  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.gates = new GiteeGates(http);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GiteeAdapter {
    return new GiteeAdapter(origin, new HttpClient({ ...options, apiBase: giteeApi.apiBase(origin), authHeaders: giteeApi.authHeaders }));
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  async getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return mapRepository(await this.gates.repos.read(projectPath, signal));
  }

}
