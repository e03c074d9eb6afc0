// Raw GitLab API v4 JSON -> the forge-neutral model. The only file that knows GitLab's field names.
import type { ForgeProject, ForgeUser } from '../forge';
import { asObject, optionalString, requiredString } from '../json';

export function mapUser(raw: unknown): ForgeUser {
  const user = asObject(raw, 'the GitLab user');
  return { username: requiredString(user, 'username', 'user'), name: optionalString(user, 'name'), webUrl: optionalString(user, 'web_url') };
}

export function mapProject(raw: unknown): ForgeProject {
  const project = asObject(raw, 'the GitLab project');
  return {
    id: requiredString(project, 'id', 'project'),
    path: requiredString(project, 'path_with_namespace', 'project'),
    name: requiredString(project, 'name', 'project'),
    webUrl: requiredString(project, 'web_url', 'project'),
    defaultBranch: optionalString(project, 'default_branch'),
  };
}
