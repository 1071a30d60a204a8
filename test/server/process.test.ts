/**
 * The real entry point as a child process, the way `npm start` runs it: it prints its URL,
 * refuses a bad configuration with exit 1, and on SIGTERM or SIGINT stores every edit and exits 0.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/accounts';
import { createLetter } from '../helpers/letters';
import { useTestResources } from '../helpers/resources';
import { waitForSynced, waitUntil } from '../helpers/wait';

const resources = useTestResources();
/** Two child servers start in one test, each compiling the server with tsx: allow for a busy machine (each start may take up to 30 s). */
const CHILD_TEST_TIMEOUT_MS = 75_000;

interface ChildServer {
  url: string;
  origin: string;
  syncUrl: string;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function runServer(env: Record<string, string>): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  resources.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, output: () => output, exited };
}

async function startChild(dataDir: string): Promise<ChildServer> {
  const { child, output, exited } = runServer({ PORT: '0', DATA_DIR: dataDir });
  const url = await waitUntil(() => {
    const match = /running at (http:\/\/[^\s]+)/.exec(output());
    expect(match, output()).not.toBeNull();
    return (match as RegExpExecArray)[1] as string;
  }, 30_000);
  return { url, origin: url, syncUrl: `${url.replace('http', 'ws')}/sync`, output, exited, kill: (signal) => child.kill(signal) };
}

describe('the server process', () => {
  it('exits 1 and names every problem when the configuration is invalid', async () => {
    const { output, exited } = runServer({ PORT: 'not-a-port', ORIGIN: 'nope' });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/PORT/);
    expect(output()).toMatch(/ORIGIN/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s stores every edit it received, closes sockets and exits 0', async (signal) => {
    const dataDir = await resources.tempDir();
    const first = await startChild(dataDir);
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const owner = await createUser(first);
    const letter = await createLetter(first, owner);

    // A stock client (no acknowledgements) types, and the signal follows right behind.
    const writer = resources.connect(first, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    const closed = new Promise<void>((resolve) => writer.provider.once('connection-close', () => resolve()));
    writer.doc.getText('probe').insert(0, `typed just before ${signal}`);
    await waitUntil(() => expect(writer.provider.wsconnected).toBe(true));
    first.kill(signal);
    expect(await first.exited).toBe(0);
    await closed;
    writer.provider.disconnect();

    const second = await startChild(dataDir);
    const reader = resources.connect(second, letter.id, { session: owner });
    await waitForSynced(reader.provider);
    expect(reader.doc.getText('probe').toString()).toBe(`typed just before ${signal}`);
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, CHILD_TEST_TIMEOUT_MS);
});
