/**
 * Browser-test helpers: a real server on a free port with a temporary data directory, one
 * Chromium (own profile) per person, and locators for what the app exposes to tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Letter } from '../../shared/letters';
import { startServer, type RunningServer } from '../../server/start';
import { isLetter } from '../../client/src/api/letters';
import { IDENTITY_STORAGE_KEY } from '../../client/src/identity/identity';
import type { SyncStatus } from '../../client/src/sync/saveState';

/** Debian's Chromium: these machines have no downloaded browsers. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags Chromium needs when run as root, headless, on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The viewport every test uses (and the README screenshot's size). */
export const VIEWPORT = { width: 1280, height: 800 };

/** How long to wait for anything the app should do on its own (sync, reconnect). */
export const WAIT_MS = 20_000;

/** A server under test that can be stopped and started again on the same port and data. */
export interface TestServer {
  readonly current: RunningServer;
  readonly url: string;
  /** Stops the server (sockets close; clients go offline). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it (if running) and deletes the data directory. */
  dispose(): Promise<void>;
}

/** Starts the real server on a free port with a fresh temporary data directory. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'casewrite-e2e-data-'));
  const host = '127.0.0.1';
  let current: RunningServer | null = await startServer({ port: 0, host, dataDir });
  const { port, url } = current;
  return {
    get current() {
      if (!current) throw new Error('the test server is stopped');
      return current;
    },
    url,
    async stop() {
      await current?.close();
      current = null;
    },
    async restart() {
      if (current) throw new Error('the test server is already running');
      current = await startServer({ port, host, dataDir });
    },
    async dispose() {
      await current?.close();
      current = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a letter through the HTTP API, as a script would (with the Origin header). */
export async function createLetterViaApi(server: TestServer, title: string): Promise<Letter> {
  const response = await fetch(`${server.url}/api/letters`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`POST /api/letters: ${response.status} ${await response.text()}`);
  const body: unknown = await response.json();
  const letter: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'letter') : null;
  if (!isLetter(letter)) throw new Error(`POST /api/letters: unexpected body ${JSON.stringify(body)}`);
  return letter;
}

/** One person: their own browser profile and a page. */
export interface Person {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions in the page: a healthy app has none. */
  readonly pageErrors: Error[];
  close(): Promise<void>;
}

/**
 * Launches a fresh Chromium profile for `name` (one browser context per person). With `color`, the
 * identity is stored up front (stable screenshots); without, the person meets the name prompt.
 */
export async function launchPerson(name: string, color?: string): Promise<Person> {
  const profileDir = await mkdtemp(join(tmpdir(), 'casewrite-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(WAIT_MS);
  if (color) {
    await context.addInitScript(
      ([key, value]) => {
        if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
      },
      [IDENTITY_STORAGE_KEY, JSON.stringify({ name, color })] as const,
    );
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return {
    name,
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** Answers the first-visit name prompt if it is showing. */
export async function enterNameIfAsked(person: Person): Promise<void> {
  const prompt = person.page.getByRole('heading', { name: 'Welcome to Casewrite' });
  const editorOrPrompt = prompt.or(person.page.locator('.letter-body')).or(person.page.getByTestId('letter-list'));
  await editorOrPrompt.first().waitFor();
  if (await prompt.isVisible()) {
    await person.page.getByLabel('Your name').fill(person.name);
    await person.page.getByRole('button', { name: 'Continue' }).click();
  }
}

/** Opens a letter as `person` and waits until it is loaded and saved. */
export async function openLetter(person: Person, server: TestServer, letterId: string): Promise<void> {
  await person.page.goto(`${server.url}/letters/${letterId}`);
  await enterNameIfAsked(person);
  await waitForStatus(person.page, 'saved');
  await letterBody(person.page).waitFor();
}

/** The status element the app exposes for people (role="status") and tests (data-testid). */
export function syncStatus(page: Page): Locator {
  return page.getByTestId('sync-status');
}

/** Waits (auto-waiting, no sleeps) until the page shows `status`. */
export async function waitForStatus(page: Page, status: SyncStatus, timeout = WAIT_MS): Promise<void> {
  await page.locator(`[data-testid="sync-status"][data-status="${status}"]`).waitFor({ timeout });
}

/** The editable letter body. */
export function letterBody(page: Page): Locator {
  return page.locator('.letter-body');
}

/** The paragraph right after the section heading `heading` in the letter body. */
export function paragraphAfter(page: Page, heading: string): Locator {
  return page.locator(`.letter-body h2:text-is(${JSON.stringify(heading)}) + p`);
}

/** Puts the caret at the end of the paragraph under `heading` and types `text`. */
export async function typeInSection(page: Page, heading: string, text: string): Promise<void> {
  await paragraphAfter(page, heading).click();
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

/** Waits until the letter body contains `text`. */
export async function waitForText(page: Page, text: string, timeout = WAIT_MS): Promise<void> {
  await letterBody(page).filter({ hasText: text }).waitFor({ timeout });
}

/** Waits until `page` shows a collaborator's caret labelled `name`. */
export async function waitForCaretOf(page: Page, name: string): Promise<Locator> {
  const label = page.locator('.collaboration-carets__label', { hasText: name });
  await label.waitFor();
  return label;
}

/** Selects the first occurrence of `phrase` in the letter body, as a mouse drag would. */
export async function selectInEditor(page: Page, phrase: string): Promise<void> {
  await letterBody(page).evaluate((body, wanted) => {
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const start = node.textContent?.indexOf(wanted) ?? -1;
      if (start < 0) continue;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + wanted.length);
      // ProseMirror picks the DOM selection up through its selectionchange observer.
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the letter`);
  }, phrase);
}
