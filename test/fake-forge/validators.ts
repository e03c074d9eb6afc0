// Validators on GET answers, the way each real forge sends them (ForgeApi.validators), from the
// README's "Conditional requests" facts:
//   weakMatch  GitHub: a weak ETag; If-None-Match compared weakly (W/ ignored, lists and * allowed).
//   exactMatch GitLab: Rails' Rack::ETag weak ETag; Rack::ConditionalGet answers 304 only when
//              If-None-Match equals the ETag byte for byte.
//   etagOnly   Gitee: sends a weak ETag; no 304 was ever seen, so none is answered.
import { createHash } from 'node:crypto';
import type { RecordedRequest } from './types';
import type { RawReply } from './wire';

export type ValidatorStyle = 'weakMatch' | 'exactMatch' | 'etagOnly';

function header(raw: RawReply, name: string): string | undefined {
  const found = Object.keys(raw.headers).find((k) => k.toLowerCase() === name);
  return found ? raw.headers[found] : undefined;
}

/** An ETag's opaque part, with or without the weak marker, for If-None-Match's weak comparison. */
function opaque(tag: string): string {
  return tag.trim().replace(/^W\//i, '');
}

export function withValidators(raw: RawReply, request: RecordedRequest, style: ValidatorStyle | undefined): RawReply {
  if (!style || request.method !== 'GET' || raw.status !== 200 || !/json/i.test(header(raw, 'content-type') ?? '')) return raw;
  // GitLab hands job artifacts to Workhorse with an empty Rails body: no ETag is computed for them.
  if (style === 'exactMatch' && request.path.includes('/artifacts/')) return raw;
  const digest = createHash('sha256').update(raw.body).digest('hex');
  const etag = `W/"${style === 'weakMatch' ? digest : digest.slice(0, 32)}"`;
  const asked = request.headers['if-none-match'];
  const matches =
    asked !== undefined &&
    (style === 'weakMatch' ? asked.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag)) : style === 'exactMatch' && asked === etag);
  const headers: Record<string, string> = { ...raw.headers, etag };
  if (!matches) return { ...raw, headers };
  for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name];
  if (style === 'weakMatch') {
    // GitHub: a 304 to an authorized conditional request does not count against the rate limit.
    for (const [name, delta] of [['x-ratelimit-remaining', 1], ['x-ratelimit-used', -1]] as const) {
      const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
      if (key && /^\d+$/.test(headers[key])) headers[key] = String(Number(headers[key]) + delta);
    }
  }
  return { status: 304, headers, body: '' };
}
