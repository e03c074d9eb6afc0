// The log sink the forge layer writes to. The extension passes a LogOutputChannel; tests pass an array.
// Every line goes through redaction first, so a token can never reach the log, even when a forge echoes it.

export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const REDACTED = '***';

export class RedactingLogger implements LogSink {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: LogSink) {}

  /** Registers a secret; short strings are ignored so that redaction cannot mangle ordinary words. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  removeSecret(secret: string): void {
    this.secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out.replace(/(private-token|authorization|access_token)([=:]\s*)("?)(?:(?:bearer|token|basic)\s+)?[^\s"&,]+/gi, `$1$2$3${REDACTED}`);
  }

  debug(message: string): void {
    this.sink.debug(this.redact(message));
  }
  info(message: string): void {
    this.sink.info(this.redact(message));
  }
  warn(message: string): void {
    this.sink.warn(this.redact(message));
  }
  error(message: string): void {
    this.sink.error(this.redact(message));
  }
}

export const silentLog: LogSink = { debug() {}, info() {}, warn() {}, error() {} };
