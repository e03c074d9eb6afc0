// The stored tokens as accounts of VS Code's Accounts menu: the "mr-gates" authentication provider,
// in the real extension host, against two fake GitLab instances.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeForge } from '../fake-forge';
import { waitFor } from './helpers';
import { mrGates, openRepo, renderTree, setInstances, signIn, signOut, startForge, waitForEntry } from './mrGates';

const PROVIDER = 'mr-gates';
const ADA = 'glpat-ada-token-123456';
const BOB = 'glpat-bob-token-654321';
const CAROL = 'glpat-carol-token-000111';

const host = (url: string): string => url.replace(/^https?:\/\//, '');

/** The next change VS Code announces for the MR Gates provider (set up before the action that causes it). */
function nextSessionsChange(what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      listening.dispose();
      reject(new Error(`no onDidChangeSessions for ${PROVIDER} after ${what}`));
    }, 10_000);
    const listening = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id !== PROVIDER) return;
      clearTimeout(timer);
      listening.dispose();
      resolve();
    });
  });
}

/** The accounts on these instances that VS Code itself lists for the provider (what the Accounts menu is built from). */
async function vscodeAccounts(...forges: FakeForge[]): Promise<string[]> {
  const getAccounts = (vscode.authentication as { getAccounts?: (id: string) => Thenable<readonly vscode.AuthenticationSessionAccountInformation[]> }).getAccounts;
  assert.ok(getAccounts, `VS Code ${vscode.version} has no authentication.getAccounts`);
  const ours = (label: string) => forges.some((forge) => label.endsWith(` @ ${host(forge.url)}`));
  return (await getAccounts(PROVIDER)).map((a) => a.label).filter(ours).sort();
}

async function repositoryMessages(root: string): Promise<string[]> {
  const node = (await renderTree(2)).find((n) => n.node.id === `repo:${root}`);
  return node?.children.map((c) => c.label) ?? [];
}

suite('accounts: the stored tokens in VS Code\'s Accounts menu', () => {
  let first: FakeForge;
  let second: FakeForge;
  let repos: { root: string; close(): Promise<void> }[];

  suiteSetup(async () => {
    first = await startForge('gitlab', { project: 'team/app', token: ADA, username: 'ada' });
    second = await startForge('gitlab', { project: 'ops/infra', token: BOB, username: 'bob' });
    await setInstances([{ url: first.url, forge: 'gitlab' }, { url: second.url, forge: 'gitlab' }]);
    repos = [await openRepo({ remote: `${first.url}/team/app.git`, branch: 'main' }), await openRepo({ remote: `${second.url}/ops/infra.git`, branch: 'main' })];
  });
  suiteTeardown(async () => {
    await signOut(first.url);
    await signOut(second.url);
    for (const repo of repos) await repo.close();
    await setInstances([]);
    await first.close();
    await second.close();
  });

  test('signing in announces a session, one per instance, named after the user and host:port', async () => {
    for (const [forge, token] of [[first, ADA], [second, BOB]] as const) {
      const announced = nextSessionsChange(`signing in to ${forge.url}`);
      assert.strictEqual((await signIn(forge.url, token)).ok, true);
      await announced;
    }
    const api = await mrGates();
    for (const [forge, user, token] of [[first, 'ada', ADA], [second, 'bob', BOB]] as const) {
      const [session] = await api.accounts.getSessions([forge.url]);
      assert.deepStrictEqual(
        { id: session?.id, account: session?.account, scopes: session?.scopes, token: session?.accessToken },
        { id: forge.url, account: { id: forge.url, label: `${user} @ ${host(forge.url)}` }, scopes: [forge.url], token },
      );
    }
    // Not vscode.authentication.getSession(…, { silent: true }): VS Code hands a session silently only
    // to an extension the user let use that account, and MR Gates stored the token itself (it gets
    // undefined). The Accounts menu needs no such grant: it lists what the provider's getSessions says.
    assert.deepStrictEqual(await vscodeAccounts(first, second), [`ada @ ${host(first.url)}`, `bob @ ${host(second.url)}`].sort(), 'VS Code lists both accounts');
      });

  test('a token replaced by the same user\'s is a changed session; another user\'s is another account', async () => {
    const api = await mrGates();
    first.addUser({ username: 'carol', token: CAROL, name: 'carol (test)' });
    const changes: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    const listening = api.accounts.onDidChangeSessions((e) => changes.push(e));
    const labels = (sessions: readonly vscode.AuthenticationSession[] | undefined) => (sessions ?? []).map((s) => s.account.label);
    try {
      for (const token of [ADA, CAROL, ADA]) {
        const announced = nextSessionsChange(`signing in to ${first.url} again`);
        assert.strictEqual((await signIn(first.url, token)).ok, true);
        await announced;
      }
      const ada = `ada @ ${host(first.url)}`;
      const carol = `carol @ ${host(first.url)}`;
      assert.deepStrictEqual(
        changes.map((e) => ({ added: labels(e.added), removed: labels(e.removed), changed: labels(e.changed) })),
        [
          { added: [], removed: [], changed: [ada] },
          { added: [carol], removed: [ada], changed: [] },
          { added: [ada], removed: [carol], changed: [] },
        ],
      );
      assert.deepStrictEqual(await vscodeAccounts(first, second), [ada, `bob @ ${host(second.url)}`].sort(), 'VS Code lists ada again, and carol no more');
    } finally {
      listening.dispose();
    }
  });

  test('createSession runs the sign-in for the instance asked for; closing its token box is an Error', async () => {
    const api = await mrGates();
    let outcome: Error | undefined;
    const creating = Promise.resolve(api.accounts.createSession([second.url])).then(
      () => assert.fail('no token was typed, yet a session was created'),
      (e: unknown) => void (outcome = e as Error),
    );
    // The token box has no event to wait on: close whatever quick input is open until the sign-in gives up.
    await waitFor(
      async () => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return outcome;
      },
      { message: 'the sign-in to give up', pollMs: 100 },
    );
    await creating;
    assert.match(outcome?.message ?? '', /Sign-in to MR Gates was canceled/);
    assert.deepStrictEqual((await api.accounts.getSessions([second.url])).map((s) => s.account.label), [`bob @ ${host(second.url)}`], 'the stored token is untouched');
  });

  test('removeSession signs out of that instance only', async () => {
    const api = await mrGates();
    for (const repo of repos) await waitForEntry(repo.root, (e) => e.status.kind === 'ready', 'signed in');
    const announced = nextSessionsChange(`removing the session of ${first.url}`);
    await api.accounts.removeSession(first.url);
    await announced;
    await waitForEntry(repos[0].root, (e) => e.status.kind === 'signedOut', 'signed out of the first instance');
    assert.deepStrictEqual(await repositoryMessages(repos[0].root), [`Not signed in to ${host(first.url)}`]);
    assert.strictEqual(api.store.get(repos[1].root)?.status.kind, 'ready', 'the other instance stays signed in');
    assert.deepStrictEqual((await api.accounts.getSessions()).map((s) => s.id).filter((id) => [first.url, second.url].includes(id)), [second.url]);
    assert.deepStrictEqual(await vscodeAccounts(first, second), [`bob @ ${host(second.url)}`]);
    assert.strictEqual((await signOut(first.url))?.ok, false, 'the token is gone');
    await assert.rejects(Promise.resolve(api.accounts.removeSession(first.url)), /no stored token/, 'a session that is gone cannot be removed again');
  });

  test('the Sign Out command removes the session too', async () => {
    const api = await mrGates();
    const announced = nextSessionsChange(`signing out of ${second.url}`);
    assert.strictEqual((await signOut(second.url))?.ok, true);
    await announced;
    assert.deepStrictEqual(await api.accounts.getSessions([second.url]), []);
    assert.deepStrictEqual(await vscodeAccounts(first, second), []);
    await waitForEntry(repos[1].root, (e) => e.status.kind === 'signedOut', 'signed out of the second instance');
  });
});
