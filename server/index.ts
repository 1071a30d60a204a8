/** Entry point: configuration, server, and a clean shutdown on SIGTERM/SIGINT. */
import { loadConfig } from './config';
import { isLoopback } from './http/origin';
import { consoleLogger as log } from './logger';
import { startServer } from './start';

const config = loadConfig();
const server = await startServer({ ...config, origin: config.origin, databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, exportLimits: { keepWarm: true } }).catch((error: unknown) => {
  log.error('could not start', { error });
  process.exit(1);
});
log.info(`Casewrite is running at ${server.url} (data in ${server.database.engine === 'postgres' ? `PostgreSQL at ${safeUrl(server.database.url)}` : config.dataDir})`);
if (!config.origin && !isLoopback(config.host)) {
  log.warn(`ORIGIN is not set: only pages opened at ${server.url} may edit. Set ORIGIN to the address people use.`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: storing every letter and shutting down`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error('shutdown failed', { error });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

/** A database URL without its password, fit for the log. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
