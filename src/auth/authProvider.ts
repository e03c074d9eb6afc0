// The stored tokens as VS Code authentication sessions, so they show in the Accounts menu (with its
// Sign Out) the way other forges' extensions do. One session per token in SecretStorage: id, account
// id and only scope are the instance origin (see accounts.ts for the label).
//
// Environment tokens are left out on purpose: the Accounts menu offers Sign Out for every account it
// lists, and MR Gates cannot unset a variable of the environment VS Code was started in; nor was such
// a token ever checked with the forge, so there is no user to name.
//
// Nothing asks VS Code for these sessions to make them show: the Accounts menu lists what getSessions
// returns for each registered provider, then follows onDidChangeSessions. (A silent getSession by MR
// Gates would return nothing anyway: VS Code hands a session silently only to an extension the user
// let use that account, and these tokens were stored by the commands, not through getSession.)
//
// Sign-in and sign-out are the commands' flows, handed in by extension.ts (this floor cannot import
// them). The change events come from the token store, whatever stored or removed the token: the
// commands, removeSession, or another window.
import * as vscode from 'vscode';
import { accountLabel, instanceName, matchesScopes } from './accounts';
import type { TokenStore } from './tokenStore';

export interface AccountFlows {
  /** The interactive sign-in, for that instance when given; undefined when the user cancelled. */
  signIn(origin: string | undefined): Promise<{ readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: string } | undefined>;
  /** Signs out of that instance exactly as the Sign Out command does. */
  signOut(origin: string): Promise<unknown>;
}

type SessionsChange = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

export class AccountsProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SessionsChange>();
  readonly onDidChangeSessions = this.changed.event;
  /** The sessions as last announced, to tell an added token from a replaced one and to name a removed one. */
  private readonly known = new Map<string, vscode.AuthenticationSession>();
  /** Token changes are compared one after the other, the first being what was stored at activation. */
  private queue: Promise<void>;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tokens: TokenStore,
    private readonly flows: AccountFlows,
  ) {
    this.queue = this.compare(tokens.signedInOrigins(), false);
    this.subscription = tokens.onDidChange((origin) => {
      this.queue = this.queue.then(() => this.compare([origin], true));
    });
  }

  /** `options.account` is what newer VS Code versions pass when an extension asks for one account. */
  async getSessions(scopes?: readonly string[], options?: { readonly account?: { readonly id: string } }): Promise<vscode.AuthenticationSession[]> {
    const origins = this.tokens.signedInOrigins().filter((origin) => matchesScopes(origin, scopes) && (!options?.account || options.account.id === origin));
    const sessions = await Promise.all(origins.map((origin) => this.sessionOf(origin)));
    return sessions.filter((s): s is vscode.AuthenticationSession => s !== undefined);
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const result = await this.flows.signIn(scopes[0]);
    if (!result) throw new Error(vscode.l10n.t('Sign-in to MR Gates was canceled.'));
    if (!result.ok) throw new Error(result.reason);
    const session = await this.sessionOf(result.origin);
    if (!session) throw new Error(vscode.l10n.t('MR Gates has no stored token for {0}.', instanceName(result.origin)));
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    if (!this.tokens.signedInOrigins().includes(sessionId)) throw new Error(vscode.l10n.t('MR Gates has no stored token for {0}.', instanceName(sessionId)));
    await this.flows.signOut(sessionId);
  }

  private async sessionOf(origin: string): Promise<vscode.AuthenticationSession | undefined> {
    const token = await this.tokens.secretFor(origin);
    if (!token) return undefined;
    return { id: origin, accessToken: token, account: { id: origin, label: accountLabel(origin, this.tokens.usernameOf(origin)) }, scopes: [origin] };
  }

  private async compare(origins: readonly string[], announce: boolean): Promise<void> {
    const added: vscode.AuthenticationSession[] = [];
    const removed: vscode.AuthenticationSession[] = [];
    const changed: vscode.AuthenticationSession[] = [];
    for (const origin of origins) {
      const before = this.known.get(origin);
      const now = await this.sessionOf(origin).catch(() => undefined);
      if (now) this.known.set(origin, now);
      else this.known.delete(origin);
      if (before && now && before.account.label === now.account.label) changed.push(now);
      else {
        // A new label is a new account to the menu, which keys its accounts by label: out, then in.
        if (before) removed.push(before);
        if (now) added.push(now);
      }
    }
    if (announce && added.length + removed.length + changed.length > 0) this.changed.fire({ added, removed, changed });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
