// Findings (Code Quality, line comments, check-run annotations) -> editor diagnostics.
// One DiagnosticCollection per source kind. Each repository's diagnostics are replaced as a whole when
// its gates change, and files whose findings went away get an empty list. The files are looked up once
// per publish through repoFiles.ts (realpath inside the repository, regular files only, bounded reads);
// what it found, per reported path, goes into the RepoFileIndex the tree reads. Each repository has
// its own queue, so a slow one never delays another's diagnostics. Each diagnostic is a GateDiagnostic,
// which keeps the repository, MR, check and sha it came from.
import * as vscode from 'vscode';
import type { Finding } from '../core/model';
import { LineMap } from '../core/lineMap';
import { isCommitSha } from '../core/forgeValues';
import { mapWithConcurrency } from '../core/concurrency';
import { sameValue } from '../core/sameValue';
import type { StaleDiagnostics } from '../config';
import type { LogSink } from '../forges/log';
import { isPinKey, isPinOf, readyGates, repoContaining, type RepoEntry } from '../state/repoEntry';
import type { RepoStore } from '../state/store';
import { toDiagnostic } from './diagnosticOf';
import { FileLinesCache, REFUSAL_KINDS, RepoFileIndex, resolveRepoFiles, type ReadableRepoFile, type RefusalKind, type RepoFile } from './repoFiles';

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
  /** The files whose diagnostics this publish sent (set or cleared); the others kept theirs. */
  readonly sentFiles: readonly string[];
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
  /** Per repository root, per file URI: what was published on it last time. */
  private readonly lastFiles = new Map<string, ReadonlyMap<string, PublishedFile>>();

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
        // A pinned MR's findings are published on the repositories of its project, if any (see gateFindings).
        for (const root of change.changed) for (const target of isPinKey(root) ? this.repositoriesOfPin(root) : [root]) this.schedule(target);
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
    this.lastFiles.clear();
    for (const entry of this.store.all()) this.schedule(entry.root);
    for (const root of this.published.keys()) if (!this.store.get(root)) this.schedule(root);
    return this.idle();
  }

  /** The repositories whose remote is the project of the pinned MR with this key. */
  private repositoriesOfPin(key: string): string[] {
    return this.store.all().flatMap((e) => (e.remote && isPinOf(key, e.remote.location) ? [e.root] : []));
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
    const all = entry ? gateFindings(entry, this.store.pinned()) : [];
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
    // A file whose findings, lines and line map are all as last time keeps its diagnostics, unsent.
    const before = this.lastFiles.get(root);
    const built = new Map<string, PublishedFile>();
    let published = 0;
    for (const { file, reported } of byFile.values()) {
      // One URI per file, shared by its diagnostics.
      const uri = vscode.Uri.file(file.absolute);
      const key = uri.toString();
      const remapped = reported.some(({ finding }) => lineMaps.has(lineMapKey(finding.sha, file.absolute)));
      const last = before?.get(key);
      if (last && !remapped && !last.remapped && last.lines === file.lines && last.headSha === headSha && last.stale === stale && sameReported(last.reported, reported)) {
        built.set(key, { ...last, reused: true });
        published += reported.length;
        continue;
      }
      const bySource = new Map<string, vscode.Diagnostic[]>();
      for (const { finding, mergeRequest } of reported) {
        const moved = (lineMaps.get(lineMapKey(finding.sha, file.absolute)) ?? IDENTITY).mapRange(finding.startLine, finding.endLine);
        const list = bySource.get(finding.source) ?? [];
        bySource.set(finding.source, list);
        list.push(toDiagnostic(uri, { root, mergeRequest, finding }, moved, file.lines, headSha, stale));
        published++;
      }
      built.set(key, { uri, reported, lines: file.lines, headSha, stale, remapped, bySource, reused: false });
    }
    const refusals = REFUSAL_KINDS.filter((kind) => refused[kind] > 0).map((kind) => `${refused[kind]} ${kind}`);
    if (refusals.length) this.log.warn(`${root}: refused the files of some findings (${refusals.join(', ')}): links or paths leading outside the repository, files that are not regular, too large or unreadable.`);
    if (missing.size) this.log.info(`${root}: ${missing.size} file(s) with findings do not exist locally: ${[...missing].slice(0, 10).join(', ')}`);

    const previous = this.published.get(root) ?? new Map<string, Set<string>>();
    const next = new Map<string, Set<string>>();
    const sources = new Set([...previous.keys(), ...[...built.values()].flatMap((f) => [...f.bySource.keys()])]);
    const sent = new Set<string>();
    for (const source of sources) {
      const collection = this.collection(source);
      for (const uri of previous.get(source) ?? []) {
        if (built.get(uri)?.bySource.has(source)) continue;
        collection.set(vscode.Uri.parse(uri), []);
        sent.add(vscode.Uri.parse(uri).fsPath);
      }
      const changedFiles: [vscode.Uri, vscode.Diagnostic[]][] = [];
      const onFiles = new Set<string>();
      for (const [key, file] of built) {
        const diagnostics = file.bySource.get(source);
        if (!diagnostics) continue;
        onFiles.add(key);
        if (file.reused) continue;
        changedFiles.push([file.uri, diagnostics]);
        sent.add(file.uri.fsPath);
      }
      if (changedFiles.length) collection.set(changedFiles);
      next.set(source, onFiles);
    }
    if (entry) this.lastFiles.set(root, built);
    else this.lastFiles.delete(root);
    if (entry) this.published.set(root, next);
    else this.published.delete(root);
    this.reports.set(root, { published, dropped: refused.outside + refused.invalid, refused, sentFiles: [...sent] });
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

/** What one publish put on one file, per source, and what it was made from. */
interface PublishedFile {
  readonly uri: vscode.Uri;
  readonly reported: readonly Reported[];
  readonly lines: readonly string[];
  readonly headSha: string | undefined;
  readonly stale: StaleDiagnostics;
  /** Some of its findings were re-mapped through a diff: never reused, the working file may differ. */
  readonly remapped: boolean;
  readonly bySource: ReadonlyMap<string, vscode.Diagnostic[]>;
  /** Kept from the last publish, so not sent again. */
  readonly reused: boolean;
}

function sameReported(a: readonly Reported[], b: readonly Reported[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].finding !== b[i].finding || a[i].mergeRequest !== b[i].mergeRequest) return false;
  return true;
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

/** The findings of a repository's MRs and of its project's pinned MRs: stale, as any, where not at HEAD. */
function gateFindings(entry: RepoEntry, pinned: readonly RepoEntry[]): Reported[] {
  const own = readyGates(entry);
  const location = entry.remote?.location;
  const ofProject = location ? pinned.filter((p) => isPinOf(p.root, location)) : [];
  const shown = new Set(own.map((g) => g.mergeRequest.reference));
  const gates = [...own, ...ofProject.flatMap((p) => readyGates(p)).filter((g) => !shown.has(g.mergeRequest.reference))];
  return gates.flatMap((g) => (g.gate?.findings ?? []).map((finding) => ({ mergeRequest: g.mergeRequest.reference, finding })));
}
