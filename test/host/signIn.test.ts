// mrGates.signIn / signOut against a fake forge, in the real extension host with real SecretStorage.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeForge } from '../fake-forge';
import { mrGates, openRepo, setInstances, signIn, signOut, startForge, waitForEntry } from './mrGates';

const GOOD = 'glpat-good-token-123456';

suite('sign-in', () => {
  let gitlab: FakeForge;
  let repo: { root: string; close(): Promise<void> };

  suiteSetup(async () => {
    gitlab = await startForge('gitlab', { project: 'team/app', token: GOOD, username: 'ada' });
    await setInstances([{ url: gitlab.url, forge: 'gitlab' }]);
    repo = await openRepo({ remote: `${gitlab.url}/team/app.git`, branch: 'feature/login' });
  });
  suiteTeardown(async () => {
    await signOut(gitlab.url);
    await repo.close();
    await setInstances([]);
    await gitlab.close();
  });

  test('without a token the repository says it is not signed in, with a sign-in action', async () => {
    const entry = await waitForEntry(repo.root, (e) => e.status.kind === 'signedOut', 'signed-out state');
    assert.strictEqual(entry.remote?.location.origin, gitlab.url);
    const api = await mrGates();
    const [repoNode] = (await api.provider.getChildren()).filter((n) => n.id === `repo:${repo.root}`);
    const [message] = repoNode.getChildren();
    const item = api.provider.getTreeItem(message);
    assert.strictEqual(item.command, undefined, 'the row runs nothing when clicked');
    assert.match(item.contextValue ?? '', /(^| )signIn( |$)/, 'its inline Sign In button');
    assert.match(String(item.tooltip), new RegExp(gitlab.url.replace(/[.:/]/g, '\\$&')), 'the instance in full, port included');
    // The inline button hands the node over: the sign-in is for the instance it names.
    assert.strictEqual((message as unknown as { signInUrl?: string }).signInUrl, gitlab.url);
  });

  test('a wrong token is refused with a clear message, and nothing is stored', async () => {
    gitlab.clearRequests();
    const result = await signIn(gitlab.url, 'wrong-token-000000');
    assert.strictEqual(result.ok, false);
    assert.match(result.reason ?? '', /not accepted/);
    const [check] = gitlab.requestsTo('GET', '/api/v4/user');
    assert.strictEqual(check.headers['private-token'], 'wrong-token-000000');
    assert.deepStrictEqual(await signOut(gitlab.url), { ok: false, origin: gitlab.url }, 'no token may have been stored');
    assert.strictEqual((await mrGates()).store.get(repo.root)?.status.kind, 'signedOut');
  });

  test('a good token is checked with the current-user call, stored, and used for the repository', async () => {
    gitlab.clearRequests();
    const result = await signIn(gitlab.url, GOOD);
    assert.deepStrictEqual(result, { ok: true, origin: gitlab.url, username: 'ada', alsoSignedIn: [], refusedBy: [] });
    assert.strictEqual(gitlab.requestsTo('GET', '/api/v4/user').length, 1);
    const entry = await waitForEntry(repo.root, (e) => e.status.kind === 'ready', 'ready state after sign-in');
    assert.ok(entry.status.kind === 'ready' && entry.status.project.path === 'team/app');
    const projectRequest = gitlab.requestsTo('GET', '/api/v4/projects/team%2Fapp').at(-1);
    assert.strictEqual(projectRequest?.headers['private-token'], GOOD, 'the stored token is what the refresh sent');
    assert.strictEqual((await mrGates()).contextKeys.get('mrGates.signedIn'), true, 'Sign Out and the gate commands show in the view menu now');
  });

  test('sign-out removes the token and the repository goes back to signed out', async () => {
    assert.deepStrictEqual(await signOut(gitlab.url), { ok: true, origin: gitlab.url });
    await waitForEntry(repo.root, (e) => e.status.kind === 'signedOut', 'signed-out state after sign-out');
    assert.strictEqual((await signOut(gitlab.url))?.ok, false, 'a second sign-out finds nothing');
    assert.strictEqual((await mrGates()).contextKeys.get('mrGates.signedIn'), false, 'signed out everywhere: Sign Out leaves the view menu');
  });

  test('an unknown host is refused before any request, and nothing is stored', async () => {
    const result = await signIn('https://git.unknown.example.invalid', GOOD);
    assert.strictEqual(result.ok, false);
    assert.match(result.reason ?? '', /not a known forge.*mrGates\.instances/);
  });

  test('a malformed URL is refused with a clear message', async () => {
    const result = await signIn('ftp://gitlab.example.invalid', GOOD);
    assert.strictEqual(result.ok, false);
    assert.match(result.reason ?? '', /not a valid instance URL/);
  });

  test('the wrong kind of server at the URL is explained', async () => {
    const github = await startForge('github', { project: 'octo/app', token: GOOD, githubEnterprise: true });
    try {
      const result = await signIn(github.url, GOOD, 'gitlab');
      assert.strictEqual(result.ok, false);
      assert.match(result.reason ?? '', /really a GitLab instance/);
      assert.strictEqual((await signOut(github.url))?.ok, false, 'nothing stored');
    } finally {
      await github.close();
      await setInstances([{ url: gitlab.url, forge: 'gitlab' }]);
    }
  });

  test('one token for several instances of the same forge: one sign-in, one summary, and a refusal named', async () => {
    const second = await startForge('gitlab', { project: 'team/other', token: GOOD, username: 'ada' });
    const third = await startForge('gitlab', { project: 'team/third', token: 'another-token-98765', username: 'bob' });
    const api = await mrGates();
    const told: string[] = [];
    const listening = api.onDidNotify(({ text }) => told.push(text));
    try {
      await setInstances([{ url: gitlab.url, forge: 'gitlab' }, { url: second.url, forge: 'gitlab' }, { url: third.url, forge: 'gitlab' }]);
      const result = await vscode.commands.executeCommand<{ ok: boolean; alsoSignedIn?: string[]; refusedBy?: string[] }>('mrGates.signIn', { url: gitlab.url, token: GOOD, alsoFor: [second.url, third.url] });
      assert.deepStrictEqual([result.ok, result.alsoSignedIn, result.refusedBy], [true, [second.url], [third.url]]);
      const host = (url: string) => url.replace(/^https?:\/\//, '');
      assert.deepStrictEqual(told, [`Signed in to ${host(gitlab.url)}, ${host(second.url)} as ada. The token was refused by ${host(third.url)}.`], 'one summary');
      assert.strictEqual((await signOut(second.url))?.ok, true, 'the token was stored for the second instance');
      assert.strictEqual((await signOut(third.url))?.ok, false, 'and not for the one that refused it');
    } finally {
      listening.dispose();
      await second.close();
      await third.close();
      await setInstances([{ url: gitlab.url, forge: 'gitlab' }]);
    }
  });

  test('an unreachable instance says it could not be reached, and nothing is stored', async () => {
    const gone = await startForge('gitlab', { project: 'x/y', token: GOOD });
    const url = gone.url;
    await gone.close();
    const result = await signIn(url, GOOD, 'gitlab');
    assert.strictEqual(result.ok, false);
    assert.match(result.reason ?? '', /could not be reached/);
    assert.strictEqual((await signOut(url))?.ok, false);
    await setInstances([{ url: gitlab.url, forge: 'gitlab' }]);
  });
});
