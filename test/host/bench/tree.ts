// Scenario B of the host benchmark: PR #2, 500 check runs holding 10,000 annotations. The tree is
// rendered as VS Code asks for it, through the real provider: from the store change to getChildren and
// getTreeItem answered for the root, the PR, its groups and all 500 run nodes, and one run's
// annotations. Then the store's change detection at that size: set an identical entry, and a changed one.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MrGatesApi } from '../../../src/extension';
import type { RepoEntry } from '../../../src/state/repoEntry';
import type { TreeNode } from '../../../src/views/nodes';
import { gitInOpenRepo, waitFor } from '../helpers';
import { addRow, profile, sampled, say, spread } from './measure';
import { findingsOf } from './publish';
import { realViewBench } from './view';
import { ANNOTATIONS, TREE_BRANCH, TREE_RUNS, type BenchWorld } from './world';

const RUNS = 5;
const STORE_RUNS = 50;
const scope = `${TREE_RUNS} check runs holding ${ANNOTATIONS.toLocaleString('en')} annotations`;

type Answer<T> = T | Thenable<T>;
const isThenable = <T>(value: Answer<T>): value is Thenable<T> => typeof (value as Thenable<T>)?.then === 'function';

interface Rendered {
  /** Tree items asked for: the PR, its groups, the runs and one run's annotations. */
  readonly items: number;
  readonly runs: number;
  readonly annotations: number;
}

/**
 * Asks the provider what VS Code asks when the PR node changes: the root's children, then for every
 * node down to the runs its tree item and children; then one run's annotations. Synchronous while the
 * provider answers synchronously (it does today), so nothing else runs in between.
 */
async function render(api: MrGatesApi): Promise<Rendered> {
  const provider = api.provider;
  const children = async (node?: TreeNode): Promise<TreeNode[]> => {
    const answer = provider.getChildren(node) as Answer<TreeNode[] | null | undefined>;
    return (isThenable(answer) ? await answer : answer) ?? [];
  };
  const item = async (node: TreeNode): Promise<vscode.TreeItem> => {
    const answer = provider.getTreeItem(node) as Answer<vscode.TreeItem>;
    return isThenable(answer) ? await answer : answer;
  };
  let items = 0;
  let runs = 0;
  let aRun: TreeNode | undefined;
  for (const mr of await children()) {
    await item(mr);
    items++;
    for (const group of await children(mr)) {
      const label = (await item(group)).label;
      items++;
      for (const check of await children(group)) {
        await item(check);
        items++;
        if (label === 'Check runs') {
          runs++;
          aRun ??= check;
        }
      }
    }
  }
  let annotations = 0;
  if (aRun) {
    for (const child of await children(aRun)) {
      await item(child);
      items++;
      if (child.id.includes('/a')) annotations++;
    }
  }
  return { items, runs, annotations };
}

const isTreePr = (entry: RepoEntry | undefined): boolean => {
  const gate = entry?.status.kind === 'ready' && entry.branch === TREE_BRANCH ? entry.status.gates?.[0]?.gate : undefined;
  return !!gate && gate.checks.length === TREE_RUNS && gate.findings.length === ANNOTATIONS;
};

/** The entry with the PR's title changed: a store change that redraws the PR and changes no finding. */
function retitled(entry: RepoEntry, tag: string): RepoEntry {
  if (entry.status.kind !== 'ready') throw new Error('not a ready entry');
  const gates = (entry.status.gates ?? []).map((g) => {
    const mergeRequest = { ...g.mergeRequest, title: `${g.mergeRequest.title} [${tag}]` };
    return { ...g, mergeRequest, gate: g.gate && { ...g.gate, mergeRequest } };
  });
  return { ...entry, status: { ...entry.status, gates } };
}

export async function treeBench(api: MrGatesApi, world: BenchWorld): Promise<void> {
  const { root } = world;
  await gitInOpenRepo(root, 'checkout', '-q', TREE_BRANCH);
  const base = await waitFor(() => (isTreePr(api.store.get(root)) ? api.store.get(root) : undefined), { event: api.store.onDidChange, message: 'PR #2 loaded', timeoutMs: 120_000 });
  await api.diagnostics.idle();
  assert.strictEqual(findingsOf(base).length, ANNOTATIONS);

  // Once untimed, as when the view first showed the PR: the provider then knows its top nodes.
  const first = await render(api);
  assert.deepStrictEqual([first.runs, first.annotations], [TREE_RUNS, ANNOTATIONS / TREE_RUNS], 'the tree shows every run, and a run its annotations');

  await sampled(`tree of ${scope}: store change → getChildren + getTreeItem of the PR, its groups, all ${TREE_RUNS} runs and one run's ${ANNOTATIONS / TREE_RUNS} annotations`, RUNS, async (i) => {
    const entry = retitled(base, `t${i}`);
    const started = performance.now();
    api.store.set(entry);
    const rendered = await render(api);
    const took = performance.now() - started;
    assert.deepStrictEqual(rendered, first, 'the same tree');
    await api.diagnostics.idle(); // the publisher's check that no finding changed, outside the figure
    return took;
  });
  await profile('tree-render', async () => {
    for (let i = 0; i < 5; i++) {
      api.store.set(retitled(base, `p${i}`));
      await render(api);
      await api.diagnostics.idle();
    }
  });

  // The store's change detection at 10,000 annotations: an equal entry (a settled poll) is dropped; a
  // changed one is announced to every listener (tree, publisher, status bar, notifier) within set().
  // A settled poll builds new objects for everything but a completed run's findings, which the adapter
  // keeps; a deep copy shares nothing, the worst case.
  const current = api.store.get(root)!;
  const asPolled = asASettledPollBuildsIt(current);
  const deepCopy = structuredClone(current);
  const timeEqualSets = (entry: RepoEntry): number[] => {
    const times: number[] = [];
    let announced = 0;
    const sub = api.store.onDidChange(() => announced++);
    try {
      for (let i = 0; i < STORE_RUNS; i++) {
        const started = performance.now();
        api.store.set(entry);
        times.push(performance.now() - started);
      }
    } finally {
      sub.dispose();
    }
    assert.strictEqual(announced, 0, 'an equal entry is not announced');
    return times;
  };
  addRow(`store.set of an equal entry as a settled poll builds it (${scope}; the completed runs' findings are the adapter's kept objects): change detection only`, spread(timeEqualSets(asPolled)));
  addRow(`store.set of an equal entry sharing no object with the stored one (a deep copy): change detection only`, spread(timeEqualSets(deepCopy)));
  const changed: number[] = [];
  for (let i = 0; i < STORE_RUNS; i++) {
    const entry = retitled(base, `s${i}`);
    const started = performance.now();
    api.store.set(entry);
    changed.push(performance.now() - started);
    assert.strictEqual(api.store.get(root), entry);
    await api.diagnostics.idle();
  }
  addRow(`store.set of a changed entry (the PR's title): change detection and the listeners' synchronous work`, spread(changed));

  await realViewBench(api, base, retitled, scope);
  say('scenario B done');
}

/** New objects for the entry, its gates and their checks, as a refresh maps them; the findings kept. */
function asASettledPollBuildsIt(entry: RepoEntry): RepoEntry {
  if (entry.status.kind !== 'ready') return structuredClone(entry);
  const gates = entry.status.gates?.map((g) => ({ ...g, mergeRequest: { ...g.mergeRequest }, gate: g.gate && { ...g.gate, checks: g.gate.checks.map((c) => ({ ...c })), findings: [...g.gate.findings] } }));
  return { ...entry, status: { ...entry.status, project: entry.status.project && { ...entry.status.project }, gates } };
}
