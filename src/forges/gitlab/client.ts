// GitLab (gitlab.com, self-managed under any path prefix, JiHu) API v4 endpoints.
import type { ForgeAdapter, ForgeProject, ForgeUser } from '../forge';
import { HttpClient, type HttpClientOptions } from '../http';
import { mapProject, mapUser } from './map';

export const gitlabApi = {
  apiBase: (origin: string) => `${origin}/api/v4`,
  // PRIVATE-TOKEN works for personal, project and group access tokens alike.
  authHeaders: (token: string) => ({ 'PRIVATE-TOKEN': token }),
};

/** `group/sub/proj` -> `group%2Fsub%2Fproj`, the form GitLab wants in a path parameter. */
export function encodeProjectPath(projectPath: string): string {
  return encodeURIComponent(projectPath);
}

export class GitLabAdapter implements ForgeAdapter {
  readonly kind = 'gitlab';
  constructor(
    readonly origin: string,
    private readonly http: HttpClient,
  ) {}

  static create(origin: string, options: Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>): GitLabAdapter {
    return new GitLabAdapter(origin, new HttpClient({ ...options, apiBase: gitlabApi.apiBase(origin), authHeaders: gitlabApi.authHeaders }));
  }

  async getCurrentUser(signal?: AbortSignal): Promise<ForgeUser> {
    return mapUser((await this.http.get('/user', { signal })).data);
  }

  async getProject(projectPath: string, signal?: AbortSignal): Promise<ForgeProject> {
    return mapProject((await this.http.get(`/projects/${encodeProjectPath(projectPath)}`, { signal })).data);
  }

}
