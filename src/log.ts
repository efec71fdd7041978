// A leveled logger writing to stderr (`--log-level error|warn|info|debug`). Log lines carry
// a timestamp and level; nothing here is sent to clients.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(message: string, err?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (RANK[at] <= RANK[level]) write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}\n`);
  };
  return {
    error: (message, err) => emit('error', err instanceof Error ? `${message}: ${err.stack ?? err.message}` : message),
    warn: (message) => emit('warn', message),
    info: (message) => emit('info', message),
    debug: (message) => emit('debug', message),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return value in RANK;
}
