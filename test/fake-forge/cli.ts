// Starts one fake GitLab, Gitee and GitHub for a manual demo, seeded by seedDemo():
//   node out/test/fake-forge/cli.js [--port-file FILE]
// Prints one JSON line {"gitlab":url,"gitee":url,"github":url,"token":...} to stdout (and writes the
// same line to FILE when given), then serves until SIGINT or SIGTERM.
import { rmSync, writeFileSync } from 'node:fs';
import { seedDemo } from './demo-seed';
import { FakeForge } from './server';

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(args: readonly string[]): Promise<void> {
  const portFile = argValue(args, '--port-file');
  const forges = await Promise.all([
    FakeForge.start({ kind: 'gitlab' }),
    FakeForge.start({ kind: 'gitee' }),
    FakeForge.start({ kind: 'github', githubEnterprise: true }),
  ]);
  const [gitlab, gitee, github] = forges;
  const seeds = forges.map((forge) => seedDemo(forge));
  const line = JSON.stringify({ gitlab: gitlab.url, gitee: gitee.url, github: github.url, token: seeds[0].token });
  if (portFile !== undefined) writeFileSync(portFile, `${line}\n`);
  process.stdout.write(`${line}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.all(forges.map((f) => f.close())).finally(() => {
      if (portFile !== undefined) rmSync(portFile, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('fake forge:', error instanceof Error ? error.message : error);
  process.exit(1);
});
