/** The server's log: one line per event, never a token, password or letter text. */

/** Where the server writes what happens. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs to the console with a timestamp and level. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};

/** Logs nothing (tests that expect errors). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const extra = fields ? ` ${JSON.stringify(fields, replaceErrors)}` : '';
  return `${new Date().toISOString()} ${level} ${message}${extra}`;
}

function replaceErrors(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
