// Values a forge sends that end up in git arguments or URL paths. They are checked where they enter
// (the map.ts files), so nothing downstream has to trust them: a head sha of `--output=FILE` must
// never reach `git diff`, a target branch of `-f` never `git checkout`, and an id of `../../x` never
// an API path.

const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const NUMERIC_ID = /^[1-9][0-9]{0,18}$/;

/** A full SHA-1 (40) or SHA-256 (64) commit id, nothing else. */
export function isCommitSha(value: unknown): boolean {
  return typeof value === 'string' && COMMIT_SHA.test(value);
}

/** A positive integer id as forges number their records (projects, jobs, pipelines, check runs…). */
export function isNumericId(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
  return typeof value === 'string' && NUMERIC_ID.test(value);
}

// git check-ref-format's rules, as far as they matter here: no control characters, space or ~^:?*[\,
// no `..` or `@{`, no component starting with `.` or `-`, no empty component, no `.lock`/`.` ending.
// eslint-disable-next-line no-control-regex
const REF_CHARS = /^[^\x00-\x20\x7f~^:?*[\\]+$/;

/** A branch name git itself would accept (a merge checks out the target branch). */
export function isBranchName(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 255 || !REF_CHARS.test(value) || value.includes('..') || value.includes('@{')) return false;
  return value.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.startsWith('-') && !part.endsWith('.lock')) && !value.endsWith('.');
}

/** Why an MR/PR's head or branches cannot be used (the MR is then shown with this as its error), or undefined. */
export function mergeRequestDefect(headSha: string, sourceBranch: string, targetBranch: string): string | undefined {
  if (!isCommitSha(headSha)) return `its head is not a commit sha (${JSON.stringify(headSha.slice(0, 80))})`;
  const bad = [sourceBranch, targetBranch].find((branch) => !isBranchName(branch));
  return bad === undefined ? undefined : `a branch name git would refuse (${JSON.stringify(bad.slice(0, 80))})`;
}
