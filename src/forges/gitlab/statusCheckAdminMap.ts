// Raw GitLab JSON of the project's external status check services (GitLab Ultimate, JiHu) -> the model.
import type { ProjectStatusCheck } from '../../core/statusCheckServices';
import { asObject, optionalString, requiredNumber, requiredString } from '../json';

export function mapProjectStatusCheck(raw: unknown): ProjectStatusCheck {
  const check = asObject(raw, 'an external status check service');
  return {
    id: requiredNumber(check, 'id', 'status check service'),
    name: requiredString(check, 'name', 'status check service'),
    externalUrl: optionalString(check, 'external_url') ?? '',
    hmac: check.hmac === true,
    protectedBranches: Array.isArray(check.protected_branches) ? (check.protected_branches as unknown[]).map(mapProtectedBranch) : [],
  };
}

export function mapProtectedBranch(raw: unknown): { id: number; name: string } {
  const branch = asObject(raw, 'a protected branch');
  return { id: requiredNumber(branch, 'id', 'protected branch'), name: requiredString(branch, 'name', 'protected branch') };
}
