// What the Accounts menu shows of a stored token, free of `vscode` so unit tests can check it. One
// account per instance origin: its id and its only scope are the origin; its label names the user
// and the instance (host, port and path prefix, so two instances on one host stay apart: VS Code's
// Sign Out finds the account by its label).
import { normaliseOrigin } from '../forges/remote';

/** The origin without its scheme: `gitlab.example.com:8443/gitlab`. */
export function instanceName(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

/** `ada @ gitlab.example.com:8443`; only the instance for a token stored without a user name. */
export function accountLabel(origin: string, username: string | undefined): string {
  return username ? `${username} @ ${instanceName(origin)}` : instanceName(origin);
}

/**
 * Whether the account of `origin` answers a request for `scopes`: every scope names that origin
 * (written any way normaliseOrigin accepts). No scopes, or an empty list, asks for every account.
 */
export function matchesScopes(origin: string, scopes: readonly string[] | undefined): boolean {
  return (scopes ?? []).every((scope) => sameOrigin(scope, origin));
}

function sameOrigin(scope: string, origin: string): boolean {
  try {
    return normaliseOrigin(scope) === origin;
  } catch {
    return false;
  }
}
