// A round-trip time in front of a fake forge, and a record of what it answered.
//
// Why not `forge.inject({ path: /.*/ }, { delayMs })`: the fake forge skips its validators for a request
// that matched a fault (server.ts: `fault ? renderFault(...) : withValidators(...)`), so with a delay
// injected no answer carries an ETag and no conditional GET is ever answered 304. And its request log
// (RecordedRequest) keeps no response status, so 304s cannot be counted there. This proxy waits the RTT,
// forwards to the forge (whose validators then apply as usual), records each answer's status, and
// rewrites the forge's origin in Link and Location headers so that pagination stays on the proxy.
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedExchange {
  readonly method: string;
  /** The request target as the client sent it: path and query. */
  readonly target: string;
  readonly status: number;
  /** Date.now() when the request reached the proxy, and when its answer left it. */
  readonly receivedAt: number;
  readonly answeredAt: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection']);

function forwardable(headers: IncomingHttpHeaders, rewrite: (value: string) => string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = name === 'link' || name === 'location' ? (Array.isArray(value) ? value.map(rewrite) : rewrite(value)) : value;
  }
  return out;
}

export class RttProxy {
  /** What the forge answered, in order of answer. */
  readonly exchanges: ProxiedExchange[] = [];
  readonly origin: string;

  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly agent: Agent,
  ) {
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** `targetOrigin`: the forge's scheme://host:port. Every request waits `rttMs` before it is forwarded. */
  static async start(targetOrigin: string, rttMs: number): Promise<RttProxy> {
    const target = new URL(targetOrigin);
    const agent = new Agent({ keepAlive: true });
    const server = createServer();
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RttProxy(server, sockets, agent);
    const rewrite = (value: string): string => value.split(target.origin).join(proxy.origin);
    server.on('request', (req, res) => {
      const receivedAt = Date.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        setTimeout(() => {
          const upstream = httpRequest(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardable(req.headers, (v) => v), agent },
            (answer) => {
              const body: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => body.push(chunk));
              answer.on('end', () => {
                const status = answer.statusCode ?? 502;
                proxy.exchanges.push({ method: req.method ?? 'GET', target: req.url ?? '/', status, receivedAt, answeredAt: Date.now() });
                const bytes = Buffer.concat(body);
                const headers = forwardable(answer.headers, rewrite);
                if (status !== 304 && status !== 204) headers['content-length'] = String(bytes.length);
                res.writeHead(status, headers);
                res.end(bytes);
              });
            },
          );
          upstream.on('error', () => res.destroy());
          upstream.end(Buffer.concat(chunks));
        }, rttMs);
      });
    });
    return proxy;
  }

  clear(): void {
    this.exchanges.length = 0;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
