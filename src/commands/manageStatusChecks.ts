// mrGates.manageStatusChecks: a maintainer's list / create / edit / delete of a project's external status
// check services, on a forge whose adapter offers it. The shared secret is typed into a password box and
// never shown again.
import * as vscode from 'vscode';
import type { StatusCheckServiceInput } from '../core/statusCheckServices';
import type { ForgeError } from '../forges/errors';
import type { StatusCheckAdministration } from '../forges/forge';
import type { Services } from './services';
import { adapterFor, explainReason, runForgeCall, type CommandResult } from './targets';
import { notify, pick, redacted } from '../views/userText';

export interface ManageArgs {
  readonly root: string;
  readonly operation: 'list' | 'create' | 'update' | 'delete';
  readonly id?: number;
  readonly input?: StatusCheckServiceInput & { protectedBranches?: string[] };
}

interface AdminTarget {
  readonly root: string;
  readonly project: string;
  readonly admin: StatusCheckAdministration;
}

const explain = (error: ForgeError): string | undefined =>
  explainReason()(error) ?? (error.kind === 'forbidden' ? vscode.l10n.t('Your token may not manage this project\'s status checks ({0}).', error.message) : undefined);

function noForgeWithStatusChecks(): undefined {
  void notify.info(vscode.l10n.t('No repository of this workspace that you are signed in to is on a forge with project status checks.'));
  return undefined;
}

/** The signed-in repositories whose forge administers project status checks. */
async function adminTargets(services: Services): Promise<AdminTarget[]> {
  const found = await Promise.all(
    services.store.all().map(async (entry): Promise<AdminTarget | undefined> => {
      const admin = entry.remote ? (await adapterFor(services, entry.root))?.statusCheckAdmin : undefined;
      return admin && entry.remote ? { root: entry.root, project: entry.remote.location.projectPath, admin } : undefined;
    }),
  );
  return found.filter((t): t is AdminTarget => !!t);
}

async function pickTarget(services: Services): Promise<AdminTarget | undefined> {
  const targets = await adminTargets(services);
  if (targets.length === 0) return noForgeWithStatusChecks();
  if (targets.length === 1) return targets[0];
  const picked = await pick(targets.map((t) => ({ label: t.project, description: t.root, t })), { placeHolder: vscode.l10n.t('Which project?') });
  return picked?.t;
}

/** The repository named by automation: signed in, on a forge that administers status checks. */
async function givenTarget(services: Services, root: string): Promise<AdminTarget | CommandResult | undefined> {
  const project = services.store.get(root)?.remote?.location.projectPath;
  if (!project) return noForgeWithStatusChecks();
  const adapter = await adapterFor(services, root);
  if (!adapter) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  return adapter.statusCheckAdmin ? { root, project, admin: adapter.statusCheckAdmin } : noForgeWithStatusChecks();
}

export async function manageStatusChecks(services: Services, args?: ManageArgs): Promise<(CommandResult & { checks?: unknown }) | undefined> {
  const target = args ? await givenTarget(services, args.root) : await pickTarget(services);
  if (!target || 'ok' in target) return target;
  const { root, project, admin } = target;
  const operation = args?.operation ?? (await askOperation());
  if (!operation) return undefined;
  let checks: unknown;
  const result = await runForgeCall(
    vscode.l10n.t('Managing the status checks of {0}…', project),
    async () => {
      const list = await admin.list(project);
      if (operation === 'list') {
        checks = list;
        if (!args) await showList(list);
        return undefined;
      }
      const existing = args?.id !== undefined ? list.find((c) => c.id === args.id) : operation === 'create' ? undefined : await pickCheck(list);
      if (operation !== 'create' && !existing) return undefined;
      if (operation === 'delete') {
        if (!args) {
          const yes = vscode.l10n.t('Delete');
          if ((await notify.confirm(vscode.l10n.t('Delete the status check "{0}"? Merge requests stop waiting for it.', existing!.name), yes)) !== yes) return undefined;
        }
        await admin.remove(project, existing!.id);
        return vscode.l10n.t('Deleted "{0}".', existing!.name);
      }
      const input = args?.input ? await withBranchIds(admin, project, args.input) : await askInput(admin, project, existing);
      if (!input) return undefined;
      const saved = operation === 'create' ? await admin.create(project, input) : await admin.update(project, existing!.id, input);
      checks = saved;
      return operation === 'create' ? vscode.l10n.t('Created "{0}".', saved.name) : vscode.l10n.t('Saved "{0}".', saved.name);
    },
    explain,
  );
  if (result.ok) await services.controller.refreshRoot(root);
  return { ...result, checks };
}

async function withBranchIds(admin: StatusCheckAdministration, project: string, input: ManageArgs['input'] & object): Promise<StatusCheckServiceInput> {
  if (!input.protectedBranches) return input;
  const branches = await admin.protectedBranches(project);
  return { ...input, protectedBranchIds: branches.filter((b) => input.protectedBranches!.includes(b.name)).map((b) => b.id) };
}

async function askOperation(): Promise<ManageArgs['operation'] | undefined> {
  const items: (vscode.QuickPickItem & { op: ManageArgs['operation'] })[] = [
    { label: `$(list-unordered) ${vscode.l10n.t('List')}`, op: 'list' },
    { label: `$(add) ${vscode.l10n.t('Create…')}`, op: 'create' },
    { label: `$(edit) ${vscode.l10n.t('Edit…')}`, op: 'update' },
    { label: `$(trash) ${vscode.l10n.t('Delete…')}`, op: 'delete' },
  ];
  return (await pick(items, { title: vscode.l10n.t('MR Gates: Manage Project Status Checks') }))?.op;
}

async function pickCheck<T extends { id: number; name: string; externalUrl: string }>(list: T[]): Promise<T | undefined> {
  return (await pick(list.map((c) => ({ label: c.name, description: c.externalUrl, c })), { placeHolder: vscode.l10n.t('Which status check?') }))?.c;
}

async function showList(list: { name: string; externalUrl: string; hmac: boolean; protectedBranches: readonly { name: string }[] }[]): Promise<void> {
  await pick(
    list.map((c) => ({ label: c.name, description: c.externalUrl, detail: [c.hmac ? vscode.l10n.t('signed with a shared secret') : undefined, c.protectedBranches.map((b) => b.name).join(', ') || vscode.l10n.t('all branches')].filter(Boolean).join(' · ') })),
    { title: vscode.l10n.t('External status checks') },
  );
}

async function askInput(admin: StatusCheckAdministration, project: string, existing?: { name: string; externalUrl: string; protectedBranches: readonly { id: number }[] }): Promise<StatusCheckServiceInput | undefined> {
  const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Name'), value: existing ? redacted(existing.name) : undefined, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name is required.')) });
  if (name === undefined) return undefined;
  const externalUrl = await vscode.window.showInputBox({ title: vscode.l10n.t('External URL'), value: existing ? redacted(existing.externalUrl) : undefined, validateInput: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : vscode.l10n.t('An http(s) URL is required.')) });
  if (externalUrl === undefined) return undefined;
  const sharedSecret = await vscode.window.showInputBox({ title: vscode.l10n.t('HMAC shared secret (optional)'), prompt: vscode.l10n.t('Leave empty to keep it unchanged. It is never shown again.'), password: true });
  if (sharedSecret === undefined) return undefined;
  const branches = await admin.protectedBranches(project);
  const chosen = await pick(
    branches.map((b) => ({ label: b.name, id: b.id, picked: existing?.protectedBranches.some((p) => p.id === b.id) })),
    { canPickMany: true, title: vscode.l10n.t('Protected branches (none: all branches)') },
  );
  if (chosen === undefined) return undefined;
  return { name: name.trim(), externalUrl, sharedSecret: sharedSecret || undefined, protectedBranchIds: chosen.map((c) => c.id) };
}
