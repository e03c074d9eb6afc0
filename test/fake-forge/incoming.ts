// What the fake forge reads of a request: its headers, its body, and what an exchange keeps of it.
import type { IncomingMessage } from 'node:http';
import type { Fault } from './faults';
import type { Exchange, RecordedRequest } from './types';

/** Header names lower-cased; repeated headers joined with ', ' (from rawHeaders, so nothing is dropped). */
export function flattenHeaders(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    out[name] = name in out ? `${out[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return out;
}

export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

/** The request headers an exchange keeps: enough to tell the extension's client apart and read the body. */
const EXCHANGE_HEADERS = ['user-agent', 'content-type', 'accept'];

export function requestRecord(record: RecordedRequest): Exchange['request'] {
  const headers = Object.fromEntries(EXCHANGE_HEADERS.filter((h) => h in record.headers).map((h) => [h, record.headers[h]]));
  if (record.rawBody === '') return { headers };
  const type = (record.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return { headers, form: [...new URLSearchParams(record.rawBody)] };
  if (type.includes('json') && typeof record.body !== 'string') return { headers, json: record.body };
  return { headers, text: record.rawBody.slice(0, 4096) };
}

/** The parts of a fault, for the exchange log: `status`, `malformed:html`, `delayMs`, `headers`, `hang`... */
export function faultParts(fault: Fault): string[] {
  return Object.entries(fault)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => (key === 'malformed' ? `malformed:${String(value)}` : key === 'status' ? `status:${String(value)}` : key));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
