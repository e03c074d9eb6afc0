// Tokens from the environment, the fallback of DESIGN.md §3. Each goes to the one origin it belongs
// to: a forge's own variable to its public host only, and MR_GATES_TOKEN only to the origin that
// MR_GATES_URL names. One company's token must never reach another company's host.
import { normaliseOrigin } from '../forges/remote';

const PUBLIC_HOST_VARIABLES: Readonly<Record<string, string>> = {
  'https://gitlab.com': 'GITLAB_TOKEN',
  'https://gitee.com': 'GITEE_TOKEN',
  'https://github.com': 'GITHUB_TOKEN',
};

export interface EnvironmentToken {
  readonly token: string;
  readonly variable: string;
}

export function environmentTokenFor(origin: string, env: Readonly<Record<string, string | undefined>>): EnvironmentToken | undefined {
  const namedUrl = env.MR_GATES_URL?.trim();
  const general = env.MR_GATES_TOKEN?.trim();
  if (namedUrl && general && sameOrigin(namedUrl, origin)) return { token: general, variable: 'MR_GATES_TOKEN' };
  const variable = PUBLIC_HOST_VARIABLES[origin];
  const own = variable ? env[variable]?.trim() : undefined;
  return variable && own ? { token: own, variable } : undefined;
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return normaliseOrigin(url) === origin;
  } catch {
    return false;
  }
}
