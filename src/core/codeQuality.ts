// GitLab Code Quality reports (gl-code-quality-report.json, the CodeClimate issue format) → annotations.
// The report is written by whatever linter a project runs, so every field is checked, and a bad
// report gives an error string, never an exception.
import type { Annotation, AnnotationLevel } from './model';

export type CodeClimateSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** CodeClimate severity → annotation level (the UI maps notice→Information, warning→Warning, failure→Error). */
export const CODE_QUALITY_SEVERITY: Readonly<Record<CodeClimateSeverity, AnnotationLevel>> = Object.freeze({
  info: 'notice',
  minor: 'notice',
  major: 'warning',
  critical: 'failure',
  blocker: 'failure',
});

/** The level for a severity the table does not know (or none at all). */
export const UNKNOWN_SEVERITY_LEVEL: AnnotationLevel = 'warning';

export interface CodeQualityFinding extends Annotation {
  /** CodeClimate's fingerprint: the same issue keeps it across commits, so it can deduplicate. */
  readonly fingerprint?: string;
  /** The tool that reported it (`engine_name`), e.g. `rubocop`. */
  readonly engineName?: string;
}

export interface CodeQualityParseResult {
  readonly findings: CodeQualityFinding[];
  /** Entries that could not be placed on a line of a file. */
  readonly skipped: number;
  /** Set when the report as a whole is unusable. */
  readonly error?: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function levelForSeverity(severity: unknown): AnnotationLevel {
  if (typeof severity !== 'string') return UNKNOWN_SEVERITY_LEVEL;
  const key = severity.toLowerCase();
  return Object.prototype.hasOwnProperty.call(CODE_QUALITY_SEVERITY, key)
    ? CODE_QUALITY_SEVERITY[key as CodeClimateSeverity]
    : UNKNOWN_SEVERITY_LEVEL;
}

type Span = Pick<Annotation, 'startLine' | 'endLine' | 'startColumn' | 'endColumn'>;

/**
 * `positions` (with columns) wins over `lines` when it has a line. Positions given as character
 * `offset`s cannot be placed without the file's text, so they count as no line.
 */
function readSpan(location: JsonObject): Span | undefined {
  const positions = isObject(location.positions) ? location.positions : undefined;
  const begin = positions && isObject(positions.begin) ? positions.begin : undefined;
  const beginLine = finiteNumber(begin?.line);
  if (begin && beginLine !== undefined) {
    const end = positions && isObject(positions.end) ? positions.end : undefined;
    const startColumn = finiteNumber(begin.column);
    const endColumn = finiteNumber(end?.column);
    return {
      startLine: beginLine,
      endLine: finiteNumber(end?.line) ?? beginLine,
      ...(startColumn !== undefined ? { startColumn } : {}),
      ...(endColumn !== undefined ? { endColumn } : {}),
    };
  }
  const lines = isObject(location.lines) ? location.lines : undefined;
  const lineBegin = finiteNumber(lines?.begin);
  if (lineBegin === undefined) return undefined;
  return { startLine: lineBegin, endLine: finiteNumber(lines?.end) ?? lineBegin };
}

/** One CodeClimate issue → a finding, or undefined when it names no file, line or text. */
export function parseCodeClimateIssue(entry: unknown): CodeQualityFinding | undefined {
  if (!isObject(entry)) return undefined;
  // The spec says `type` is always "issue" (tools write "Issue" too); other kinds are not findings.
  if (typeof entry.type === 'string' && entry.type.toLowerCase() !== 'issue') return undefined;
  const location = isObject(entry.location) ? entry.location : undefined;
  const path = nonEmptyString(location?.path);
  const span = location ? readSpan(location) : undefined;
  const title = nonEmptyString(entry.check_name);
  const message = nonEmptyString(entry.description) ?? title;
  if (path === undefined || span === undefined || message === undefined) return undefined;

  const rawDetails = isObject(entry.content) ? nonEmptyString(entry.content.body) : undefined;
  const fingerprint = nonEmptyString(entry.fingerprint);
  const engineName = nonEmptyString(entry.engine_name);
  return {
    path,
    ...span,
    level: levelForSeverity(entry.severity),
    message,
    ...(title !== undefined ? { title } : {}),
    ...(rawDetails !== undefined ? { rawDetails } : {}),
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    ...(engineName !== undefined ? { engineName } : {}),
  };
}

/** Parses a whole report (already JSON-decoded). Paths are kept as reported; resolve them with repoPaths. */
export function parseCodeClimate(raw: unknown): CodeQualityParseResult {
  if (!Array.isArray(raw)) {
    return { findings: [], skipped: 0, error: `The Code Quality report is not a JSON array (it is ${describeType(raw)}).` };
  }
  const findings: CodeQualityFinding[] = [];
  let skipped = 0;
  for (const entry of raw) {
    const finding = parseCodeClimateIssue(entry);
    if (finding) findings.push(finding);
    else skipped += 1;
  }
  return { findings, skipped };
}
