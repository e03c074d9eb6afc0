// Findings (Code Quality, line comments, check-run annotations) -> editor diagnostics.
// One DiagnosticCollection per source kind. Each repository's diagnostics are replaced as a whole when
// its gates change, and files whose findings went away get an empty list. The files are looked up once
// per publish through repoFiles.ts (realpath inside the repository, regular files only, bounded reads);
// what it found, per reported path, goes into the RepoFileIndex the tree reads. Each repository has
// its own queue, so a slow one never delays another's diagnostics. Each diagnostic is a GateDiagnostic,
// which keeps the repository, MR, check and sha it came from.
import * as vscode from 'vscode';
import type { Finding } from '../core/model';
import { clampRange } from '../core/lineMapping';
import { LineMap } from '../core/lineMap';
import { isCommitSha } from '../core/forgeValues';
import { mapWithConcurrency } from '../core/concurrency';
import { sameValue } from '../core/sameValue';
import type { StaleDiagnostics } from '../config';
import type { LogSink } from '../forges/log';
import { readyGates, repoContaining, type RepoEntry } from '../state/repoEntry';
import type { RepoStore } from '../state/store';
import { GateDiagnostic } from './gateDiagnostic';
import { FileLinesCache, REFUSAL_KINDS, RepoFileIndex, resolveRepoFiles, type ReadableRepoFile, type RefusalKind, type RepoFile } from './repoFiles';

const SEVERITY: Record<Finding['level'], vscode.DiagnosticSeverity> = {
  failure: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  notice: vscode.DiagnosticSeverity.Information,
};

/** Where the publisher learns how lines moved since a finding's commit: the git extension. */
export interface LineSource {
  changedFiles(root: string): Set<string>;
  diffWithWorkingTree(root: string, sha: string, absolutePath: string): Promise<string | undefined>;
}

export interface PublishReport {
  readonly published: number;
  /** Findings whose path leads outside the repository or names no file (refused.outside + refused.invalid). */
  readonly dropped: number;
  /** Findings that got no diagnostic because their file was refused, per reason. */
  readonly refused: Readonly<Record<RefusalKind, number>>;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  /** Per repository root, per source: the files it put diagnostics on. */
  private readonly published = new Map<string, Map<string, Set<string>>>();
  /** Per repository root: what was last published from, to skip identical refreshes. */
  private readonly lastInputs = new Map<string, PublishInputs>();
  private readonly subscription: vscode.Disposable;
  /** Per repository root: the tail of its publish queue. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly reports = new Map<string, PublishReport>();
  private readonly fileLines = new FileLinesCache();

  constructor(
    private readonly store: RepoStore,
    private readonly settings: () => { enabled: boolean; stale: StaleDiagnostics },
    private readonly lines: LineSource,
    private readonly log: LogSink,
    /** What the last publish found for each reported path; the tree reads it. */
    readonly files: RepoFileIndex = new RepoFileIndex(),
  ) {
    this.subscription = vscode.Disposable.from(
      store.onDidChange((change) => {
        for (const root of change.changed) this.schedule(root);
      }),
      // Lines follow local edits on save (not on every keystroke): re-map the saved file's repository.
      vscode.workspace.onDidSaveTextDocument((document) => {
        const entry = repoContaining(this.store.all(), document.uri.fsPath);
        // git's own status may not have seen the save yet, so the saved file is named as changed.
        if (entry && this.published.has(entry.root)) this.schedule(entry.root, document.uri.fsPath);
      }),
    );
  }

  /** What the last publish of a repository did, for tests. */
  reportFor(root: string): PublishReport | undefined {
    return this.reports.get(root);
  }

  /** Resolves when every publish scheduled so far, of every repository, has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  /** Re-publishes everything, e.g. after the setting changed. */
  republishAll(): Promise<void> {
    this.lastInputs.clear();
    for (const entry of this.store.all()) this.schedule(entry.root);
    for (const root of this.published.keys()) if (!this.store.get(root)) this.schedule(root);
    return this.idle();
  }

  private schedule(root: string, savedFile?: string): void {
    if (savedFile) this.lastInputs.delete(root);
    const next = (this.queues.get(root) ?? Promise.resolve())
      .then(() => this.publish(root, savedFile))
      .catch((e: unknown) => this.log.error(`Diagnostics for ${root}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        if (this.queues.get(root) === next) this.queues.delete(root);
      });
    this.queues.set(root, next);
  }

  private collection(source: string): vscode.DiagnosticCollection {
    let collection = this.collections.get(source);
    if (!collection) this.collections.set(source, (collection = vscode.languages.createDiagnosticCollection(`mrGates.${source}`)));
    return collection;
  }

  private async publish(root: string, savedFile?: string): Promise<void> {
    const entry = this.store.get(root);
    const { enabled, stale } = this.settings();
    const headSha = entry?.headSha;
    const all = entry ? gateFindings(entry) : [];
    const findings = enabled ? all.filter(({ finding: f }) => stale !== 'hide' || !headSha || f.sha === headSha) : [];
    // The tree opens check runs' annotations through the index, so every finding's file is looked up, hidden or not.
    const reportedPaths = new Set(all.map(({ finding }) => finding.path));
    const inputs: PublishInputs = { headSha, stale, findings, reportedPaths: [...reportedPaths] };
    if (sameValue(this.lastInputs.get(root), inputs)) return;
    this.lastInputs.set(root, inputs);

    const files = await resolveRepoFiles(root, reportedPaths, {}, this.fileLines);
    if (entry) this.files.update(root, files);
    else this.files.forget(root);

    const { byFile, refused, missing } = groupByFile(findings, files);
    const lineMaps = await this.lineMaps(root, headSha, byFile, savedFile);
    const bySource = new Map<string, Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>>();
    let published = 0;
    for (const { file, reported } of byFile.values()) {
      // One URI per file, shared by its diagnostics.
      const uri = vscode.Uri.file(file.absolute);
      const key = uri.toString();
      for (const { finding, mergeRequest } of reported) {
        const moved = (lineMaps.get(lineMapKey(finding.sha, file.absolute)) ?? IDENTITY).mapRange(finding.startLine, finding.endLine);
        const forSource = bySource.get(finding.source) ?? new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
        bySource.set(finding.source, forSource);
        const slot = forSource.get(key) ?? { uri, diagnostics: [] };
        forSource.set(key, slot);
        slot.diagnostics.push(toDiagnostic(uri, { root, mergeRequest, finding }, moved, file.lines, headSha, stale));
        published++;
      }
    }
    const refusals = REFUSAL_KINDS.filter((kind) => refused[kind] > 0).map((kind) => `${refused[kind]} ${kind}`);
    if (refusals.length) this.log.warn(`${root}: refused the files of some findings (${refusals.join(', ')}): links or paths leading outside the repository, files that are not regular, too large or unreadable.`);
    if (missing.size) this.log.info(`${root}: ${missing.size} file(s) with findings do not exist locally: ${[...missing].slice(0, 10).join(', ')}`);

    const previous = this.published.get(root) ?? new Map<string, Set<string>>();
    const next = new Map<string, Set<string>>();
    for (const source of new Set([...previous.keys(), ...bySource.keys()])) {
      const forSource = bySource.get(source) ?? new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
      const collection = this.collection(source);
      for (const uri of previous.get(source) ?? []) if (!forSource.has(uri)) collection.set(vscode.Uri.parse(uri), []);
      collection.set([...forSource.values()].map(({ uri, diagnostics }): [vscode.Uri, vscode.Diagnostic[]] => [uri, diagnostics]));
      next.set(source, new Set(forSource.keys()));
    }
    if (entry) this.published.set(root, next);
    else this.published.delete(root);
    this.reports.set(root, { published, dropped: refused.outside + refused.invalid, refused });
  }

  /**
   * How lines moved since each finding's commit, per (sha, file) that needs it: a newer HEAD, or local
   * edits. Read from git together, a few at a time; the rest map one to one.
   */
  private async lineMaps(root: string, headSha: string | undefined, byFile: ReadonlyMap<string, FileFindings>, savedFile?: string): Promise<Map<string, LineMap>> {
    const changed = this.lines.changedFiles(root);
    if (savedFile) changed.add(savedFile);
    const wanted = new Map<string, { sha: string; absolute: string }>();
    for (const { file, reported } of byFile.values()) {
      for (const { finding } of reported) {
        if (finding.sha === headSha && !changed.has(file.absolute)) continue;
        // A forge's sha reaches git only as a full commit id: never `--output=FILE` or the like.
        if (!isCommitSha(finding.sha)) continue;
        wanted.set(lineMapKey(finding.sha, file.absolute), { sha: finding.sha, absolute: file.absolute });
      }
    }
    const keys = [...wanted.keys()];
    const maps = await mapWithConcurrency(keys, GIT_DIFFS_AT_ONCE, async (key) => {
      const { sha, absolute } = wanted.get(key)!;
      const diff = await this.lines.diffWithWorkingTree(root, sha, absolute);
      return diff ? LineMap.fromDiff(diff) : IDENTITY;
    });
    return new Map(keys.map((key, i) => [key, maps[i]]));
  }

  dispose(): void {
    this.subscription.dispose();
    for (const collection of this.collections.values()) collection.dispose();
  }
}

interface Reported {
  /** The reference of the MR whose gate holds the finding. */
  readonly mergeRequest: string;
  readonly finding: Finding;
}

/** What a publish is made from; an equal set of inputs publishes nothing. */
interface PublishInputs {
  readonly headSha: string | undefined;
  readonly stale: StaleDiagnostics;
  readonly findings: readonly Reported[];
  readonly reportedPaths: readonly string[];
}

interface FileFindings {
  readonly file: ReadableRepoFile;
  readonly reported: Reported[];
}

const IDENTITY = LineMap.identity();
/** git diff processes spawned at once to re-map lines. */
const GIT_DIFFS_AT_ONCE = 8;

const lineMapKey = (sha: string, absolute: string): string => `${sha}\0${absolute}`;

/** The findings of each readable file; the others are counted by why they get no diagnostic. */
function groupByFile(findings: readonly Reported[], files: ReadonlyMap<string, RepoFile>): { byFile: Map<string, FileFindings>; refused: Record<RefusalKind, number>; missing: Set<string> } {
  const byFile = new Map<string, FileFindings>();
  const refused = Object.fromEntries(REFUSAL_KINDS.map((kind) => [kind, 0])) as Record<RefusalKind, number>;
  const missing = new Set<string>();
  for (const reported of findings) {
    const file = files.get(reported.finding.path);
    if (!file || file.kind === 'missing') {
      if (file) missing.add(file.relative);
      continue;
    }
    if (file.kind !== 'readable') {
      refused[file.kind]++;
      continue;
    }
    const slot = byFile.get(file.absolute) ?? { file, reported: [] };
    byFile.set(file.absolute, slot);
    slot.reported.push(reported);
  }
  return { byFile, refused, missing };
}

function gateFindings(entry: RepoEntry): Reported[] {
  return readyGates(entry).flatMap((g) => (g.gate?.findings ?? []).map((finding) => ({ mergeRequest: g.mergeRequest.reference, finding })));
}

function toDiagnostic(
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
  diagnostic.source = finding.origin ?? 'MR Gates';
  if (finding.title) diagnostic.code = finding.title;
  if (finding.rawDetails) {
    // raw_details is reachable from the hover and the Problems panel as related information at the same place.
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, diagnostic.range), finding.rawDetails.slice(0, 2000))];
  }
  if (isStale && stale === 'dim') diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  return diagnostic;
}
