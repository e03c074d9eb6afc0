// TLS settings (extra CA file, opt-in insecure) against a real https server, and the proxy choice.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ForgeError } from '../../src/forges/errors';
import { HttpClient } from '../../src/forges/http';
import type { LogSink } from '../../src/forges/log';
import { Transport, isLoopbackHost } from '../../src/forges/transport';

const CERT = 'test/fixtures/tls/localhost-test-only.crt';
const KEY = 'test/fixtures/tls/localhost-test-only.key';

function collectingLog(): { log: LogSink; warnings: string[] } {
  const warnings: string[] = [];
  return { log: { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} }, warnings };
}

suite('transport: TLS and proxy settings', () => {
  let server: Server;
  let apiBase: string;

  suiteSetup(async () => {
    server = createServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ username: 'tls-user' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiBase = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  });
  suiteTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const clientWith = (transport: Transport) => new HttpClient({ apiBase, transport, maxRetries: 0 });

  test('a private CA is not trusted by default, and the error names the setting to use', async () => {
    const { log } = collectingLog();
    await assert.rejects(clientWith(new Transport({}, log)).get('/user'), (e: ForgeError) => e.kind === 'network' && /mrGates\.tls\.caFile/.test(e.message));
  });

  test('mrGates.tls.caFile makes the private CA trusted', async () => {
    const { log, warnings } = collectingLog();
    const response = await clientWith(new Transport({ caFile: CERT }, log)).get<{ username: string }>('/user');
    assert.equal(response.data.username, 'tls-user');
    assert.equal(warnings.length, 0);
  });

  test('turning verification off works, and warns loudly in the log', async () => {
    const { log, warnings } = collectingLog();
    const response = await clientWith(new Transport({ rejectUnauthorized: false }, log)).get<{ username: string }>('/user');
    assert.equal(response.data.username, 'tls-user');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /verification is OFF/);
  });

  test('a CA file that does not exist is an error at configuration time, not a crash later', () => {
    assert.throws(() => new Transport({ caFile: 'test/fixtures/tls/missing.crt' }, collectingLog().log), /ENOENT/);
  });

  test('the proxy is used for remote hosts, never for loopback or NO_PROXY hosts', () => {
    const transport = new Transport({ proxy: 'http://proxy.example.invalid:3128', noProxy: 'corp.example, .internal.example' }, collectingLog().log);
    assert.ok(transport.agentFor(new URL('https://gitlab.com/api/v4/user')) instanceof HttpsProxyAgent);
    assert.ok(!(transport.agentFor(new URL('http://127.0.0.1:8080/api/v4/user')) instanceof HttpsProxyAgent));
    assert.ok(!(transport.agentFor(new URL('https://corp.example/api/v4/user')) instanceof HttpsProxyAgent));
    assert.ok(!(transport.agentFor(new URL('https://git.internal.example/api/v4/user')) instanceof HttpsProxyAgent));
    assert.ok(transport.agentFor(new URL('https://notcorp.example/api/v4/user')) instanceof HttpsProxyAgent);
    transport.dispose();
  });

  test('without a proxy there is no proxy agent', () => {
    const transport = new Transport({}, collectingLog().log);
    assert.ok(!(transport.agentFor(new URL('https://gitlab.com/')) instanceof HttpsProxyAgent));
    transport.dispose();
  });

  test('loopback detection', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['128.0.0.1', 'localhost.evil.test', '10.0.0.1', '127.0.0.1.nip.io']) assert.ok(!isLoopbackHost(host), host);
  });
});
