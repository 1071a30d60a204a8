/** How a bench server tells the generator it is listening: one JSON line on stdout. */

/** The line's shape; the generator parses it. */
export interface ReadyLine {
  port: number;
}

/** Prints the ready line, and exits on SIGTERM (the generator's stop). */
export function announceReady(port: number, stop: () => Promise<void> = async () => {}): void {
  const line: ReadyLine = { port };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  process.once('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stop failed', error);
        process.exit(1);
      },
    );
  });
}
