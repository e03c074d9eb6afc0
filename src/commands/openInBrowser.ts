// Opens the web page of a node (project, later MR, job, check), or asks which repository's project to open.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { projectPageUrl } from '../state/repoEntry';
import type { TreeNode } from '../views/nodes';
import type { Services } from './services';
import { notify, openWebPage, pick } from '../views/userText';

/** Resolves to the URL that was opened, for automation; undefined when there was nothing to open. */
export async function openInBrowser(services: Services, node?: TreeNode): Promise<string | undefined> {
  let url = node?.webUrl;
  if (!url && !node) {
    const candidates = services.store
      .all()
      .map((entry) => ({ entry, url: projectPageUrl(entry) }))
      .filter((c): c is { entry: typeof c.entry; url: string } => !!c.url);
    if (candidates.length === 0) {
      void notify.info(vscode.l10n.t('No repository in this workspace is on a known forge.'));
      return undefined;
    }
    const picked =
      candidates.length === 1
        ? candidates[0]
        : await pick(
            candidates.map((c) => ({ label: c.entry.remote?.location.projectPath ?? basename(c.entry.root), description: c.url, candidate: c })),
            { placeHolder: vscode.l10n.t('Open which project?') },
          ).then((p) => p?.candidate);
    url = picked?.url;
  } else if (!url && node) {
    const entry = services.store.all().find((e) => node.id === `repo:${e.root}`);
    url = entry ? projectPageUrl(entry) : undefined;
  }
  if (!url) return undefined;
  return (await openWebPage(url)) ? url : undefined;
}
