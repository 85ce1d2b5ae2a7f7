import { createRedactor, type Redactor } from './security/redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logs, one JSON object a line, redacted before they leave the process. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Where lines go; default stdout. Tests pass their own to read every line. */
  sink?: (line: string) => void;
  level?: LogLevel;
  /** Values to mask wherever they appear (the configured secrets). */
  secrets?: readonly (string | null | undefined)[];
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Errors become their name, message, code and cause chain; stacks stay out of the log line's fields unless asked. */
function serialize(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string') out.type = type;
    if (value.cause !== undefined && depth < 4) out.cause = serialize(value.cause, depth + 1);
    return out;
  }
  return value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const { sink = (line) => process.stdout.write(`${line}\n`), level = 'info', secrets = [] } = options;
  const redact: Redactor = createRedactor(secrets);
  const write = (lvl: LogLevel, msg: string, fields: LogFields = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry: LogFields = { time: new Date().toISOString(), level: lvl, msg };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialize(value);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level: lvl, msg, note: 'fields not serializable' });
    }
    sink(redact(line));
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** For embedding where the host has its own logging and wants none of ours. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
