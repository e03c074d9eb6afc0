// Every wait a forge asks for (Retry-After, RateLimit-Reset, GitLab's Poll-Interval) goes through here:
// finite, at least 0, at most an hour. Node fires a timer set past 2^31-1 ms at once, so an unbounded
// "wait 30 days" would otherwise become "retry now", forever.

export const MAX_WAIT_MS = 60 * 60 * 1000;

export interface HeaderSource {
  get(name: string): string | null;
}

/** NaN and negatives are 0 (no wait); anything over an hour, Infinity included, is an hour. */
export function clampWaitMs(ms: number): number {
  if (Number.isNaN(ms)) return 0;
  return Math.min(MAX_WAIT_MS, Math.max(0, ms));
}

const DIGITS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime all start with a day name; Date.parse alone accepts "-5" as a year.
const HTTP_DATE = /^[A-Za-z]{3,9},?\s/;

/** Seconds, or an HTTP date, or a Unix reset time, whichever the forge sent; undefined when none is readable. */
export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (DIGITS.test(retryAfter)) return clampWaitMs(Number(retryAfter) * 1000);
    const date = HTTP_DATE.test(retryAfter) ? Date.parse(retryAfter) : NaN;
    if (!Number.isNaN(date)) return clampWaitMs(date - now);
  }
  const reset = (headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset'))?.trim();
  if (reset && DIGITS.test(reset)) {
    const value = Number(reset);
    // RateLimit-Reset is a Unix time on GitLab and GitHub; small numbers are delta-seconds (IETF draft).
    return clampWaitMs(value > 1e9 ? value * 1000 - now : value * 1000);
  }
  return undefined;
}

/** GitLab's Poll-Interval header (milliseconds); undefined when absent, unreadable, 0, or -1 ("stop polling"). */
export function pollIntervalMs(value: string | null | undefined): number | undefined {
  const text = value?.trim();
  if (!text || !DIGITS.test(text)) return undefined;
  const ms = clampWaitMs(Number(text));
  return ms > 0 ? ms : undefined;
}
