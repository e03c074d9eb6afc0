// One finding as a diagnostic on its file: the range clamped to the file's lines and moved as the lines
// moved since the finding's commit, the notes that say so, and dimmed when it is from another commit.
import * as vscode from 'vscode';
import type { Finding } from '../core/model';
import { clampRange } from '../core/lineMapping';
import type { StaleDiagnostics } from '../config';
import { GateDiagnostic } from './gateDiagnostic';

const SEVERITY: Record<Finding['level'], vscode.DiagnosticSeverity> = {
  failure: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  notice: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(
  uri: vscode.Uri,
  origin: { root: string; mergeRequest: string; finding: Finding },
  moved: { start: number; end: number; status: string },
  lines: readonly string[],
  headSha: string | undefined,
  stale: StaleDiagnostics,
): GateDiagnostic {
  const { finding } = origin;
  // Columns only make sense on the line the check saw; a moved annotation keeps them, a deleted one does not.
  const span = moved.status === 'deleted' || moved.status === 'partlyDeleted' ? { startLine: moved.start, endLine: moved.end } : { ...finding, startLine: moved.start, endLine: moved.end };
  const range = clampRange(span, lines.length, (line0) => lines[line0]?.length ?? 0);
  const notes: string[] = [];
  if (range.note === 'lineAfterEnd') notes.push(vscode.l10n.t('reported on line {0}, past the end of the file', finding.startLine));
  if (range.note === 'lineBeforeStart') notes.push(vscode.l10n.t('reported on line {0}', finding.startLine));
  if (moved.status === 'deleted') notes.push(vscode.l10n.t('line {0} was deleted or changed since {1}', finding.startLine, finding.sha.slice(0, 7)));
  if (moved.status === 'partlyDeleted') notes.push(vscode.l10n.t('lines {0}–{1} were partly changed since {2}', finding.startLine, finding.endLine, finding.sha.slice(0, 7)));
  const isStale = !!headSha && finding.sha !== headSha;
  if (isStale) notes.push(vscode.l10n.t('from {0}; your HEAD is {1}', finding.sha.slice(0, 7), headSha.slice(0, 7)));
  const message = notes.length ? `${finding.message} (${notes.join('; ')})` : finding.message;
  let severity = SEVERITY[finding.level];
  if (isStale && stale === 'dim') severity = Math.max(severity, vscode.DiagnosticSeverity.Information);
  const diagnostic = new GateDiagnostic(new vscode.Range(range.startLine0, range.startCol0, range.endLine0, range.endCol0), message, severity, origin);
  diagnostic.source = sourceWord(finding);
  if (finding.title) diagnostic.code = finding.title;
  if (finding.rawDetails) {
    // raw_details is reachable from the hover and the Problems panel as related information at the same place.
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, diagnostic.range), finding.rawDetails.slice(0, 2000))];
  }
  if (isStale && stale === 'dim') diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** What the Problems panel shows as the source: the check run's name, or what kind of finding it is. */
function sourceWord(finding: Finding): string {
  switch (finding.source) {
    case 'codeQuality':
      return vscode.l10n.t('Code Quality');
    // The author is already in the message ("contributor: …"): not named twice.
    case 'commitComments':
      return vscode.l10n.t('Line comment');
    default:
      return finding.origin ?? 'MR Gates';
  }
}
