// The set-up the Awaiting Answer suites share: fake forges seeded with the queue's world (queue-seed.ts),
// configured as instances, signed in and their projects watched; and the way back.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { FakeForge, QUEUE_TOKEN, seedQueueWorld, type QueueWorld, type QueueWorldOptions } from '../fake-forge';
import { setInstances, signIn, signOut } from './mrGates';

export interface SeededForge {
  readonly forge: FakeForge;
  readonly world: QueueWorld;
}

export interface QueueForges {
  readonly gitlab: SeededForge;
  /** A GitHub Enterprise, when asked for. */
  readonly github?: SeededForge;
  close(): Promise<void>;
}

export interface QueueForgesOptions {
  readonly gitlab: QueueWorldOptions;
  readonly github?: QueueWorldOptions;
  /** Whose token signs in: the queue world's answerer unless said. */
  readonly token?: string;
  /** After seeding, before signing in: e.g. to add the user `token` belongs to. */
  readonly prepare?: (forges: Omit<QueueForges, 'close'>) => void;
}

async function seeded(kind: 'gitlab' | 'github', options: QueueWorldOptions): Promise<SeededForge> {
  const forge = await FakeForge.start(kind === 'github' ? { kind, githubEnterprise: true } : { kind });
  return { forge, world: seedQueueWorld(forge, options) };
}

export async function startQueueForges(options: QueueForgesOptions): Promise<QueueForges> {
  const gitlab = await seeded('gitlab', options.gitlab);
  const github = options.github ? await seeded('github', options.github) : undefined;
  const all = github ? [gitlab, github] : [gitlab];
  options.prepare?.({ gitlab, github });
  await setInstances(all.map(({ forge }) => ({ url: forge.url, forge: forge.kind })));
  for (const { forge } of all) assert.ok((await signIn(forge.url, options.token ?? QUEUE_TOKEN)).ok, `signed in to ${forge.kind}`);
  const watched = all.flatMap(({ forge, world }) => world.projects.map((p) => `${forge.url}/${p}`));
  await vscode.workspace.getConfiguration('mrGates').update('watchedProjects', watched, vscode.ConfigurationTarget.Global);
  return {
    gitlab,
    github,
    close: async () => {
      await vscode.workspace.getConfiguration('mrGates').update('watchedProjects', undefined, vscode.ConfigurationTarget.Global);
      for (const { forge } of all) await signOut(forge.url);
      await setInstances([]);
      for (const { forge } of all) await forge.close();
    },
  };
}
