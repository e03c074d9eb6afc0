// The client's own HTTP exchange (src/forges/wire.ts) against a real server on 127.0.0.1: decoded
// bodies, a body over the limit refused while it is read, a reset mid-body, an abort, headers as sent.
import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { send, WireError } from '../../src/forges/wire';

suite('wire: one HTTP exchange over node:http', () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: IncomingMessage[] = [];
  setup(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = (path: string, maxBytes = 1 << 20, signal = new AbortController().signal) => send(new URL(path, base), { method: 'GET', headers: { accept: 'application/json' }, signal, maxBytes });

  for (const [encoding, encode] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
    test(`a ${encoding} body is decoded, and the client says it accepts it`, async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end(encode(Buffer.from('{"ok":"héllo"}')));
      };
      const response = await get('/x');
      assert.equal(await response.text(), '{"ok":"héllo"}');
      assert.match(String(seen[0].headers['accept-encoding']), new RegExp(encoding));
    });
  }

  test('status, headers (repeated ones joined), and a POST body with its length', async () => {
    handler = (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('x-got', `${req.method} ${body} ${req.headers['content-length']}`);
        res.setHeader('link', ['<a>; rel="next"', '<b>; rel="last"']);
        res.writeHead(201, 'Created');
        res.end();
      });
    };
    const response = await send(new URL('/y', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"é"}', signal: new AbortController().signal, maxBytes: 100 });
    assert.deepEqual([response.status, response.statusText, response.ok], [201, 'Created', true]);
    assert.equal(response.headers.get('X-Got'), 'POST {"a":"é"} 10');
    assert.equal(response.headers.get('link'), '<a>; rel="next", <b>; rel="last"');
    const names: string[] = [];
    response.headers.forEach((_v, name) => names.push(name));
    assert.ok(names.includes('x-got') && names.includes('link'));
    assert.equal(response.headers.get('absent'), null);
  });

  test('a body over the limit is refused while it is read', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(5000));
    };
    const response = await get('/big', 1000);
    await assert.rejects(response.text(), (e: WireError) => e instanceof WireError && e.type === 'max-size');
  });

  test('a connection reset mid-body is a system error; a refused connection carries its code', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('half');
      setImmediate(() => res.socket?.destroy());
    };
    const response = await get('/reset');
    await assert.rejects(response.text(), (e: WireError) => e instanceof WireError && e.type === 'system');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(send(new URL(`http://127.0.0.1:${port}/`), { method: 'GET', headers: {}, signal: new AbortController().signal, maxBytes: 10 }), (e: WireError) => e.code === 'ECONNREFUSED');
  });

  test('an abort ends a request waiting for its answer, and one whose body is still coming', async () => {
    handler = () => undefined; // never answers
    const waiting = new AbortController();
    const pending = get('/hang', 100, waiting.signal);
    await new Promise<void>((resolve) => (seen.length ? resolve() : server.once('request', () => resolve())));
    waiting.abort();
    await assert.rejects(pending, (e: WireError) => e.type === 'aborted');
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('part');
    };
    const reading = new AbortController();
    const response = await get('/slow', 100, reading.signal);
    const text = response.text();
    reading.abort();
    await assert.rejects(text, (e: WireError) => e instanceof WireError);
  });
});
