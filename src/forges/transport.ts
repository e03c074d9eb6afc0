// Connection settings for the HTTP client: TLS (extra CA, opt-in insecure) and an HTTP(S) proxy.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { LogSink } from './log';

export interface TransportOptions {
  /** PEM file with extra CA certificates (added to Node's bundled roots). */
  readonly caFile?: string;
  /** False only when the user turned verification off. */
  readonly rejectUnauthorized?: boolean;
  /** http://[user:pass@]host:port; empty means no proxy. */
  readonly proxy?: string;
  /** NO_PROXY-style list: host names, `.suffix` or `*`. Loopback is always direct. */
  readonly noProxy?: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function bypassesProxy(hostname: string, noProxy: string | undefined): boolean {
  if (isLoopbackHost(hostname)) return true;
  const host = hostname.toLowerCase();
  for (const raw of (noProxy ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (!entry) continue;
    if (entry === '*') return true;
    const suffix = entry.startsWith('.') ? entry : `.${entry}`;
    if (host === entry.replace(/^\./, '') || host.endsWith(suffix)) return true;
  }
  return false;
}

/** Builds the agents once per settings change; the client picks one per URL. */
export class Transport {
  private readonly httpsAgent: HttpsAgent;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly proxyAgent?: HttpsProxyAgent<string>;

  constructor(
    private readonly options: TransportOptions,
    log: LogSink,
  ) {
    const tlsOptions = {
      keepAlive: true,
      rejectUnauthorized: options.rejectUnauthorized !== false,
      ca: options.caFile ? [...rootCertificates, readFileSync(options.caFile, 'utf8')] : undefined,
    };
    if (!tlsOptions.rejectUnauthorized) {
      log.warn('TLS certificate verification is OFF (mrGates.tls.rejectUnauthorized = false). Anyone on the network path can read your token.');
    }
    this.httpsAgent = new HttpsAgent(tlsOptions);
    if (options.proxy) this.proxyAgent = new HttpsProxyAgent(options.proxy, tlsOptions);
  }

  agentFor(url: URL): HttpAgent | HttpsAgent {
    if (this.proxyAgent && !bypassesProxy(url.hostname, this.options.noProxy)) return this.proxyAgent;
    return url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
  }

  dispose(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
    this.proxyAgent?.destroy();
  }
}
