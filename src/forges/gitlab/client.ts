// GitLab (gitlab.com, self-managed under any path prefix, JiHu) API v4 endpoints.
import type { ForgeAdapter, ForgeProject, ForgeUser } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { GitLabGates } from './gates';
import { mapUser } from './map';
import { GitLabStatusCheckAdmin } from './statusCheckAdmin';

export const gitlabApi = {
  apiBase: (origin: string) => `${origin}/api/v4`,
  // PRIVATE-TOKEN works for personal, project and group access tokens alike.
  authHeaders: (token: string) => ({ 'PRIVATE-TOKEN': token }),
};

export class GitLabAdapter implements ForgeAdapter {
  readonly kind = 'gitlab';
  readonly gates: GitLabGates;
  readonly statusCheckAdmin: GitLabStatusCheckAdmin;
  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {
    this.gates = new GitLabGates(http);
    this.statusCheckAdmin = new GitLabStatusCheckAdmin(http);
  }

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GitLabAdapter {
    return new GitLabAdapter(origin, new HttpClient({ ...options, apiBase: gitlabApi.apiBase(origin), authHeaders: gitlabApi.authHeaders }));
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  async getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return this.gates.project(projectPath, signal);
  }

}
