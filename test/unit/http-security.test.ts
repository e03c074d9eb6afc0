// DESIGN.md §4, each rule against a real HTTP server: where the token goes, and where it never goes.
import { strict as assert } from 'node:assert';
import { ForgeError } from '../../src/forges/errors';
import { HttpClient } from '../../src/forges/http';
import { RedactingLogger, type LogSink } from '../../src/forges/log';
import { createAdapter } from '../../src/forges/registry';
import { FakeForge } from '../fake-forge';

const TOKEN = 'glpat-secret-token-0123456789';

function memoryLog(): { sink: LogSink; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { sink: { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') }, lines };
}

suite('http: the token goes only where it belongs', () => {
  let gitlab: FakeForge;
  let elsewhere: FakeForge;

  suiteSetup(async () => {
    gitlab = await FakeForge.start({ kind: 'gitlab', prefix: '/gitlab' });
    elsewhere = await FakeForge.start({ kind: 'gitlab' });
    gitlab.addUser({ username: 'ada', token: TOKEN });
    gitlab.addProject({ path: 'group/sub/app', members: ['ada'] });
  });
  suiteTeardown(async () => {
    await gitlab.close();
    await elsewhere.close();
  });
  setup(() => {
    gitlab.clearRequests();
    gitlab.clearFaults();
    elsewhere.clearRequests();
  });

  test('each forge gets its own auth header, and never the token in the URL', async () => {
    const forges = await Promise.all([
      FakeForge.start({ kind: 'gitee' }),
      FakeForge.start({ kind: 'github', githubEnterprise: true }),
    ]);
    try {
      const expected = { gitee: { authorization: `Bearer ${TOKEN}` }, github: { authorization: `Bearer ${TOKEN}` } };
      for (const forge of forges) {
        forge.addUser({ username: 'ada', token: TOKEN });
        const adapter = createAdapter(forge.kind, forge.url, { token: TOKEN });
        assert.equal((await adapter.getCurrentUser()).username, 'ada');
        const [request] = forge.requests;
        assert.equal(request.headers.authorization, expected[forge.kind as 'gitee' | 'github'].authorization);
        assert.ok(!request.rawUrl.includes(TOKEN), 'token must not be in the URL');
        assert.ok(!('access_token' in request.query), 'Gitee access_token query parameter must not be used');
      }
      const adapter = createAdapter('gitlab', gitlab.url, { token: TOKEN });
      await adapter.getCurrentUser();
      assert.equal(gitlab.requests[0].headers['private-token'], TOKEN);
      assert.equal(gitlab.requests[0].headers.authorization, undefined);
      assert.equal(gitlab.requests[0].credential?.via, 'private-token');
    } finally {
      await Promise.all(forges.map((f) => f.close()));
    }
  });

  test('GitHub API calls carry the versioned Accept headers', async () => {
    const github = await FakeForge.start({ kind: 'github', githubEnterprise: true });
    try {
      github.addUser({ username: 'octo', token: TOKEN });
      await createAdapter('github', github.url, { token: TOKEN }).getCurrentUser();
      assert.equal(github.requests[0].path, '/api/v3/user');
      assert.equal(github.requests[0].headers.accept, 'application/vnd.github+json');
      assert.equal(github.requests[0].headers['x-github-api-version'], '2022-11-28');
    } finally {
      await github.close();
    }
  });

  test('a nested GitLab project path is sent %2F-encoded under the instance prefix', async () => {
    const project = await createAdapter('gitlab', gitlab.url, { token: TOKEN }).getProject('group/sub/app');
    assert.equal(project.path, 'group/sub/app');
    assert.equal(gitlab.requests[0].path, '/api/v4/projects/group%2Fsub%2Fapp');
    assert.ok(gitlab.requests[0].rawUrl.startsWith('/gitlab/api/v4/'));
  });

  test('a URL on the same host but outside the API root gets no token', async () => {
    const client = new HttpClient({ apiBase: `${gitlab.url}/api/v4`, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }) });
    const outside = gitlab.url.replace('/gitlab', '/other');
    await client.get(`${outside}/api/v4/user`).catch(() => undefined);
    const [request] = gitlab.requests;
    assert.equal(request.outsidePrefix, true);
    assert.equal(request.headers['private-token'], undefined);
  });

  test('a redirect to another origin drops the token; the same origin keeps it', async () => {
    const client = new HttpClient({ apiBase: `${gitlab.url}/api/v4`, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }) });
    elsewhere.addUser({ username: 'stranger', token: 'other-token' });
    gitlab.inject({ path: '/api/v4/user', times: 1 }, { redirectTo: `${elsewhere.url}/api/v4/user`, status: 302 });
    await assert.rejects(client.get('/user'), (e: ForgeError) => e.kind === 'unauthorized');
    assert.equal(elsewhere.requests.length, 1);
    assert.equal(elsewhere.requests[0].headers['private-token'], undefined, 'token leaked across origins');

    gitlab.inject({ path: '/api/v4/projects/old%2Fname', times: 1 }, { redirectTo: '/api/v4/projects/group%2Fsub%2Fapp', status: 301 });
    const moved = await client.get<{ path_with_namespace: string }>('/projects/old%2Fname');
    assert.equal(moved.data.path_with_namespace, 'group/sub/app');
    const followed = gitlab.requests.at(-1)!;
    assert.equal(followed.path, '/api/v4/projects/group%2Fsub%2Fapp');
    assert.equal(followed.headers['private-token'], TOKEN);
  });

  test('never over plain http except loopback', async () => {
    const remote = new HttpClient({ apiBase: 'http://gitlab.example.invalid/api/v4', token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }) });
    await assert.rejects(remote.get('/user'), (e: ForgeError) => e.kind === 'insecure' && !e.message.includes(TOKEN));
    const loopback = new HttpClient({ apiBase: `${gitlab.url}/api/v4`, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }) });
    assert.equal((await loopback.get<{ username: string }>('/user')).data.username, 'ada');
  });

  test('a public-host https API base is allowed to carry the token', () => {
    const client = new HttpClient({ apiBase: 'https://api.github.com', token: TOKEN, authHeaders: (t) => ({ authorization: `Bearer ${t}` }) });
    assert.ok(client.mayCarryToken(new URL('https://api.github.com/repositories/1/check-runs/2/annotations?page=2')));
    assert.ok(!client.mayCarryToken(new URL('https://api.github.com.evil.test/user')));
    assert.ok(!client.mayCarryToken(new URL('https://github.com/user')));
  });

  test('the log never shows the token, even when the forge echoes it back', async () => {
    const { sink, lines } = memoryLog();
    const log = new RedactingLogger(sink);
    log.addSecret(TOKEN);
    gitlab.inject({ path: '/api/v4/user', times: 1 }, { status: 401, body: { message: `401 Unauthorized: token ${TOKEN} is revoked` } });
    const client = new HttpClient({ apiBase: `${gitlab.url}/api/v4`, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), log });
    const error = await client.get('/user').catch((e: unknown) => e as ForgeError);
    assert.ok(error instanceof ForgeError);
    assert.equal(error.kind, 'unauthorized');
    log.error(`sign-in failed: ${error.message}`);
    await client.get('/user');
    assert.ok(lines.length >= 2, 'something was logged');
    for (const line of lines) assert.ok(!line.includes(TOKEN), `token in log line: ${line}`);
    assert.ok(lines.some((l) => l.includes('***')), 'the echoed token was replaced');
  });

  test('redaction also catches header-shaped secrets the logger was never told about', () => {
    const { sink, lines } = memoryLog();
    new RedactingLogger(sink).info('PRIVATE-TOKEN: abcdef123456 and access_token=zzz999yyy and authorization: Bearer qqq777www');
    for (const secret of ['abcdef123456', 'zzz999yyy', 'qqq777www']) assert.ok(!lines[0].includes(secret), lines[0]);
  });
});

suite('http: forge text never carries a token into an error', () => {
  let gitlab: FakeForge;
  suiteSetup(async () => {
    gitlab = await FakeForge.start({ kind: 'gitlab' });
    gitlab.addUser({ username: 'ada', token: TOKEN });
  });
  suiteTeardown(() => gitlab.close());
  setup(() => gitlab.clearFaults());

  const client = (extra: { redact?: (text: string) => string; log?: LogSink } = {}) =>
    new HttpClient({ apiBase: gitlab.apiBase, token: TOKEN, authHeaders: (t) => ({ 'PRIVATE-TOKEN': t }), backoffMs: 1, ...extra });
  const failure = (c: HttpClient) => c.get('/user').then(() => assert.fail('expected a ForgeError'), (e: unknown) => e as ForgeError);
  const assertClean = (e: ForgeError, secret = TOKEN) => {
    assert.ok(e instanceof ForgeError, String(e));
    for (const text of [e.message, e.detail ?? '']) assert.ok(!text.includes(secret), `secret in: ${text}`);
    assert.ok(e.message.includes('***'), e.message);
  };

  for (const status of [401, 403, 500]) {
    test(`a ${status} JSON body echoing the client's own token is redacted without any option`, async () => {
      gitlab.inject({ path: '/api/v4/user' }, { status, body: { message: `token ${TOKEN} is invalid` } });
      assertClean(await failure(client()));
    });
  }

  test('a plain-text body echoing the token is redacted', async () => {
    gitlab.inject({ path: '/api/v4/user' }, { status: 502, body: `upstream refused PRIVATE TOKEN ${TOKEN}\n` });
    assertClean(await failure(client()));
  });

  test("the redact option removes secrets the client does not know (the shared logger's)", async () => {
    const other = 'ghp_another-token-in-use-42';
    const log = new RedactingLogger(memoryLog().sink);
    log.addSecret(other);
    gitlab.inject({ path: '/api/v4/user' }, { status: 403, body: { error: `forbidden for ${other}` } });
    assertClean(await failure(client({ redact: log.redact })), other);
  });

  test("the client's own log lines are redacted even when its sink is not", async () => {
    const { sink, lines } = memoryLog();
    gitlab.inject({ path: '/api/v4/user' }, { status: 401, body: { message: `token ${TOKEN} is invalid` } });
    await failure(client({ log: sink }));
    assert.ok(lines.length > 0);
    for (const line of lines) assert.ok(!line.includes(TOKEN), line);
  });
});

suite('log: redaction of every form of a token', () => {
  const redactor = (secret: string) => {
    const log = new RedactingLogger(memoryLog().sink);
    log.addSecret(secret);
    return log;
  };

  test('the exact token, anywhere in the text', () => {
    assert.equal(redactor(TOKEN).redact(`a${TOKEN}b ${TOKEN}`), 'a***b ***');
  });

  test('URL-encoded forms, upper- and lower-case hex', () => {
    const secret = 'abc+def/ghi=jkl';
    const log = redactor(secret);
    for (const form of ['abc%2Bdef%2Fghi%3Djkl', 'abc%2bdef%2fghi%3djkl']) {
      const out = log.redact(`GET /x?next=${form}&y=1`);
      assert.ok(!out.includes(form) && out.includes('***'), out);
    }
  });

  test('base64 forms: the token alone, and inside user:token at any alignment', () => {
    const log = redactor(TOKEN);
    for (const user of ['', 'a', 'ab', 'x-access-token', 'oauth2']) {
      const encoded = Buffer.from(user ? `${user}:${TOKEN}` : TOKEN).toString('base64');
      const out = log.redact(`the proxy echoed credentials ${encoded} back`);
      assert.ok(out.includes('***'), `${user}: ${out}`);
      assert.ok(!Buffer.from(out.split(' ')[4] ?? '', 'base64').toString('latin1').includes(TOKEN.slice(2, -2)), `${user}: ${out}`);
    }
  });

  test('short secrets are not registered; removeSecret forgets a token', () => {
    const log = redactor('abc');
    assert.equal(log.redact('abc abcdef'), 'abc abcdef');
    const long = redactor(TOKEN);
    long.removeSecret(TOKEN);
    assert.equal(long.redact(`x ${TOKEN}`), `x ${TOKEN}`);
  });
});
