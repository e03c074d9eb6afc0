// The log sink the forge layer writes to. The extension passes a LogOutputChannel; tests pass an array.
// Every line goes through redaction first, so a token can never reach the log, even when a forge echoes it.

export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const REDACTED = '***';
/** Shorter secrets are not registered: redacting them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 6;

const HEADER_SHAPED = /(private[-_]token|authorization|access_token)([=:]\s*)("?)(?:(?:bearer|token|basic)\s+)?[^\s"&,]+/gi;

/**
 * The ways a secret shows up in text: as is, URL-encoded (either hex case), and base64 or base64url, as
 * in a Basic header's `user:token`. Inside longer base64 the secret can start at any of three byte
 * offsets; for each, only the characters that depend on the secret's bytes alone are kept.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  const encoded = encodeURIComponent(secret);
  forms.add(encoded).add(encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())).add(encoded.replace(/%20/g, '+'));
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const total = shift + bytes.length;
    const base64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const core = base64.slice([0, 2, 3][shift], 4 * Math.floor(total / 3) + (total % 3));
    forms.add(core).add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const long = [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH && f !== secret);
  return [secret, ...long].sort((a, b) => b.length - a.length);
}

/** Replaces every form (from secretForms) in the text; longest first, so no fragment of a longer form survives. */
export function replaceForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (form && out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

export class RedactingLogger implements LogSink {
  private readonly secrets = new Map<string, readonly string[]>();
  private forms: string[] = [];

  constructor(private readonly sink: LogSink) {}

  /** Registers a secret; short strings are ignored so that redaction cannot mangle ordinary words. */
  addSecret(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.set(secret, secretForms(secret));
    this.rebuild();
  }

  removeSecret(secret: string): void {
    if (this.secrets.delete(secret)) this.rebuild();
  }

  /** An arrow property, so that `redact: log.redact` can be handed on unbound. */
  readonly redact = (text: string): string => replaceForms(text, this.forms).replace(HEADER_SHAPED, `$1$2$3${REDACTED}`);

  private readonly listeners = new Set<(level: keyof LogSink, line: string) => void>();

  /** Every line as written (redacted), for tests; returns what stops listening. */
  onLine(listener: (level: keyof LogSink, line: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  error(message: string): void {
    this.write('error', message);
  }

  private write(level: keyof LogSink, message: string): void {
    const line = this.redact(message);
    this.sink[level](line);
    for (const listener of this.listeners) listener(level, line);
  }

  private rebuild(): void {
    this.forms = [...new Set([...this.secrets.values()].flat())].sort((a, b) => b.length - a.length);
  }
}

export const silentLog: LogSink = { debug() {}, info() {}, warn() {}, error() {} };
