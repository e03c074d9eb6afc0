// The forge adapters of a session: one per origin and token, built on first use and kept, so what an
// adapter may cache (the project, the repository) lasts between refreshes. They are dropped when the
// token of their origin changes (sign-in, sign-out, another window) and when the settings change. The
// shared transport (TLS, proxy) is rebuilt only when the settings that shape it change.
import type { TokenStore } from '../auth/tokenStore';
import type { ForgeKind } from '../core/model';
import type { ForgeAdapter } from '../forges/forge';
import type { RedactingLogger } from '../forges/log';
import { createAdapter } from '../forges/registry';
import { Transport, type TransportOptions } from '../forges/transport';

interface KeptAdapter {
  readonly token: string;
  readonly adapter: ForgeAdapter;
}

export class Connections {
  private transport?: Transport;
  private transportKey = '';
  private readonly adapters = new Map<string, KeptAdapter>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: RedactingLogger,
  ) {
    this.subscription = tokens.onDidChange((origin) => this.forget(origin));
  }

  configure(options: TransportOptions): void {
    // Any settings change may concern the adapters (instances, TLS, proxy): they are built again.
    this.adapters.clear();
    const key = JSON.stringify(options);
    if (key === this.transportKey && this.transport) return;
    this.transport?.dispose();
    this.transportKey = key;
    try {
      this.transport = new Transport(options, this.log);
    } catch (e) {
      // A CA file that cannot be read must not take the extension down: fall back to the defaults and say so.
      this.log.error(`Could not apply the TLS settings (${(e as Error).message}); using the system defaults.`);
      this.transport = new Transport({ ...options, caFile: undefined }, this.log);
    }
  }

  /** A fresh adapter with an explicit token, for validating a token before it is stored. */
  withToken(kind: ForgeKind, origin: string, token: string): ForgeAdapter {
    // Registered before the first request, so a forge echoing the token being tried cannot show it.
    this.log.addSecret(token);
    // Forge text that reaches an error (and so the tree or a toast) is redacted of every token in use.
    return createAdapter(kind, origin, { token, transport: this.transport, log: this.log, redact: this.log.redact });
  }

  /** The session's adapter for the stored token, or undefined when the user is not signed in to that origin. */
  async forOrigin(kind: ForgeKind, origin: string): Promise<ForgeAdapter | undefined> {
    const stored = await this.tokens.get(origin);
    if (!stored) return undefined;
    const key = `${kind}|${origin}`;
    const kept = this.adapters.get(key);
    if (kept?.token === stored.token) return kept.adapter;
    const adapter = this.withToken(kind, origin, stored.token);
    this.adapters.set(key, { token: stored.token, adapter });
    return adapter;
  }

  private forget(origin: string): void {
    for (const key of [...this.adapters.keys()]) if (key.endsWith(`|${origin}`)) this.adapters.delete(key);
  }

  dispose(): void {
    this.subscription.dispose();
    this.adapters.clear();
    this.transport?.dispose();
  }
}
