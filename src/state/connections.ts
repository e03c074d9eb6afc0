// Builds forge adapters for a location: the token from the store, the shared transport (TLS, proxy),
// the redacting log. The transport is rebuilt only when the settings that shape it change.
import type { TokenStore } from '../auth/tokenStore';
import type { ForgeAdapter, ForgeKind } from '../forges/forge';
import type { RedactingLogger } from '../forges/log';
import { createAdapter } from '../forges/registry';
import { Transport, type TransportOptions } from '../forges/transport';

export class Connections {
  private transport?: Transport;
  private transportKey = '';

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: RedactingLogger,
  ) {}

  configure(options: TransportOptions): void {
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

  /** An adapter with an explicit token, for validating a token before it is stored. */
  withToken(kind: ForgeKind, origin: string, token: string): ForgeAdapter {
    this.log.addSecret(token);
    // Forge text that reaches an error (and so the tree or a toast) is redacted of every token in use.
    return createAdapter(kind, origin, { token, transport: this.transport, log: this.log, redact: this.log.redact });
  }

  /** An adapter using the stored token, or undefined when the user is not signed in to that origin. */
  async forOrigin(kind: ForgeKind, origin: string): Promise<ForgeAdapter | undefined> {
    const stored = await this.tokens.get(origin);
    return stored ? this.withToken(kind, origin, stored.token) : undefined;
  }

  dispose(): void {
    this.transport?.dispose();
  }
}
