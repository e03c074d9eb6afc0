// Benchmarks for the README's figures table. Run with `npm run bench`; never part of `npm test`.
// Figures: bundle and .vsix size, and a refresh of N repositories against a fake forge with a fixed
// round-trip time, reported as wall time / RTT (best of 5) and requests per refresh. Writes
// test-results/bench/1-figures.md for bench/readme-table.mjs.
import { existsSync, statSync } from 'node:fs';
import { silentLog } from '../src/forges/log';
import { createAdapter } from '../src/forges/registry';
import { Transport } from '../src/forges/transport';
import { GiteeAdapter } from '../src/forges/gitee/adapter';
import { GitHubAdapter } from '../src/forges/github/adapter';
import { GitLabAdapter } from '../src/forges/gitlab/adapter';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../test/fake-forge';
import { emitMarkdown } from './lib/report';

const TOKEN = 'bench-token-000000';
const SHA = 'b'.repeat(40);

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function refreshFigures(repoCount: number, rttMs: number): Promise<{ wallMs: number; ratio: number; requests: number }> {
  const forge = await FakeForge.start({ kind: 'gitlab' });
  try {
    forge.addUser({ username: 'bench', token: TOKEN });
    for (let i = 0; i < repoCount; i++) forge.addProject({ path: `bench/repo${i}`, members: ['bench'] });
    forge.inject({ path: /.*/ }, { delayMs: rttMs });
    // A first refresh: the transport (and its open connections) is warm, the adapter new, so nothing it caches helps.
    const transport = new Transport({}, silentLog);
    await createAdapter('gitlab', forge.url, { token: TOKEN, transport }).getCurrentUser();
    forge.clearRequests();
    const adapter = createAdapter('gitlab', forge.url, { token: TOKEN, transport });
    const started = performance.now();
    await Promise.all(Array.from({ length: repoCount }, (_, i) => adapter.getProject(`bench/repo${i}`)));
    const wallMs = performance.now() - started;
    transport.dispose();
    return { wallMs, ratio: wallMs / rttMs, requests: forge.requests.length };
  } finally {
    await forge.close();
  }
}

/** One poll of the demo GitLab MR (status checks, pipeline, statuses, Code Quality, comments). */
async function gitlabGateFigures(rttMs: number): Promise<{ wallMs: number; ratio: number; requests: number }> {
  const forge = await FakeForge.start({ kind: 'gitlab' });
  try {
    seedDemo(forge);
    forge.inject({ path: /.*/ }, { delayMs: rttMs });
    const transport = new Transport({}, silentLog);
    await GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, transport }).getCurrentUser();
    forge.clearRequests();
    const started = performance.now();
    // What one refresh of a repository does: project, MRs of the branch, then each MR's gate.
    const adapter = GitLabAdapter.create(forge.url, { token: DEMO_TOKEN, transport });
    const loadGates = async () => {
      const mrs = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
      return Promise.all(mrs.map((mr) => adapter.loadGate(mr, { withFindings: true })));
    };
    await Promise.all([adapter.getProject(DEMO_PROJECT_PATH), loadGates()]);
    const wallMs = performance.now() - started;
    transport.dispose();
    return { wallMs, ratio: wallMs / rttMs, requests: forge.requests.length };
  } finally {
    await forge.close();
  }
}

/** 10,000 annotations over 1,000 files from 50 Gitee check runs: the fetch, as a ratio to RTT. */
async function annotationFetchFigures(rttMs: number): Promise<{ wallMs: number; ratio: number; requests: number; findings: number; again: { wallMs: number; requests: number } }> {
  const forge = await FakeForge.start({ kind: 'gitee' });
  try {
    seedDemo(forge, { headSha: SHA });
    for (let run = 0; run < 50; run++) {
      const annotations = Array.from({ length: 200 }, (_, i) => ({ path: `src/file${(run * 200 + i) % 1000}.ts`, start_line: 1 + (i % 40), end_line: 1 + (i % 40), annotation_level: 'warning' as const, message: `finding ${i}` }));
      forge.gitee.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: `run${run}`, status: 'completed', conclusion: 'failure', annotations });
    }
    forge.inject({ path: /.*/ }, { delayMs: rttMs });
    const transport = new Transport({}, silentLog);
    const adapter = GiteeAdapter.create(forge.url, { token: DEMO_TOKEN, transport });
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
    const started = performance.now();
    const gate = await adapter.loadGate(pr, { withFindings: true });
    const wallMs = performance.now() - started;
    const requests = forge.requests.length;
    // The next poll of the same, settled PR: completed runs' annotations are not read again.
    forge.clearRequests();
    const againStarted = performance.now();
    await adapter.loadGate(pr, { withFindings: true });
    const again = { wallMs: performance.now() - againStarted, requests: forge.requests.length };
    transport.dispose();
    return { wallMs, ratio: wallMs / rttMs, requests, findings: gate.findings.length, again };
  } finally {
    await forge.close();
  }
}

/** One GitHub check run with 5,000 annotations (50 pages of 100): page 1 names the last page, so the rest go out together. */
async function onePagedRunFigures(rttMs: number): Promise<{ wallMs: number; requests: number; findings: number }> {
  const forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
  try {
    seedDemo(forge, { headSha: SHA });
    const annotations = Array.from({ length: 5000 }, (_, i) => ({ path: `src/file${i % 100}.ts`, start_line: 1 + (i % 40), end_line: 1 + (i % 40), annotation_level: 'warning' as const, message: `finding ${i}` }));
    forge.github.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'big', status: 'completed', conclusion: 'failure', annotations });
    forge.inject({ path: /.*/ }, { delayMs: rttMs });
    const transport = new Transport({}, silentLog);
    const adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, transport });
    const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
    forge.clearRequests();
    const started = performance.now();
    const gate = await adapter.loadGate(pr, { withFindings: true });
    const wallMs = performance.now() - started;
    transport.dispose();
    return { wallMs, requests: forge.requests.length, findings: gate.findings.length };
  } finally {
    await forge.close();
  }
}

/**
 * The same PR polled every 30 s for an hour (120 polls of the project, the PR lookup and the gate,
 * through one adapter as the extension keeps it): requests sent, and those GitHub counts against
 * the rate limit (a 304 is not counted), read from its x-ratelimit-used.
 */
async function hourOfPollsFigures(): Promise<{ requests: number; counted: number }> {
  const forge = await FakeForge.start({ kind: 'github', githubEnterprise: true });
  try {
    seedDemo(forge, { headSha: SHA });
    const annotations = Array.from({ length: 5000 }, (_, i) => ({ path: `src/file${i % 100}.ts`, start_line: 1 + (i % 40), end_line: 1 + (i % 40), annotation_level: 'warning' as const, message: `finding ${i}` }));
    forge.github.addCheckRun({ project: DEMO_PROJECT_PATH, sha: SHA, name: 'big', status: 'completed', conclusion: 'failure', annotations });
    const transport = new Transport({}, silentLog);
    const adapter = GitHubAdapter.create(forge.url, { token: DEMO_TOKEN, transport });
    const usedNow = async (): Promise<number> => Number((await fetch(`${forge.apiBase}/user`, { headers: { authorization: `Bearer ${DEMO_TOKEN}` } })).headers.get('x-ratelimit-used'));
    const usedBefore = await usedNow();
    forge.clearRequests();
    for (let poll = 0; poll < 120; poll++) {
      await adapter.getProject(DEMO_PROJECT_PATH);
      const [pr] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, 'feature/gates');
      await adapter.loadGate(pr, { withFindings: true });
    }
    const requests = forge.requests.length;
    const counted = (await usedNow()) - usedBefore - 1;
    transport.dispose();
    return { requests, counted };
  } finally {
    await forge.close();
  }
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const bundle = 'dist/extension.js';
  if (existsSync(bundle)) rows.push(['bundle (`dist/extension.js`, minified, target ≤ 150 KB)', kb(statSync(bundle).size)]);
  if (existsSync('mr-gates.vsix')) rows.push(['`.vsix` (target ≤ 300 KB)', kb(statSync('mr-gates.vsix').size)]);
  for (const repos of [1, 10]) {
    const rtt = 50;
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await refreshFigures(repos, rtt));
    const best = runs.sort((a, b) => a.wallMs - b.wallMs)[0];
    rows.push([`refresh of ${repos} repo(s), RTT ${rtt} ms: wall time`, `${best.wallMs.toFixed(0)} ms = ${best.ratio.toFixed(2)} × RTT`]);
    rows.push([`refresh of ${repos} repo(s): requests`, `${best.requests} (${(best.requests / repos).toFixed(1)} per repository)`]);
  }
  const gitlabRuns = [];
  for (let i = 0; i < 5; i++) gitlabRuns.push(await gitlabGateFigures(50));
  const gitlabBest = gitlabRuns.sort((a, b) => a.wallMs - b.wallMs)[0];
  rows.push(['GitLab MR poll (demo MR: 3 status checks, 6 jobs, 2 statuses, findings), RTT 50 ms', `${gitlabBest.wallMs.toFixed(0)} ms = ${gitlabBest.ratio.toFixed(2)} × RTT, ${gitlabBest.requests} requests`]);
  const fetch = await annotationFetchFigures(50);
  rows.push([`fetch of ${fetch.findings} annotations from 50 Gitee check runs (100 a page, 8 reads at a time per origin), RTT 50 ms`, `${fetch.wallMs.toFixed(0)} ms = ${fetch.ratio.toFixed(1)} × RTT, ${fetch.requests} requests`]);
  rows.push(['the next poll of that settled PR (completed runs\' annotations are kept)', `${fetch.again.wallMs.toFixed(0)} ms = ${(fetch.again.wallMs / 50).toFixed(1)} × RTT, ${fetch.again.requests} requests`]);
  const paged = await onePagedRunFigures(50);
  rows.push([`one GitHub PR whose run has ${paged.findings} annotations (50 pages), cold, RTT 50 ms`, `${paged.wallMs.toFixed(0)} ms = ${(paged.wallMs / 50).toFixed(1)} × RTT, ${paged.requests} requests`]);
  const hour = await hourOfPollsFigures();
  rows.push(['that PR polled every 30 s for an hour (120 polls): requests, and those GitHub counts (304s are free)', `${hour.requests} requests, ${hour.counted} counted (goal ≤ 200)`]);
  emitMarkdown('1-figures.md', ['| figure | value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n'));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
