// The world of the host benchmark (issue 9): a git repository of 1,000 real files of a few hundred
// lines, and a fake Gitee whose project has two PRs on it:
//   PR #1 on `bench/publish`: 50 completed check runs × 200 annotations  (scenario A, publishing)
//   PR #2 on `bench/tree`:   500 completed check runs × 20 annotations   (scenario B, the tree)
// Both spread their 10,000 annotations evenly over the 1,000 files (10 per file), deterministically.
import * as vscode from 'vscode';
import type { AnnotationInput, CheckRun } from '../../fake-forge/checks-state';
import type { FakeForge } from '../../fake-forge';
import { git, makeGitRepo } from '../helpers';
import { startForge } from '../mrGates';
import { intPrng } from '../../../bench/lib/prng';

export const FILES = 1_000;
export const ANNOTATIONS = 10_000;
export const PUBLISH_RUNS = 50;
export const TREE_RUNS = 500;
export const PROJECT = 'bench/host-bench';
export const TOKEN = 'mrgates-host-bench-token';
export const PUBLISH_BRANCH = 'bench/publish';
export const TREE_BRANCH = 'bench/tree';

export const filePath = (file: number): string => `src/module${file % 40}/file${file}.ts`;
/** 200 to 499 lines. */
export const lineCount = (file: number): number => 200 + ((file * 37) % 300);

function fileContent(file: number): string {
  const lines: string[] = [];
  for (let line = 1; line <= lineCount(file); line++) lines.push(`export const value${line} = ${line * file}; // file ${file}, line ${line}${' '.repeat(line % 30)}.`);
  return `${lines.join('\n')}\n`;
}

export function benchFiles(): Record<string, string> {
  const files: Record<string, string> = { 'README.md': '# host benchmark repository\n' };
  for (let file = 0; file < FILES; file++) files[filePath(file)] = fileContent(file);
  return files;
}

const LEVELS: AnnotationInput['annotation_level'][] = ['failure', 'warning', 'notice'];

/**
 * The annotations of run `run` of `runs`, each of `perRun`: annotation k of the PR (run × perRun + i)
 * is on file k mod 1,000. A third span a few lines, the rest one line with columns; one in ten has raw details.
 */
export function annotationsOf(run: number, perRun: number, seed: number): AnnotationInput[] {
  const random = intPrng(seed * 100_003 + run);
  return Array.from({ length: perRun }, (_, i): AnnotationInput => {
    const file = (run * perRun + i) % FILES;
    const startLine = 1 + random(lineCount(file) - 10);
    const multi = random(3) === 0;
    return {
      path: filePath(file),
      start_line: startLine,
      end_line: multi ? startLine + 1 + random(8) : startLine,
      ...(multi ? {} : { start_column: 1 + random(20), end_column: 21 + random(20) }),
      annotation_level: LEVELS[(run + i) % 3],
      title: `rule-${(run * 7 + i) % 97}`,
      message: `Finding ${i} of run ${run}: value${startLine} does something the rule does not like.`,
      ...(i % 10 === 0 ? { raw_details: `Details of finding ${i} of run ${run}\nat ${filePath(file)}:${startLine}` } : {}),
    };
  });
}

export interface BenchWorld {
  readonly forge: FakeForge;
  /** The main repository, checked out on PUBLISH_BRANCH. */
  readonly root: string;
  readonly publishSha: string;
  readonly treeSha: string;
  /** PR #1's check runs, to change what the forge reports between refreshes. */
  readonly publishRuns: readonly CheckRun[];
}

/** The repository (not yet opened in the workspace) and the forge with both PRs. */
export async function makeWorld(): Promise<BenchWorld> {
  const forge = await startForge('gitee', { project: PROJECT, token: TOKEN, username: 'bench' });
  const root = await makeGitRepo({ remotes: { origin: `${forge.url}/${PROJECT}.git` }, branch: PUBLISH_BRANCH, files: benchFiles() });
  const publishSha = (await git(root, 'rev-parse', 'HEAD')).trim();
  await git(root, 'checkout', '-q', '-b', TREE_BRANCH);
  await git(root, 'commit', '-q', '--allow-empty', '-m', 'the tree benchmark PR');
  const treeSha = (await git(root, 'rev-parse', 'HEAD')).trim();
  await git(root, 'checkout', '-q', PUBLISH_BRANCH);
  const gitee = forge.gitee;
  const pr = (number: number, branch: string, sha: string, title: string) =>
    gitee.addPullRequest({ project: PROJECT, number, title, head: { ref: branch, sha }, base: { ref: 'main' }, author: 'bench' });
  pr(1, PUBLISH_BRANCH, publishSha, 'Publish 10,000 annotations');
  pr(2, TREE_BRANCH, treeSha, 'A tree of 500 check runs');
  const completedAt = new Date(Date.UTC(2025, 0, 1));
  const addRuns = (sha: string, runs: number, perRun: number, seed: number): CheckRun[] =>
    Array.from({ length: runs }, (_, run) =>
      gitee.addCheckRun({
        project: PROJECT, sha, name: `check-${String(run).padStart(3, '0')}`, status: 'completed', conclusion: run % 5 === 0 ? 'failure' : 'success',
        completedAt, output: { title: `${perRun} findings`, summary: `Run ${run} reported ${perRun} findings.` }, annotations: annotationsOf(run, perRun, seed),
      }),
    );
  const publishRuns = addRuns(publishSha, PUBLISH_RUNS, ANNOTATIONS / PUBLISH_RUNS, 1);
  addRuns(treeSha, TREE_RUNS, ANNOTATIONS / TREE_RUNS, 2);
  return { forge, root, publishSha, treeSha, publishRuns };
}

/**
 * Makes the forge report PR #1 anew: every run completes again (so the adapter reads all its
 * annotations again instead of recalling them) and every message says `tag`, so the findings differ.
 */
export function reReport(world: BenchWorld, tag: string): void {
  for (const run of world.publishRuns) {
    run.completedAt = new Date((run.completedAt?.getTime() ?? 0) + 1000);
    for (const a of run.annotations) a.message = `${a.message.replace(/ \[[^\]]*\]$/, '')} [${tag}]`;
  }
}

/** How many diagnostics of any source VS Code holds on files under `root`. */
export function diagnosticsUnder(root: string): { diagnostics: number; files: number } {
  let diagnostics = 0;
  let files = 0;
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file' || !uri.fsPath.startsWith(`${root}/`) || list.length === 0) continue;
    files++;
    diagnostics += list.length;
  }
  return { diagnostics, files };
}
