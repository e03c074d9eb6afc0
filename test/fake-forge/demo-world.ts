// The world `npm run demo` and the e2e test open: a fake GitLab, Gitee and GitHub Enterprise seeded by
// seedDemo(), and one git repository per forge whose origin points at it, in a multi-root workspace.
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ForgeKind } from '../../src/core/model';
import { DEMO_PROJECT_PATH, DEMO_TOKEN, seedDemo } from './demo-seed';
import { DEMO_QUEUE_PROJECT, seedDemoQueue } from './demo-queue';
import { FakeForge } from './server';

export interface DemoWorld {
  readonly forges: Readonly<Record<ForgeKind, string>>;
  readonly token: string;
  readonly workspaceFile: string;
  readonly repositories: readonly string[];
  /** The `mrGates.instances` value that makes the fake hosts known. */
  readonly instances: readonly { url: string; forge: ForgeKind }[];
  close(): Promise<void>;
}

export const DEMO_FILES: Record<string, string> = {
  'README.md': '# mr-gates-demo\n\nA repository to try MR Gates with. Its remote points at a fake forge on 127.0.0.1.\n',
  'src/app.ts': "export function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n",
  'src/util.ts': 'export const answer = 42;\n',
};

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' } });
}

function makeRepository(dir: string, remote: string, branch: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'MR Gates Demo');
  git(dir, 'config', 'user.email', 'demo@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [file, content] of Object.entries(DEMO_FILES)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Initial commit');
  git(dir, 'checkout', '-q', '-b', branch);
  git(dir, 'remote', 'add', 'origin', remote);
  return realpathSync(dir);
}

/** Creates the world under `dir` (which should be empty). */
export async function createDemoWorld(dir: string): Promise<DemoWorld> {
  const gitlab = await FakeForge.start({ kind: 'gitlab' });
  const gitee = await FakeForge.start({ kind: 'gitee' });
  const github = await FakeForge.start({ kind: 'github', githubEnterprise: true });
  const all = [gitlab, gitee, github];
  const repositories = all.map((forge) => makeRepository(join(dir, `${forge.kind}-demo`), `${forge.url}/${DEMO_PROJECT_PATH}.git`, 'feature/gates'));
  // The MRs' head is each repository's real HEAD, so what the forge reports is not stale.
  all.forEach((forge, i) => seedDemo(forge, { headSha: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repositories[i], encoding: 'utf8' }).trim() }));
  // A project no repository here is a clone of, whose MRs wait for a QA sign-off: the Awaiting Answer view's.
  seedDemoQueue(gitlab);
  const instances = all.map((forge) => ({ url: forge.url, forge: forge.kind }));
  const workspaceFile = join(dir, 'mr-gates-demo.code-workspace');
  writeFileSync(workspaceFile, `${JSON.stringify({ folders: repositories.map((path) => ({ path })), settings: { 'mrGates.instances': instances, 'mrGates.watchedProjects': [`${gitlab.url}/${DEMO_QUEUE_PROJECT}`] } }, null, 2)}\n`);
  return {
    forges: { gitlab: gitlab.url, gitee: gitee.url, github: github.url },
    token: DEMO_TOKEN,
    workspaceFile,
    repositories,
    instances,
    close: async () => {
      await Promise.all(all.map((forge) => forge.close()));
    },
  };
}
