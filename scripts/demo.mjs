#!/usr/bin/env node
// `npm run demo`: try MR Gates with no account. Starts a fake GitLab, Gitee and GitHub Enterprise on
// 127.0.0.1 (seeded with a demo project), makes one git repository per forge whose remote points at
// it, and opens them in a real VS Code with the extension loaded from source:
//
//   npm run demo                      code-server on 127.0.0.1; open the printed URL in a browser
//   npm run demo -- --desktop         a desktop `code` on PATH, with --extensionDevelopmentPath
//   npm run demo -- --locale zh-cn    VS Code's display language (its --locale; combines with
//                                     --desktop). MR Gates' own strings follow it; code-server's
//                                     own menus stay in English, as VS Code's language pack cannot
//                                     be installed offline (see installDisplayLanguagePack).
//   PORT=8123 npm run demo            choose the port (default: 8123, or a free one if taken)
//
// Sign in with the printed token (the Sign In button on a "Not signed in" row of the MR Gates view). Ctrl-C stops it all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, installDisplayLanguagePack, prepareRunDir, projectRoot, startCodeServer, workbenchUrl } from '../test/host/workbench.mjs';

const USAGE = 'usage: npm run demo [-- --desktop] [-- --locale <language, e.g. zh-cn>]';

function parseArgs(argv) {
  const opts = { desktop: false, locale: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--desktop') opts.desktop = true;
    else if (arg === '--locale' || arg.startsWith('--locale=')) {
      const value = arg === '--locale' ? argv[++i] : arg.slice('--locale='.length);
      // VS Code's own spelling: zh-cn, not zh-CN. The value also names a folder (the language pack).
      opts.locale = value?.toLowerCase();
      if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(opts.locale ?? '')) throw new Error(`--locale needs a language such as zh-cn\n${USAGE}`);
    } else throw new Error(`unknown argument: ${arg}\n${USAGE}`);
  }
  return opts;
}

/** One line on what --locale changes and what it cannot. */
function localeNote(locale, { desktop }) {
  const ours = existsSync(join(projectRoot, 'l10n', `bundle.l10n.${locale}.json`))
    ? `MR Gates' own strings follow VS Code's display language, so they are in ${locale}`
    : `MR Gates has no ${locale} translation, so its strings stay in English`;
  return desktop
    ? `Locale ${locale}: VS Code takes it only if its ${locale} language pack is installed; ${ours}.`
    : `Locale ${locale}: the workbench itself stays in English, because VS Code's ${locale} language pack cannot be installed offline; ${ours}.`;
}

const { createDemoWorld } = createRequire(import.meta.url)('../out/test/fake-forge/demo-world.js');

async function portToUse() {
  const wanted = Number(process.env.PORT) || 8123;
  const probe = await import('node:net').then(
    ({ createServer }) =>
      new Promise((resolve) => {
        const server = createServer().once('error', () => resolve(false));
        server.listen(wanted, '127.0.0.1', () => server.close(() => resolve(true)));
      }),
  );
  return probe ? wanted : freePort();
}

function waitForCtrlC(cleanup) {
  return new Promise((resolve) => {
    const stop = async () => {
      await cleanup();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function main() {
  const { desktop, locale } = parseArgs(process.argv.slice(2));
  const localeArgs = locale && locale !== 'en' ? ['--locale', locale] : [];
  const run = prepareRunDir('demo');
  const world = await createDemoWorld(join(run.dir, 'world'));
  const banner = (how) => {
    console.log('\nMR Gates demo is running.\n');
    console.log(how);
    console.log(`\n  Sign in with this token:  ${world.token}`);
    console.log('  (the Sign In button on a "Not signed in to 127.0.0.1:…" row of the MR Gates view, then paste it)\n');
    console.log(`  Fake forges: ${Object.entries(world.forges).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (localeArgs.length) console.log(`\n  ${localeNote(locale, { desktop })}`);
    console.log('\nPress Ctrl-C to stop.');
  };

  if (desktop) {
    if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('no `code` on PATH; run without --desktop to use code-server');
    const child = spawn('code', ['--new-window', ...localeArgs, `--extensionDevelopmentPath=${projectRoot}`, world.workspaceFile], { stdio: 'inherit' });
    child.on('error', (e) => console.error(`code: ${e.message}`));
    banner(`  A VS Code window opened ${world.workspaceFile}`);
    await waitForCtrlC(() => world.close());
    return;
  }

  if (localeArgs.length) installDisplayLanguagePack(run, locale);
  const server = await startCodeServer(run, { port: await portToUse(), args: localeArgs });
  const url = workbenchUrl(server, { workspaceFile: world.workspaceFile, extensionDevelopmentPath: projectRoot });
  banner(`  Open this URL in a browser on this machine (VS Code ${server.vscode.vscodeVersion}):\n\n  ${url}`);
  await waitForCtrlC(async () => {
    await server.stop();
    await world.close();
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`demo: ${e?.message ?? e}`);
    process.exit(1);
  },
);
