// The contract of DESIGN.md §3, checked against package.json and the source so that a renamed or
// forgotten command, setting or translation fails here rather than in a user's palette.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, COMMANDS, QUEUE_VIEW_ID, VIEW_CONTAINER_ID, VIEW_ID } from '../../src/ids';
import { STATE_TABLE } from '../../src/core/states';

interface Manifest {
  name: string;
  displayName: string;
  activationEvents: string[];
  contributes: {
    authentication: { id: string; label: string }[];
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string; when: string }[];
    configuration: { id?: string; title: string; order?: number; properties: Record<string, { markdownDescription?: string; description?: string; default?: unknown }> }[];
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
/** Every setting, from all the configuration sections. */
const settings = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Manifest['contributes']['configuration'][number]['properties'];
const nlsEn = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const nlsZh = JSON.parse(readFileSync('package.nls.zh-cn.json', 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function nlsKey(value: string | undefined): string | undefined {
  return value && /^%.+%$/.test(value) ? value.slice(1, -1) : undefined;
}

suite('manifest: the user-facing contract', () => {
  test('name, display name, view container and view ids are the contract ones', () => {
    assert.equal(manifest.name, 'mr-gates');
    assert.equal(manifest.displayName, 'MR Gates');
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), [VIEW_CONTAINER_ID]);
    assert.equal(nlsEn[nlsKey(manifest.contributes.viewsContainers.activitybar[0].title)!], 'MR Gates');
    const views = manifest.contributes.views[VIEW_CONTAINER_ID];
    assert.deepEqual(views.map((v) => v.id), [VIEW_ID, QUEUE_VIEW_ID]);
    assert.equal(nlsEn[nlsKey(views[0].name)!], 'Gates');
  });

  test('the authentication provider of the Accounts menu is declared with the id and label the code registers', () => {
    assert.deepEqual(manifest.contributes.authentication, [{ id: AUTH_PROVIDER_ID, label: AUTH_PROVIDER_LABEL }]);
    assert.equal(AUTH_PROVIDER_LABEL, manifest.displayName);
  });

  test('every command id in the code is declared in package.json, and the reverse', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMANDS).sort(), declared);
    // Any mrGates.<word> literal used as a command anywhere in src must be one of them.
    const configKeys = Object.keys(settings);
    const contextKeys = ['mrGates.gitState', 'mrGates.repositoryCount', 'mrGates.signedIn', 'mrGates.hasGates', 'mrGates.hasFailed', 'mrGates.mayApprove', 'mrGates.mayRevoke', 'mrGates.queueGroupedBy', 'mrGates.hasPinned'];
    const otherIds = new Set<string>([VIEW_ID, QUEUE_VIEW_ID, ...configKeys, ...contextKeys, 'mrGates.signedInOrigins', 'mrGates.status']);
    for (const file of sourceFiles('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](mrGates\.[A-Za-z]+)['"`]/g)) {
        if (otherIds.has(m[1])) continue;
        assert.ok(declared.includes(m[1]), `${file} uses ${m[1]}, which package.json does not declare`);
      }
    }
  });

  test('commands have the contract titles under the "MR Gates" category', () => {
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, nlsEn[nlsKey(c.title)!]]));
    assert.deepEqual(titles, {
      'mrGates.signIn': 'Sign In…',
      'mrGates.signOut': 'Sign Out…',
      'mrGates.refresh': 'Refresh',
      'mrGates.openInBrowser': 'Open in Browser',
      'mrGates.setStatus': 'Set Check Status…',
      'mrGates.retry': 'Retry Check',
      'mrGates.retryFailed': 'Retry All Failed Checks',
      'mrGates.runAction': 'Run Check Action…',
      'mrGates.manageStatusChecks': 'Manage Project Status Checks…',
      'mrGates.showCheckOutput': 'Show Check Output',
      'mrGates.showLog': 'Show Log',
      'mrGates.configureInstances': 'Configure Instances…',
      'mrGates.playJob': 'Play Manual Job',
      'mrGates.approve': 'Approve',
      'mrGates.unapprove': 'Revoke Approval',
      'mrGates.merge': 'Merge…',
      'mrGates.createMergeRequest': 'Create Merge Request…',
      'mrGates.refreshQueue': 'Refresh Awaiting Answer',
      'mrGates.answerFromQueue': 'Set Status…',
      'mrGates.retryFromQueue': 'Retry Check',
      'mrGates.groupQueueByCheck': 'Group by Check',
      'mrGates.groupQueueByMergeRequest': 'Group by Merge Request',
      'mrGates.openMergeRequest': 'Open Merge Request…',
      'mrGates.unpinMergeRequest': 'Unpin',
    });
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'MR Gates');
  });

  test('menus only reference declared commands, and contextValue checks are anchored', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(declared.has(item.command), `${menu} references ${item.command}`);
        for (const m of (item.when ?? '').matchAll(/viewItem\s*=~\s*\/([^/]*)\//g)) {
          assert.match(m[1], /^\(\^\| \)[a-zA-Z]+\( \|\$\)$/, `${menu}: loose regex ${m[1]}`);
        }
      }
    }
  });

  test('commands are offered only where they can do something: the view menu and the palette follow sign-in and gates', () => {
    const when = (menu: string, command: string) => manifest.contributes.menus[menu]?.find((i) => i.command === command)?.when ?? '';
    assert.match(when('view/title', 'mrGates.signOut'), /mrGates\.signedIn/);
    assert.match(when('view/title', 'mrGates.manageStatusChecks'), /mrGates\.signedIn/);
    assert.match(when('view/title', 'mrGates.retryFailed'), /mrGates\.hasFailed/);
    for (const command of ['setStatus', 'runAction']) assert.match(when('commandPalette', `mrGates.${command}`), /mrGates\.hasGates/, command);
    for (const command of ['retry', 'retryFailed']) assert.match(when('commandPalette', `mrGates.${command}`), /mrGates\.hasFailed/, command);
    assert.match(when('commandPalette', 'mrGates.approve'), /mrGates\.mayApprove/);
    assert.match(when('commandPalette', 'mrGates.unapprove'), /mrGates\.mayRevoke/);
    assert.match(when('commandPalette', 'mrGates.signOut'), /mrGates\.signedIn/);
    assert.strictEqual(when('commandPalette', 'mrGates.signIn'), '', 'signing in is always possible');
    // Every context key a when clause names is one the extension sets.
    const keys = readFileSync('src/views/contextKeys.ts', 'utf8');
    const clauses = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.when ?? ''));
    for (const [key] of clauses.join(' ').matchAll(/mrGates\.[a-zA-Z]+/g)) {
      if (key === VIEW_ID || key === QUEUE_VIEW_ID) continue;
      assert.ok(keys.includes(`'${key}'`), `${key} is never set`);
    }
  });

  test('activation does not wait for a command or view: onStartupFinished', () => {
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
    assert.ok(!manifest.activationEvents.includes('*'), 'activating on * slows every window start');
  });

  test('every contract setting exists with a default and a description', () => {
    const props = settings;
    const expected = ['instances', 'remoteName', 'pollInterval', 'tls.caFile', 'tls.rejectUnauthorized', 'diagnostics.enabled', 'notifications'];
    for (const key of expected) {
      const prop = props[`mrGates.${key}`];
      assert.ok(prop, `mrGates.${key} is missing`);
      assert.ok('default' in prop, `mrGates.${key} has no default`);
      const description = nlsKey(prop.markdownDescription ?? prop.description);
      assert.ok(description && nlsEn[description] && nlsZh[description], `mrGates.${key} needs an English and a Chinese description`);
    }
    assert.equal(props['mrGates.pollInterval'].default, 30);
    assert.equal(props['mrGates.tls.rejectUnauthorized'].default, true);
    assert.equal(props['mrGates.notifications'].default, 'failures', 'DESIGN §3: failures by default');
    assert.equal(props['mrGates.remoteName'].default, '');
  });

  // VS Code's Settings editor names a setting "<category>: <name>". The category is the key's prefix
  // made into words ("mrGates.tls" becomes "Mr Gates › Tls"), less the part that the id of the group
  // it is listed under already says (settingsTreeModels.ts: settingKeyToDisplayFormat,
  // trimCategoryForGroup). An extension's groups are its configuration sections, by `id`; the section
  // titled like the display name is the extension's page itself, whose id is the extension's
  // (settingsTree.ts: createTocTreeForExtensionSettings). So a mrGates.<group>.* key goes in a section
  // with the id mrGates.<group>: its page shows "Ca File" under "TLS Certificates", not "Mr Gates › Tls".
  test('each mrGates.<group>.* setting is in a configuration section with that id, so the Settings editor puts no "Mr Gates ›" before it', () => {
    const [main, ...groups] = manifest.contributes.configuration;
    assert.equal(main.title, manifest.displayName, 'the main section is the extension\'s page: titled exactly as the display name, which is not translated');
    assert.equal(main.id, undefined, 'its group is the extension itself');
    for (const key of Object.keys(main.properties)) assert.match(key, /^mrGates\.[A-Za-z]+$/, `${key} belongs in the section of its group`);
    assert.ok(groups.length >= 2);
    for (const section of groups) {
      assert.match(section.id ?? '', /^mrGates\.[A-Za-z]+$/);
      for (const key of Object.keys(section.properties)) assert.equal(key.slice(0, key.lastIndexOf('.')), section.id, `${key} is listed under ${section.id}`);
      const title = nlsKey(section.title);
      assert.ok(title && nlsEn[title] && nlsZh[title], `section ${section.id} needs an English and a Chinese title`);
    }
  });

  test('there is a welcome view for each empty state', () => {
    const whens = manifest.contributes.viewsWelcome.filter((w) => w.view === VIEW_ID).map((w) => w.when);
    for (const state of ['workbenchState == empty', 'mrGates.gitState == unavailable', 'mrGates.repositoryCount == 0', 'mrGates.gitState == loading']) {
      assert.ok(whens.some((w) => w.includes(state)), `no welcome view for ${state}`);
    }
  });

  test('every %key% of package.json is translated in English and Simplified Chinese, with no leftovers', () => {
    const used = new Set([...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    assert.deepEqual(Object.keys(nlsEn).sort(), [...used].sort(), 'package.nls.json');
    assert.deepEqual(Object.keys(nlsZh).sort(), [...used].sort(), 'package.nls.zh-cn.json');
    for (const key of used) assert.notEqual(nlsZh[key], nlsEn[key] === 'MR Gates' ? undefined : nlsEn[key], `${key} is not translated`);
  });

  test('every runtime string (vscode.l10n.t) has a Simplified Chinese translation, and no stale ones', () => {
    const bundle = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>;
    const keys = new Set<string>();
    for (const file of sourceFiles('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/g)) {
        const literal = m[1];
        keys.add(literal.startsWith("'") ? literal.slice(1, -1).replace(/\\'/g, "'") : (JSON.parse(literal) as string));
      }
    }
    assert.ok(keys.size > 20, 'the scan found the strings');
    // views/words.ts localises each state's label from the table rather than from a literal.
    for (const { label } of Object.values(STATE_TABLE)) keys.add(label);
    for (const key of keys) assert.ok(bundle[key], `no zh-cn translation for "${key}"`);
    for (const key of Object.keys(bundle)) assert.ok(keys.has(key), `stale zh-cn translation "${key}"`);
    for (const [key, value] of Object.entries(bundle)) {
      const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(placeholders(value), placeholders(key), `placeholders differ in "${key}"`);
    }
  });
});

suite('manifest: settings a workspace could abuse', () => {
  const raw = JSON.parse(readFileSync('package.json', 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] } };
  };

  test('the mrGates.tls.* settings are machine scoped, so a workspace cannot turn TLS verification off', () => {
    const tls = Object.entries(settings as Record<string, { scope?: string }>).filter(([key]) => key.startsWith('mrGates.tls.'));
    assert.ok(tls.length >= 2);
    for (const [key, setting] of tls) assert.equal(setting.scope, 'machine', key);
  });

  test('Restricted Mode support is declared, with what it allows, and the settings it ignores from a workspace', () => {
    const untrusted = raw.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    const key = nlsKey(untrusted?.description);
    assert.ok(key && nlsEn[key] && nlsZh[key], 'the description is translated');
    assert.deepEqual(untrusted?.restrictedConfigurations, ['mrGates.instances', 'mrGates.remoteName']);
  });
});
