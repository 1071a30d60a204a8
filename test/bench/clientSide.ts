/**
 * The client side of the bench (`--scenario client`): the production bundle's JavaScript as a
 * browser first loads it, and the lag between a keystroke in one Chromium page and the character
 * appearing in another page on the same letter, through Casewrite's real server and app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { Person, TestServer } from '../e2e/helpers';
import { addMemberViaApi, closeAll, createAccount, createLetterViaApi, launchSignedIn, openLetter, paragraphAfter, startTestServer } from '../e2e/helpers';
import { summarize } from './stats';
import type { LatencySummary } from './stats';

const DIST = fileURLToPath(new URL('../../client/dist/', import.meta.url));
const KEYSTROKES = { full: 200, quick: 40 };
/** The character typed: counting it in the other page tells that the keystroke arrived. */
const KEY = 'z';

/** Bytes of a set of JavaScript files, as stored and gzipped. */
export interface BundleSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** What the client scenario reports. */
export interface ClientFigures {
  /** What the first page load fetches: the entry script and the modules it preloads. */
  initial: BundleSize;
  /** What opening a letter adds (the editor's chunks). */
  letterPage: BundleSize;
  keystrokes: number;
  /** Keydown in one page to the character in the other page's DOM, ms. */
  latency: LatencySummary;
}

/** Builds the client if needed, measures the bundle, then the keystroke lag in Chromium. */
export async function measureClient(quick: boolean): Promise<ClientFigures> {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const initial = initialBundle();
  const server = await startTestServer();
  let people: Person[] = [];
  try {
    const owner = await createAccount(server, 'Ama Mensah', 'physician');
    const colleague = await createAccount(server, 'Jonas Berg', 'physician');
    const letter = await createLetterViaApi(server, owner, 'Keystroke latency');
    await addMemberViaApi(server, owner, letter.id, colleague, 'editor');
    people = await Promise.all([launchSignedIn(server, owner), launchSignedIn(server, colleague)]);
    const [typist, reader] = people as [Person, Person];
    const letterPage = await letterPageBundle(typist.page, server, letter.id, initial.files);
    await openLetter(reader, server, letter.id);
    const latencies = await typeAndWatch(typist.page, reader.page, quick ? KEYSTROKES.quick : KEYSTROKES.full);
    return { initial, letterPage, keystrokes: latencies.length, latency: summarize(latencies) };
  } finally {
    await closeAll(server, ...people);
  }
}

/** The entry script and modulepreloads that index.html names. */
function initialBundle(): BundleSize {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((match) => match[1] ?? match[2] ?? '');
  return bundleSize(files.filter(Boolean));
}

/** Opens the letter in `page` and lists the scripts it fetched beyond the initial ones. */
async function letterPageBundle(page: Page, server: TestServer, letterId: string, initialFiles: readonly string[]): Promise<BundleSize> {
  const fetched = new Set<string>();
  const onResponse = (response: { url(): string }) => {
    const url = new URL(response.url());
    if (url.origin === server.url && url.pathname.endsWith('.js')) fetched.add(url.pathname);
  };
  page.on('response', onResponse);
  await openLetter({ page } as Person, server, letterId);
  page.off('response', onResponse);
  return bundleSize([...fetched].filter((file) => !initialFiles.includes(file)));
}

function bundleSize(files: readonly string[]): BundleSize {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(DIST, file));
    rawBytes += bytes.byteLength;
    gzipBytes += gzipSync(bytes).byteLength;
  }
  return { files: [...files], rawBytes, gzipBytes };
}

/**
 * Installed in the reader's page as plain JavaScript (evaluated functions must not carry the
 * helpers a TypeScript loader adds): `watchKey(key)` resolves with the time at which the letter
 * holds one more `key` than when it was called. Caret labels sit inside the text; they are not counted.
 */
const WATCH_KEY = `window.watchKey = (key) => {
  const body = document.querySelector('.letter-body');
  const count = () => {
    const labels = [...body.querySelectorAll('.collaboration-carets__caret')].map((caret) => caret.textContent).join('');
    return body.textContent.split(key).length - labels.split(key).length;
  };
  const before = count();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the keystroke did not arrive within 10 s')), 10000);
    const observer = new MutationObserver(() => {
      if (count() <= before) return;
      const at = performance.timeOrigin + performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    observer.observe(body, { subtree: true, childList: true, characterData: true });
  });
};`;

/** Records the time of every keydown in the typist's page. */
const STAMP_KEYDOWN = `document.addEventListener('keydown', () => { window.lastKeydownAt = performance.timeOrigin + performance.now(); }, { capture: true });`;

/**
 * Types KEY `count` times at the end of a paragraph in `typist`, one at a time, and for each takes
 * the time from its keydown (in the typist's page) until the reader's letter holds one more KEY.
 * Both clocks are `performance.timeOrigin + now()`: the same wall clock in two pages of one machine.
 */
async function typeAndWatch(typist: Page, reader: Page, count: number): Promise<number[]> {
  await typist.evaluate(STAMP_KEYDOWN);
  await reader.evaluate(WATCH_KEY);
  await paragraphAfter(typist, 'Summary of request').click();
  await typist.keyboard.press('End');
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    // The watch starts (its starting count taken) before the key is pressed.
    const watching = await reader.evaluateHandle((key) => ({ arrival: Reflect.get(window, 'watchKey')(key) as Promise<number> }), KEY);
    await typist.keyboard.press(KEY);
    const arrivedAt = await watching.evaluate((handle) => handle.arrival);
    await watching.dispose();
    const sentAt = Number(await typist.evaluate('window.lastKeydownAt'));
    latencies.push(arrivedAt - sentAt);
  }
  return latencies;
}
