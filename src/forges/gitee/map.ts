// Raw Gitee API v5 JSON -> the forge-neutral model. The only file that knows Gitee's field names.
import type { ForgeProject, ForgeUser } from '../forge';
import { asObject, optionalString, requiredString } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the Gitee user');
  return { username: requiredString(user, 'login', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'html_url') };
}

export function mapRepository(raw: unknown): ForgeProject {
  const repo = asObject(raw, 'the Gitee repository');
  return {
    id: requiredString(repo, 'id', 'repository'),
    path: requiredString(repo, 'full_name', 'repository'),
    name: optionalString(repo, 'name') ?? requiredString(repo, 'full_name', 'repository'),
    webUrl: requiredString(repo, 'html_url', 'repository'),
    defaultBranch: optionalString(repo, 'default_branch'),
  };
}
