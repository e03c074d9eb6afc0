// A URL path as its decoded segments, for the code that reads forge and MR URLs (git remotes, pasted
// MR links): empty segments are skipped, and a segment that could lead elsewhere makes it unreadable.

/** Splits and percent-decodes a path; undefined for a segment that could smuggle in another path (`..`, an encoded slash). */
export function decodeSegments(path: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (!raw) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\')) return undefined;
    segments.push(segment);
  }
  return segments;
}
