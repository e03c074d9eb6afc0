// The words of a Run Check Action offer. An offer of MR Gates' own is worded here, in the display
// language, from the kind its adapter gave it; a check run's button keeps the check service's words.
import * as vscode from 'vscode';
import type { ActionOffer, OwnOfferKind } from '../core/model';

export interface OfferWords {
  readonly label: string;
  /** What it does, or for an offer that opens a page, the page. */
  readonly detail?: string;
}

export function offerWords(offer: ActionOffer): OfferWords {
  if (offer.kind === 'forgeButton') return { label: offer.label, detail: offer.description };
  const { label, detail } = ownWords(offer.kind);
  return { label, detail: detail ?? offer.url };
}

function ownWords(kind: OwnOfferKind): { label: string; detail?: string } {
  switch (kind) {
    case 'playJob':
      return { label: vscode.l10n.t('Play'), detail: vscode.l10n.t('Start this manual job') };
    case 'retryJob':
      return { label: vscode.l10n.t('Retry') };
    case 'resendStatusCheck':
      return { label: vscode.l10n.t('Re-send to the external service'), detail: vscode.l10n.t('Retry: GitLab posts the merge request to the check again') };
    case 'rerunCheckRun':
      return { label: vscode.l10n.t('Re-run'), detail: vscode.l10n.t('Re-run the failed jobs, or ask the check\'s app to run again') };
    case 'openCheckPage':
      return { label: vscode.l10n.t('Open') };
    case 'openDetailsPage':
      return { label: vscode.l10n.t('Open the details page') };
  }
}
