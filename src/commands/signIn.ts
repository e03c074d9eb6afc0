// The sign-in and sign-out flows. Interactive by default; `{ url, token, forge? }` for automation.
// A token is stored only after the forge's current-user call accepted it.
import * as vscode from 'vscode';
import { FORGE_DISPLAY_NAMES, FORGE_KINDS, type ForgeKind } from '../core/model';
import { isForgeError } from '../forges/errors';
import { forgeForOrigin, normaliseOrigin } from '../forges/remote';
import type { Services } from './services';
import { SECTION } from '../config';
import { describeError, tokenHint } from '../views/words';
import { notify, pick } from '../views/userText';

export interface SignInArgs {
  readonly url?: string;
  readonly token?: string;
  readonly forge?: ForgeKind;
  /** Other instances of the same forge to sign in to with the same token (the interactive flow asks). */
  readonly alsoFor?: readonly string[];
}

export type SignInResult =
  | { readonly ok: true; readonly origin: string; readonly username: string; readonly alsoSignedIn: readonly string[]; readonly refusedBy: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function hostOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '');
}

/** Accepts what people type: a bare host, a trailing slash, a project URL's origin. */
function originFromInput(input: string): string {
  const trimmed = input.trim();
  return normaliseOrigin(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
}

/** The instances MR Gates knows of: the workspace's remotes and the mrGates.instances setting. */
function knownOrigins(services: Services): Map<string, ForgeKind> {
  const found = new Map<string, ForgeKind>();
  for (const entry of services.store.all()) if (entry.remote) found.set(entry.remote.location.origin, entry.remote.location.forge);
  for (const instance of services.settings().instances) {
    try {
      found.set(normaliseOrigin(instance.url), instance.forge);
    } catch {
      // a broken setting entry is reported where settings are read; skip it here
    }
  }
  return found;
}

async function pickOrigin(services: Services): Promise<string | undefined> {
  const signedIn = new Set(services.tokens.signedInOrigins());
  const found = knownOrigins(services);
  type Item = vscode.QuickPickItem & { origin?: string };
  const items: Item[] = [...found].map(([origin, forge]) => ({
    label: hostOf(origin),
    description: FORGE_DISPLAY_NAMES[forge],
    detail: signedIn.has(origin) ? vscode.l10n.t('Signed in; choose to replace the token') : undefined,
    iconPath: new vscode.ThemeIcon(signedIn.has(origin) ? 'pass' : 'account'),
    origin,
  }));
  items.push({ label: vscode.l10n.t('Enter an Instance URL…'), iconPath: new vscode.ThemeIcon('edit'), alwaysShow: true });
  const picked = await pick(items, {
    title: vscode.l10n.t('MR Gates: Sign In'),
    placeHolder: vscode.l10n.t('Choose the forge instance to sign in to'),
    ignoreFocusOut: true,
    // "gitlab" finds the GitLab instances whatever their host.
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.origin) return picked.origin;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('MR Gates: Sign In'),
    prompt: vscode.l10n.t('The instance URL, e.g. https://gitlab.example.com or https://example.com/gitlab'),
    placeHolder: 'https://gitlab.example.com',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        originFromInput(value);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return typed === undefined ? undefined : originFromInput(typed);
}

async function pickForge(origin: string): Promise<ForgeKind | undefined> {
  const picked = await pick(
    FORGE_KINDS.map((forge) => ({ label: FORGE_DISPLAY_NAMES[forge], forge })),
    { title: vscode.l10n.t('Which forge runs at {0}?', hostOf(origin)), ignoreFocusOut: true },
  );
  return picked?.forge;
}

function fail(reason: string): SignInResult {
  void notify.error(reason);
  return { ok: false, reason };
}

export async function signIn(services: Services, args: SignInArgs = {}): Promise<SignInResult | undefined> {
  const interactive = args.token === undefined;
  let origin: string | undefined;
  try {
    origin = args.url ? originFromInput(args.url) : await pickOrigin(services);
  } catch (e) {
    return fail(vscode.l10n.t('"{0}" is not a valid instance URL: {1}', args.url ?? '', (e as Error).message));
  }
  if (!origin) return undefined;

  const known = forgeForOrigin(origin, services.settings().instances);
  const forge = args.forge ?? known ?? (interactive ? await pickForge(origin) : undefined);
  if (!forge) {
    if (!interactive) return fail(vscode.l10n.t('{0} is not a known forge. Add it to the "mrGates.instances" setting, or pass "forge".', hostOf(origin)));
    return undefined;
  }

  const token =
    args.token ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('MR Gates: Sign In to {0}', hostOf(origin)),
      prompt: vscode.l10n.t('Paste {0}. It is kept in VS Code\'s secret storage.', tokenHint(forge)),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('The token cannot be empty.')),
    }));
  if (token === undefined) return undefined;
  if (!token.trim()) return fail(vscode.l10n.t('The token cannot be empty.'));

  const adapter = services.connections.withToken(forge, origin, token.trim());
  let username: string;
  try {
    username = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with {0}…', hostOf(origin)), cancellable: true },
      async (_progress, cancel) => {
        const controller = new AbortController();
        cancel.onCancellationRequested(() => controller.abort());
        return (await adapter.getCurrentUser(controller.signal)).username;
      },
    );
  } catch (e) {
    if (isForgeError(e, 'canceled')) return undefined;
    const why = isForgeError(e) ? describeError(e.kind, e.message) : String(e);
    const hint =
      isForgeError(e, 'notFound') || isForgeError(e, 'badResponse')
        ? vscode.l10n.t('Is {0} really a {1} instance? Check the URL.', hostOf(origin), FORGE_DISPLAY_NAMES[forge])
        : '';
    services.log.warn(`Sign-in to ${origin} failed: ${isForgeError(e) ? e.message : String(e)}`);
    return fail(`${vscode.l10n.t('Could not sign in to {0}.', hostOf(origin))} ${why} ${hint}`.trim());
  }

  await services.tokens.store(origin, token.trim(), username);
  if (!known) await rememberInstance(origin, forge);
  services.log.info(`Signed in to ${origin} as ${username}`);
  const others = interactive ? await pickOthers(services, forge, origin) : (args.alsoFor ?? []).flatMap((url) => validOrigin(url) ?? []);
  const { signedIn, refused } = await signInOthers(services, forge, others.filter((o) => o !== origin), token.trim());
  // One summary for every instance this sign-in covered.
  const hosts = [origin, ...signedIn].map(hostOf).join(', ');
  void notify.info(
    refused.length
      ? vscode.l10n.t('Signed in to {0} as {1}. The token was refused by {2}.', hosts, username, refused.map(hostOf).join(', '))
      : vscode.l10n.t('Signed in to {0} as {1}', hosts, username),
  );
  return { ok: true, origin, username, alsoSignedIn: signedIn, refusedBy: refused };
}

function validOrigin(url: string): string | undefined {
  try {
    return originFromInput(url);
  } catch {
    return undefined;
  }
}

/** "Use this token for…": the other known instances of the same forge that have no token yet. */
async function pickOthers(services: Services, forge: ForgeKind, origin: string): Promise<string[]> {
  const signedIn = new Set(services.tokens.signedInOrigins());
  const candidates = [...knownOrigins(services)].filter(([other, kind]) => kind === forge && other !== origin && !signedIn.has(other)).map(([other]) => other);
  if (candidates.length === 0) return [];
  const picked = await pick(
    candidates.map((other) => ({ label: hostOf(other), description: FORGE_DISPLAY_NAMES[forge], other })),
    { title: vscode.l10n.t('Use this token for…'), placeHolder: vscode.l10n.t('Other {0} instances without a token (Escape: none)', FORGE_DISPLAY_NAMES[forge]), canPickMany: true, ignoreFocusOut: true },
  );
  return (picked ?? []).map((item) => item.other);
}

/** Checks the token with each instance and keeps it where it is accepted, with the user it names there. */
async function signInOthers(services: Services, forge: ForgeKind, origins: readonly string[], token: string): Promise<{ signedIn: string[]; refused: string[] }> {
  const results = await Promise.all(
    origins.map(async (other): Promise<{ other: string; username?: string }> => {
      try {
        const { username } = await services.connections.withToken(forge, other, token).getCurrentUser();
        services.log.info(`Signed in to ${other} as ${username} with the same token`);
        return { other, username };
      } catch (e) {
        services.log.warn(`The token was refused by ${other}: ${isForgeError(e) ? e.message : String(e)}`);
        return { other };
      }
    }),
  );
  // One after the other: each adds to the same mrGates.instances setting.
  for (const { other, username } of results) {
    if (username === undefined) continue;
    await services.tokens.store(other, token, username);
    if (!forgeForOrigin(other, services.settings().instances)) await rememberInstance(other, forge);
  }
  return { signedIn: results.filter((r) => r.username !== undefined).map((r) => r.other), refused: results.filter((r) => r.username === undefined).map((r) => r.other) };
}

/** A host the user told us the forge of goes into mrGates.instances, so remotes on it are recognised. */
async function rememberInstance(origin: string, forge: ForgeKind): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<{ url: string; forge: ForgeKind }[]>('instances') ?? [];
  await config.update('instances', [...current, { url: origin, forge }], vscode.ConfigurationTarget.Global);
}

export async function signOut(services: Services, args: { url?: string } = {}): Promise<{ ok: boolean; origin?: string } | undefined> {
  let origin = args.url ? originFromInput(args.url) : undefined;
  if (!origin) {
    const origins = services.tokens.signedInOrigins();
    if (origins.length === 0) {
      void notify.info(vscode.l10n.t('MR Gates has no stored token to remove.'));
      return { ok: false };
    }
    const picked = await pick(
      origins.map((o) => ({ label: hostOf(o), description: o, origin: o, iconPath: new vscode.ThemeIcon('sign-out') })),
      { title: vscode.l10n.t('MR Gates: Sign Out'), placeHolder: vscode.l10n.t('Remove the stored token of…') },
    );
    origin = picked?.origin;
  }
  if (!origin) return undefined;
  if (!services.tokens.signedInOrigins().includes(origin)) {
    void notify.info(vscode.l10n.t('MR Gates has no stored token for {0}.', hostOf(origin)));
    return { ok: false, origin };
  }
  await services.tokens.delete(origin);
  services.log.info(`Signed out of ${origin}`);
  void notify.info(vscode.l10n.t('Signed out of {0}', hostOf(origin)));
  return { ok: true, origin };
}
