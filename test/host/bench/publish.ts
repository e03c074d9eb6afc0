// Scenario A of the host benchmark: 10,000 check-run annotations over 1,000 files become diagnostics.
// Every publish is timed from the store's change event for the ready entry (which the refresher, or
// the benchmark, has just set) until the publisher is idle, and checked through
// vscode.languages.getDiagnostics(): 10,000 diagnostics on 1,000 files.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../../src/extension';
import type { Finding } from '../../../src/core/model';
import { readyGates, type RepoEntry } from '../../../src/state/repoEntry';
import { addWorkspaceFolder, git, removeWorkspaceFolder, tmpDir, waitFor, waitForGitRepository } from '../helpers';
import { setInstances, signIn } from '../mrGates';
import { addRow, ms, profile, sampled, say, spread } from './measure';
import { ANNOTATIONS, FILES, PROJECT, PUBLISH_BRANCH, PUBLISH_RUNS, TOKEN, diagnosticsUnder, reReport, type BenchWorld } from './world';

const RUNS = 5;
const scope = `${ANNOTATIONS.toLocaleString('en')} diagnostics over ${FILES.toLocaleString('en')} files (${PUBLISH_RUNS} check runs × ${ANNOTATIONS / PUBLISH_RUNS})`;

export const findingsOf = (entry: RepoEntry | undefined): readonly Finding[] => readyGates(entry).flatMap((g) => g.gate?.findings ?? []);

/** The entry with every finding passed through `change`: what a refresh with other findings would set. */
export function withFindings(entry: RepoEntry, change: (finding: Finding, i: number) => Finding): RepoEntry {
  if (entry.status.kind !== 'ready') throw new Error('not a ready entry');
  let i = 0;
  const gates = (entry.status.gates ?? []).map((g) => (g.gate ? { ...g, gate: { ...g.gate, findings: g.gate.findings.map((f) => change(f, i++)) } } : g));
  return { ...entry, status: { ...entry.status, gates } };
}

export interface Publish {
  /** When the store announced the entry (performance.now()). */
  readonly at: number;
  /** From then until the publisher was idle. */
  readonly ms: number;
}

/**
 * Resolves once the store has announced an entry of `root` that `ready` accepts, and the publisher is
 * idle after it. Subscribe before whatever sets the entry.
 */
export function nextPublish(api: MrGatesApi, root: string, ready: (entry: RepoEntry) => boolean, what: string): Promise<Publish> {
  return new Promise<Publish>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, 120_000);
    const sub = api.store.onDidChange((change) => {
      const entry = api.store.get(root);
      if (!change.changed.includes(root) || !entry || !ready(entry)) return;
      sub.dispose();
      clearTimeout(timer);
      // The publisher subscribed first: its publish of this entry is queued by now, and idle() waits for it.
      const at = performance.now();
      api.diagnostics.idle().then(() => resolve({ at, ms: performance.now() - at }), reject);
    });
  });
}

const complete = (entry: RepoEntry) => findingsOf(entry).length === ANNOTATIONS;

function assertPublished(root: string, tag?: string): void {
  const { diagnostics, files } = diagnosticsUnder(root);
  assert.strictEqual(diagnostics, ANNOTATIONS, `${root}: diagnostics published`);
  assert.strictEqual(files, FILES, `${root}: files with diagnostics`);
  if (tag) {
    const [, list] = vscode.languages.getDiagnostics().find(([uri]) => uri.fsPath.startsWith(`${root}/`)) ?? [undefined, []];
    assert.ok(list.every((d) => d.message.includes(`[${tag}]`)), `the diagnostics carry the new messages (${tag})`);
  }
}

/** Opens the main repository and signs in: its first publish is the first of this extension host. */
export async function openMain(api: MrGatesApi, world: BenchWorld): Promise<void> {
  await setInstances([{ url: world.forge.url, forge: 'gitee' }]);
  const uri = vscode.Uri.file(world.root);
  await addWorkspaceFolder(uri);
  await waitForGitRepository(world.root);
  const first = nextPublish(api, world.root, complete, 'the first publish');
  const started = performance.now();
  const signedIn = await signIn(world.forge.url, TOKEN);
  assert.ok(signedIn.ok, `sign-in failed: ${signedIn.reason}`);
  const published = await first;
  assertPublished(world.root);
  addRow(`first refresh after sign-in, fetch of ${ANNOTATIONS.toLocaleString('en')} annotations to ${ANNOTATIONS.toLocaleString('en')} diagnostics published, RTT 0 (one run, a fresh extension host)`, ms(published.at + published.ms - started));
  addRow(`its publish: ${scope}, store change → publisher idle (one run, JIT cold)`, ms(published.ms));
}

/** A clone of the main repository at another path, on the same branch and remote: a root never published. */
async function cloneMain(world: BenchWorld, i: number): Promise<string> {
  const dir = tmpDir(`clone${i}`);
  await git(world.root, 'clone', '-q', '--branch', PUBLISH_BRANCH, world.root, dir);
  await git(dir, 'remote', 'set-url', 'origin', `${world.forge.url}/${PROJECT}.git`);
  return dir;
}

export async function publishBench(api: MrGatesApi, world: BenchWorld): Promise<void> {
  const { root } = world;

  // Cold: the first publish of a repository whose files MR Gates has never read. Each sample is a fresh
  // clone opened as a workspace folder; the refresher sets its ready entry (the annotations of
  // completed runs come from the adapter's memory), and the clone is closed again afterwards.
  await sampled(`publish ${scope}, cold: a repository's first publish (a root MR Gates never read; the OS file cache is warm), store change → idle`, RUNS, async (i) => {
    const clone = await cloneMain(world, i);
    const published = nextPublish(api, clone, complete, `the first publish of clone ${i}`);
    await addWorkspaceFolder(vscode.Uri.file(clone));
    await waitForGitRepository(clone);
    const { ms: took } = await published;
    assertPublished(clone);
    await removeWorkspaceFolder(vscode.Uri.file(clone));
    await waitFor(() => (api.store.get(clone) ? undefined : true), { event: api.store.onDidChange, message: `clone ${i} closed`, timeoutMs: 20_000 });
    await api.diagnostics.idle();
    assert.strictEqual(diagnosticsUnder(clone).diagnostics, 0, 'a closed clone keeps no diagnostics');
    return took;
  });

  // Warm: the same repository again, with findings that differ (identical ones are skipped).
  const base = api.store.get(root);
  assert.ok(base && complete(base), 'the main repository is loaded');
  const republish = async (entry: RepoEntry, what: string): Promise<number> => {
    const published = nextPublish(api, root, (e) => e === entry, what);
    api.store.set(entry);
    return (await published).ms;
  };
  await sampled(`publish ${scope}, warm: every message changed, store change → idle`, RUNS, async (i) => {
    const took = await republish(withFindings(base, (f) => ({ ...f, message: `${f.message} [w${i}]` })), `warm publish ${i}`);
    assertPublished(root, `w${i}`);
    return took;
  });
  await sampled(`publish ${scope}, warm: one message changed, store change → idle`, RUNS, async (i) => {
    const took = await republish(withFindings(base, (f, n) => (n === 0 ? { ...f, message: `${f.message} [o${i}]` } : f)), `one-message publish ${i}`);
    assertPublished(root);
    const changed = vscode.languages.getDiagnostics().flatMap(([, list]) => list).filter((d) => d.message.includes(`[o${i}]`));
    assert.strictEqual(changed.length, 1, 'the changed message is published');
    return took;
  });
  await profile('publish-warm', async () => {
    await republish(withFindings(base, (f) => ({ ...f, message: `${f.message} [p]` })), 'profiled warm publish');
  });

  // End to end at RTT 0: the forge reports every run anew (all 10,000 annotations are read again, 2 pages
  // per run) with other messages; mrGates.refresh fetches, maps, sets the store, and the publisher follows.
  const storeMs: number[] = [];
  let requests = 0;
  await sampled(`refresh → ${ANNOTATIONS.toLocaleString('en')} diagnostics published, end to end (fetch, map, store, publish), RTT 0`, RUNS, async (i) => {
    reReport(world, `e${i}`);
    world.forge.clearRequests();
    const published = nextPublish(api, root, (e) => findingsOf(e)[0]?.message.endsWith(`[e${i}]`) ?? false, `refresh ${i}`);
    const started = performance.now();
    await vscode.commands.executeCommand('mrGates.refresh');
    const { at, ms: took } = await published;
    storeMs.push(at - started);
    requests = world.forge.requests.length;
    assertPublished(root, `e${i}`);
    return at + took - started;
  });
  await profile('refresh-end-to-end', async () => {
    reReport(world, 'p');
    const published = nextPublish(api, root, (e) => findingsOf(e)[0]?.message.endsWith('[p]') ?? false, 'the profiled refresh');
    await vscode.commands.executeCommand('mrGates.refresh');
    await published;
  });
  addRow('of which refresh → store change (fetch and map; the fake forge serves from the same extension host)', `${spread(storeMs)}; ${requests} requests per refresh`);
  say('scenario A done');
}
