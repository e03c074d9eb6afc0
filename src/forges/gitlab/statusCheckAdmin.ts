// Project-level external status check services (GitLab Ultimate/JiHu): list, create, edit, delete.
// For maintainers; GitLab answers 401 both for a tier without the feature and for a missing role.
import type { ProjectStatusCheck, StatusCheckServiceInput } from '../../core/statusCheckServices';
import { reasonsByKind } from '../errors';
import type { StatusCheckAdministration } from '../forge';
import type { HttpClient } from '../http';
import { mapProjectStatusCheck, mapProtectedBranch } from './map';

const refusal = reasonsByKind({ unauthorized: 'tierOrRole' });

export class GitLabStatusCheckAdmin implements StatusCheckAdministration {
  constructor(private readonly http: HttpClient) {}

  private base(projectPath: string): string {
    return `/projects/${encodeURIComponent(projectPath)}`;
  }

  async list(projectPath: string, signal?: AbortSignal): Promise<ProjectStatusCheck[]> {
    const items = await this.http.paginate<unknown>(`${this.base(projectPath)}/external_status_checks`, 'gitlab', { query: { per_page: 100 }, signal }).catch(refusal);
    return items.map(mapProjectStatusCheck);
  }

  async protectedBranches(projectPath: string, signal?: AbortSignal): Promise<{ id: number; name: string }[]> {
    const items = await this.http.paginate<unknown>(`${this.base(projectPath)}/protected_branches`, 'gitlab', { query: { per_page: 100 }, signal }).catch(refusal);
    return items.map(mapProtectedBranch);
  }

  async create(projectPath: string, input: StatusCheckServiceInput, signal?: AbortSignal): Promise<ProjectStatusCheck> {
    const response = await this.http.send('POST', `${this.base(projectPath)}/external_status_checks`, { body: toBody(input), signal }).catch(refusal);
    return mapProjectStatusCheck(response.data);
  }

  async update(projectPath: string, id: number, input: StatusCheckServiceInput, signal?: AbortSignal): Promise<ProjectStatusCheck> {
    const response = await this.http.send('PUT', `${this.base(projectPath)}/external_status_checks/${id}`, { body: toBody(input), signal }).catch(refusal);
    return mapProjectStatusCheck(response.data);
  }

  async remove(projectPath: string, id: number, signal?: AbortSignal): Promise<void> {
    await this.http.send('DELETE', `${this.base(projectPath)}/external_status_checks/${id}`, { signal }).catch(refusal);
  }
}

function toBody(input: StatusCheckServiceInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.name !== undefined) body.name = input.name;
  if (input.externalUrl !== undefined) body.external_url = input.externalUrl;
  if (input.sharedSecret) body.shared_secret = input.sharedSecret;
  if (input.protectedBranchIds !== undefined) body.protected_branch_ids = input.protectedBranchIds;
  return body;
}
