// A diagnostic that keeps its origin, so a hover or a code action can reach the check that reported it:
// `{ root, mergeRequest, checkId }` is the reference the gate commands accept.
import * as vscode from 'vscode';
import type { Finding } from '../core/model';

export interface DiagnosticOrigin {
  /** The repository the finding's gate belongs to. */
  readonly root: string;
  /** The MR/PR it was reported on: `!1` or `#1`. */
  readonly mergeRequest: string;
  /** The check that reported it, when a check did (a check run); a line comment has none. */
  readonly checkId?: string;
  /** The commit the finding was reported for. */
  readonly sha: string;
  /** The finding's collection (`checkRuns`, `codeQuality`, `commitComments`…), as the DiagnosticCollection is named. */
  readonly findingSource: string;
}

export class GateDiagnostic extends vscode.Diagnostic implements DiagnosticOrigin {
  readonly root: string;
  readonly mergeRequest: string;
  readonly checkId?: string;
  readonly sha: string;
  readonly findingSource: string;

  constructor(range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity, origin: { root: string; mergeRequest: string; finding: Finding }) {
    super(range, message, severity);
    this.root = origin.root;
    this.mergeRequest = origin.mergeRequest;
    this.checkId = origin.finding.checkId;
    this.sha = origin.finding.sha;
    this.findingSource = origin.finding.source;
  }
}
