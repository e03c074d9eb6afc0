// mrGates.manageStatusChecks: a maintainer's list / create / edit / delete of a GitLab project's external
// status check services. The shared secret is typed into a password box and never shown again.
import * as vscode from 'vscode';
import { GitLabAdapter } from '../forges/gitlab/client';
import type { StatusCheckServiceInput } from '../forges/gitlab/statusCheckAdmin';
import type { Services } from './services';
import { runForgeCall, type CommandResult } from './targets';
import { notify, pick, redacted } from '../views/userText';

export interface ManageArgs {
  readonly root: string;
  readonly operation: 'list' | 'create' | 'update' | 'delete';
  readonly id?: number;
  readonly input?: StatusCheckServiceInput & { protectedBranches?: string[] };
}

function explain(kind: string, message: string): string | undefined {
  if (kind === 'unauthorized') return vscode.l10n.t('GitLab refused ({0}). Either this project\'s tier has no external status checks, or your token lacks the Maintainer role.', message);
  if (kind === 'forbidden') return vscode.l10n.t('Your token may not manage this project\'s status checks ({0}).', message);
  return undefined;
}

async function pickRepository(services: Services): Promise<string | undefined> {
  const gitlab = services.store.all().filter((e) => e.remote?.location.forge === 'gitlab');
  if (gitlab.length <= 1) return gitlab[0]?.root;
  const picked = await pick(gitlab.map((e) => ({ label: e.remote!.location.projectPath, description: e.root, root: e.root })), { placeHolder: vscode.l10n.t('Which project?') });
  return picked?.root;
}

export async function manageStatusChecks(services: Services, args?: ManageArgs): Promise<(CommandResult & { checks?: unknown }) | undefined> {
  const root = args?.root ?? (await pickRepository(services));
  const location = root ? services.store.get(root)?.remote?.location : undefined;
  if (!root || !location || location.forge !== 'gitlab') {
    void notify.info(vscode.l10n.t('External status checks are a GitLab feature; no GitLab project is open.'));
    return undefined;
  }
  const adapter = await services.connections.forOrigin('gitlab', location.origin);
  if (!(adapter instanceof GitLabAdapter)) return { ok: false, message: vscode.l10n.t('Not signed in to this forge.') };
  const admin = adapter.statusCheckAdmin;
  const project = location.projectPath;
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

async function withBranchIds(admin: GitLabAdapter['statusCheckAdmin'], project: string, input: ManageArgs['input'] & object): Promise<StatusCheckServiceInput> {
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

async function askInput(admin: GitLabAdapter['statusCheckAdmin'], project: string, existing?: { name: string; externalUrl: string; protectedBranches: readonly { id: number }[] }): Promise<StatusCheckServiceInput | undefined> {
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
