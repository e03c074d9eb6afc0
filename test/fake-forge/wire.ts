// From a route's Reply to bytes on the wire.
import { STATUS_CODES } from 'node:http';
import { JSON_CONTENT_TYPE, type Exchange, type Reply } from './types';

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Send the body in pieces without a content-length (chunked transfer encoding). */
  chunked?: boolean;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown';
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === wanted);
}

/** Merge header sets; later sets win, names compared case-insensitively. */
export function mergeHeaders(...sets: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    if (!set) continue;
    for (const [name, value] of Object.entries(set)) {
      for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
      out[name] = value;
    }
  }
  return out;
}

export function toRaw(reply: Reply, common?: Record<string, string>): RawReply {
  const headers = mergeHeaders(common, reply.headers);
  if (reply.json !== undefined) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = JSON_CONTENT_TYPE;
    return { status: reply.status, headers, body: JSON.stringify(reply.json) };
  }
  const body = reply.text ?? '';
  if (body !== '' && !hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
  return { status: reply.status, headers, body };
}

/** The largest answer an exchange keeps the body of, so that the contract test checks it. */
const KEPT_BODY_BYTES = 4 * 1024 * 1024;

/** The most of a non-JSON body an exchange keeps. */
const TEXT_LIMIT = 4096;

/** What an exchange records of an answer: status, headers, and the body as JSON when it is JSON. */
export function responseRecord(raw: RawReply): NonNullable<Exchange['response']> {
  const bytes = typeof raw.body === 'string' ? Buffer.byteLength(raw.body) : raw.body.length;
  const type = Object.entries(raw.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const base = { status: raw.status, headers: { ...raw.headers }, bytes };
  if (bytes === 0) return base;
  // A `huge` fault (HUGE_BODY_BYTES) is not worth keeping; a full page of 100 GitHub PRs (1.5 MB) is.
  if (bytes > KEPT_BODY_BYTES) return base;
  const text = raw.body.toString();
  if (/json/i.test(type)) {
    try {
      return { ...base, json: JSON.parse(text) as unknown };
    } catch {
      // a `truncated` fault, or a route that lies about its type: keep the text
    }
  }
  return { ...base, text: text.slice(0, TEXT_LIMIT) };
}
