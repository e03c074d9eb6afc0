// Tokens live in VS Code's SecretStorage, one per instance origin (scheme://host[:port][/prefix]).
// The list of origins with a stored token is kept in globalState (not secret) because SecretStorage
// cannot enumerate its keys on the VS Code versions we support. So is the user name each token was
// validated as, for the Accounts menu (tokens stored before it was recorded have none).
import * as vscode from 'vscode';
import { environmentTokenFor } from './environmentTokens';

export type TokenSource = 'secretStorage' | 'environment';

export interface StoredToken {
  readonly token: string;
  readonly source: TokenSource;
  /** The environment variable the token came from, when it did. */
  readonly variable?: string;
}

const KEY_PREFIX = 'mrGates.token:';
const ORIGINS_KEY = 'mrGates.signedInOrigins';
const USER_PREFIX = 'mrGates.user:';


export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires the origin whose token was stored or removed (also from another window). */
  readonly onDidChange = this.changed.event;
  private readonly listed = new vscode.EventEmitter<void>();
  /** Fires once the list of signed-in origins has been updated (after a store or a delete here). */
  readonly onDidChangeSignedIn = this.listed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length));
    });
  }

  async get(origin: string): Promise<StoredToken | undefined> {
    const stored = await this.secrets.get(KEY_PREFIX + origin);
    if (stored) return { token: stored, source: 'secretStorage' };
    const fromEnvironment = environmentTokenFor(origin, this.env);
    if (!fromEnvironment) return undefined;
    return { token: fromEnvironment.token, source: 'environment', variable: fromEnvironment.variable };
  }

  /** The token of SecretStorage only, without the environment fallback. */
  async secretFor(origin: string): Promise<string | undefined> {
    return (await this.secrets.get(KEY_PREFIX + origin)) || undefined;
  }

  /** The user the stored token was validated as, when it was stored with one. */
  usernameOf(origin: string): string | undefined {
    return this.state.get<string>(USER_PREFIX + origin);
  }

  async store(origin: string, token: string, username: string): Promise<void> {
    // The name before the secret: whoever hears of the new secret (onDidChange) can read it.
    await this.state.update(USER_PREFIX + origin, username);
    await this.secrets.store(KEY_PREFIX + origin, token);
    const origins = new Set(this.signedInOrigins());
    origins.add(origin);
    await this.state.update(ORIGINS_KEY, [...origins].sort());
    this.listed.fire();
  }

  async delete(origin: string): Promise<void> {
    await this.secrets.delete(KEY_PREFIX + origin);
    await this.state.update(
      ORIGINS_KEY,
      this.signedInOrigins().filter((o) => o !== origin),
    );
    await this.state.update(USER_PREFIX + origin, undefined);
    this.listed.fire();
  }

  /** Origins with a token in SecretStorage (environment tokens are not listed: they cannot be signed out). */
  signedInOrigins(): string[] {
    return this.state.get<string[]>(ORIGINS_KEY, []);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.listed.dispose();
  }
}
