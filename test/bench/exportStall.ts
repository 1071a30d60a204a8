/**
 * Does an export hold up everyone else? Starts the production entry point (`node --import tsx
 * server/index.ts`, as `npm start` runs it) on a temporary data folder, signs in as a real client,
 * writes the largest letter allowed through a stock provider, then exports it as PDF while
 * measuring, from outside, the `/healthz` round trip and the time an edit in another letter
 * takes from its writer to a reader. Prints p50 and max of each, idle and during the export.
 *
 *   node --import tsx test/bench/exportStall.ts [--size N] [--exports N]
 *
 * `--size` is the letter's content size as LetterBodyLimits counts it (default: the limit less
 * the template's room); `--exports` how many PDFs to export one after the other (default 3).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LetterBodyLimits } from '../../shared/limits';
import { largestLetterUpdate } from '../server/export/largeBodies';

const { values } = parseArgs({ options: { size: { type: 'string' }, exports: { type: 'string' } } });
const SIZE = Number(values.size ?? LetterBodyLimits.maxContentSize - 20_000);
const EXPORTS = Number(values.exports ?? 3);
const ROOT = path.resolve(import.meta.dirname, '../..');

interface Figures {
  p50: number;
  max: number;
  count: number;
}

function figures(samples: readonly number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, count: sorted.length };
}

const format = (f: Figures) => `p50 ${f.p50.toFixed(1)} ms, max ${f.max.toFixed(1)} ms (${f.count} samples)`;

async function startProductionServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearInterval(check);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(check);
        reject(new Error(`the server exited: ${output}`));
      }
    }, 50);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function signUp(url: string, name: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `bench-owner-${Date.now()}@bench.example`, password: 'a long bench password 42', name }),
  });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('casewrite_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

async function createLetter(url: string, cookie: string, title: string): Promise<string> {
  const response = await fetch(`${url}/api/letters`, { method: 'POST', headers: { Origin: url, Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ title }) });
  if (response.status !== 201) throw new Error(`create letter answered ${response.status}`);
  const body = (await response.json()) as { letter: { id: string } };
  return body.letter.id;
}

function connect(url: string, cookie: string, letterId: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const origin = url;
  class PageSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { origin, headers: { Cookie: cookie } });
    }
  }
  const doc = new Y.Doc();
  // The polyfill is ws's WebSocket, which the provider uses as the browser's.
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, letterId, doc, { disableBc: true, WebSocketPolyfill: PageSocket as unknown as typeof globalThis.WebSocket });
  return { doc, provider };
}

function synced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Measures /healthz round trips and edit latencies (writer to reader) until `stopWhen` settles. */
async function measure(url: string, writer: Y.Doc, reader: Y.Doc, stopWhen: Promise<unknown>): Promise<{ health: number[]; edits: number[] }> {
  let done = false;
  void stopWhen.finally(() => (done = true));
  const health: number[] = [];
  const edits: number[] = [];
  const healthLoop = (async () => {
    while (!done) {
      const started = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      health.push(performance.now() - started);
      await sleep(20);
    }
  })();
  const editLoop = (async () => {
    const text = writer.getXmlFragment('default');
    while (!done) {
      const started = performance.now();
      const arrived = new Promise<void>((resolve) => reader.once('update', () => resolve()));
      writer.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        const node = new Y.XmlText();
        node.insert(0, 'x');
        paragraph.insert(0, [node]);
        text.insert(text.length, [paragraph]);
      });
      await arrived;
      edits.push(performance.now() - started);
      await sleep(50);
    }
  })();
  await Promise.all([healthLoop, editLoop]);
  return { health, edits };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'casewrite-export-bench-'));
const server = await startProductionServer(dataDir);
try {
  const cookie = await signUp(server.url, 'Bench Owner');
  const big = await createLetter(server.url, cookie, 'The largest letter allowed');
  const other = await createLetter(server.url, cookie, 'Someone else typing');

  // The largest letter, written by a real client and stored by the server.
  const filler = connect(server.url, cookie, big);
  await synced(filler.provider);
  Y.applyUpdate(filler.doc, largestLetterUpdate(SIZE));
  // Another client sees all of it: the server has it (and the export stores what it holds first).
  const check = connect(server.url, cookie, big);
  await synced(check.provider);
  const blocks = filler.doc.getXmlFragment('default').length;
  for (let waited = 0; check.doc.getXmlFragment('default').length < blocks; waited += 100) {
    if (waited > 60_000) throw new Error('the letter never reached another client');
    await sleep(100);
  }
  check.provider.destroy();
  filler.provider.destroy();

  const writer = connect(server.url, cookie, other);
  const reader = connect(server.url, cookie, other);
  await Promise.all([synced(writer.provider), synced(reader.provider)]);

  const idle = await measure(server.url, writer.doc, reader.doc, sleep(3_000));
  const during = { health: [] as number[], edits: [] as number[] };
  const exportTimes: number[] = [];
  for (let run = 0; run < EXPORTS; run += 1) {
    const started = performance.now();
    const exporting = fetch(`${server.url}/api/letters/${big}/export?format=pdf`, { headers: { Cookie: cookie } }).then(async (response) => {
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status !== 200) throw new Error(`export answered ${response.status}`);
      return bytes;
    });
    const sample = await measure(server.url, writer.doc, reader.doc, exporting);
    const bytes = await exporting;
    exportTimes.push(performance.now() - started);
    during.health.push(...sample.health);
    during.edits.push(...sample.edits);
    console.log(`export ${run + 1}: ${(bytes / 1024).toFixed(0)} KiB PDF in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
  writer.provider.destroy();
  reader.provider.destroy();

  console.log(`letter content size ${SIZE.toLocaleString('en-US')} (limit ${LetterBodyLimits.maxContentSize.toLocaleString('en-US')}), ${EXPORTS} PDF exports`);
  console.log(`export time:             ${format(figures(exportTimes))}`);
  console.log(`idle    /healthz:        ${format(figures(idle.health))}`);
  console.log(`idle    edit to reader:  ${format(figures(idle.edits))}`);
  console.log(`export  /healthz:        ${format(figures(during.health))}`);
  console.log(`export  edit to reader:  ${format(figures(during.edits))}`);
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
// Nothing is left to wait for; keep-alive sockets of fetch would hold the process a while longer.
process.exit(0);
