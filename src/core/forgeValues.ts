// Values a forge sends that end up in git arguments or URL paths. They are checked where they enter
// (the map.ts files), so nothing downstream has to trust them: a head sha of `--output=FILE` must
// never reach `git diff`, and an id of `../../x` must never reach an API path.

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
