// A CI job's log as a reader wants it in an editor: the terminal escapes (colours, cursor moves) and
// GitLab's collapsible-section markers removed, progress lines that overwrite themselves with `\r`
// reduced to what the terminal finally showed, and no control character left. The log is written by
// whatever the job ran, so nothing in it is trusted.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and the two-byte escapes. Matching control
// characters is the point of these two expressions.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
// GitLab Runner: `section_start:1700000000:step_script[collapsed=true]\r\x1b[0K`, and section_end alike.
const SECTION_MARKERS = /section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]\r\n]*\])?\r?/g;
// C0 and C1 controls other than tab, and the Unicode bidi overrides that can make a line read as another.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function cleanLog(raw: string): string {
  const lines = raw
    .replace(SECTION_MARKERS, '')
    .replace(ESCAPES, '')
    .split(/\r?\n/);
  return lines
    .map((line) => {
      // A bare \r returns the cursor: what stays on screen is the last overwrite.
      const parts = line.split('\r').filter((p) => p !== '');
      return (parts.length ? parts[parts.length - 1] : '').replace(CONTROLS, '');
    })
    .join('\n');
}

// Where a job says it failed: GitHub Actions' `##[error]`, GitLab Runner's `ERROR: Job failed`, and
// the usual tool prefixes. The first strong marker wins; GitLab's closing line is the fallback.
const FAILURE_MARKERS = [/^##\[error\]/, /^(?:npm ERR!|error(?:\[\w+\])?:|FAIL\b|FAILED\b|fatal:|panic:|Traceback \(most recent call last\)|not ok\b|[✖✗×] )/i, /^ERROR: Job failed/];

/** The 0-based line that shows the failure, or undefined when the log has none. */
export function failingLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (const marker of FAILURE_MARKERS) {
    const index = lines.findIndex((line) => marker.test(line.replace(/^\s*(?:\d{4}-\d\d-\d\dT[\d:.]+Z\s+)?/, '')));
    if (index >= 0) return index;
  }
  return undefined;
}
