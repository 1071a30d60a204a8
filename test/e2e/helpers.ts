/**
 * Browser-test helpers: a real server on a free port with a temporary data directory, one browser
 * context per person (own cookies and storage), accounts made through the API for speed, and
 * locators for what the app exposes to tests. Every page is watched for uncaught errors and
 * Content-Security-Policy violations; a test that causes either fails.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { SESSION_COOKIE, type Profession, type User } from '../../shared/auth';
import type { Letter } from '../../shared/letters';
import type { LetterRole } from '../../shared/roles';
import { startServer, type RunningServer } from '../../server/start';
import type { MailSettings } from '../../server/mail/mailer';
import { LetterSchema, UserSchema } from '../../client/src/api/schemas';
import { caretColorKey } from '../../client/src/session/caretColor';
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

/** A password that satisfies the rule; every test account uses it. */
export const PASSWORD = 'correct horse battery staple';

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
export async function startTestServer(options: { signup?: 'open' | 'invite'; mail?: MailSettings } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'casewrite-e2e-data-'));
  const host = '127.0.0.1';
  const quiet = { info() {}, warn() {}, error: console.error };
  let current: RunningServer | null = await startServer({ port: 0, host, dataDir, signup: options.signup, mail: options.mail, logger: quiet });
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
      current = await startServer({ port, host, dataDir, signup: options.signup, mail: options.mail, logger: quiet });
    },
    async dispose() {
      await current?.close();
      current = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A unique email address, so tests never collide. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${randomUUID().slice(0, 8)}@example.org`;
}

/** An account made for a test, with the session it was signed in with. */
export interface Account {
  user: User;
  password: string;
  /** The value of the session cookie. */
  session: string;
}

/** Calls the API as a script would: JSON, the Origin header, and the session cookie if given. */
export async function api(server: TestServer, method: string, path: string, body?: unknown, session?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      Origin: server.url,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(session ? { Cookie: `${SESSION_COOKIE}=${session}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The JSON body of `response` after checking its status. */
async function expectJson(response: Response, status: number, what: string): Promise<unknown> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The session cookie a response set. */
function sessionFrom(response: Response): string {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name?.trim() === SESSION_COOKIE) return value.join('=');
  }
  throw new Error('the response set no session cookie');
}

/** Signs up through `POST /api/auth/signup`. */
export async function createAccount(
  server: TestServer,
  name: string,
  profession: Profession,
  email = uniqueEmail(name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')),
): Promise<Account> {
  const response = await api(server, 'POST', '/api/auth/signup', { email, password: PASSWORD, name, profession });
  const body = await expectJson(response, 201, 'POST /api/auth/signup');
  return { user: UserSchema.parse(Reflect.get(Object(body), 'user')), password: PASSWORD, session: sessionFrom(response) };
}

/** Creates a letter through the API as `owner`, from `template` if given. */
export async function createLetterViaApi(server: TestServer, owner: Account, title: string, template?: string): Promise<Letter> {
  const request = { title, ...(template === undefined ? {} : { template }) };
  const body = await expectJson(await api(server, 'POST', '/api/letters', request, owner.session), 201, 'POST /api/letters');
  return LetterSchema.parse(Reflect.get(Object(body), 'letter'));
}

/** Adds an existing account to a letter through the API: the owner invites its address, and the account accepts the link. */
export async function addMemberViaApi(server: TestServer, owner: Pick<Account, 'session'>, letterId: string, member: Account, role: LetterRole): Promise<void> {
  const created = await expectJson(await api(server, 'POST', `/api/letters/${letterId}/members`, { email: member.user.email, role }, owner.session), 201, 'POST /api/letters/:id/members');
  const link = String(Reflect.get(Object(Reflect.get(Object(created), 'invite')), 'link'));
  const token = decodeURIComponent(link.slice(link.lastIndexOf('/') + 1));
  await expectJson(await api(server, 'POST', `/api/invites/${token}/accept`, undefined, member.session), 200, 'POST /api/invites/:token/accept');
}

/**
 * Takes a letter through a review over the API, as the two people would: the owner asks `reviewer`
 * (already on the letter) to review it, and the reviewer finishes with `outcome`.
 */
export async function reviewViaApi(server: TestServer, owner: Account, letterId: string, reviewer: Account, outcome: 'approve' | 'request_changes'): Promise<void> {
  const requested = await expectJson(await api(server, 'POST', `/api/letters/${letterId}/reviews`, { reviewerId: reviewer.user.id }, owner.session), 201, 'POST /api/letters/:id/reviews');
  const reviewId = String(Reflect.get(Object(Reflect.get(Object(requested), 'review')), 'id'));
  const finish = { outcome, summary: outcome === 'approve' ? 'Ready to send.' : 'Needs changes.' };
  await expectJson(await api(server, 'POST', `/api/letters/${letterId}/reviews/${reviewId}/finish`, finish, reviewer.session), 200, 'POST /api/letters/:id/reviews/:reviewId/finish');
}

/** Asks `reviewer` to review a letter over the API, as its owner, leaving it in review. */
export async function requestReviewViaApi(server: TestServer, owner: Account, letterId: string, reviewer: Account): Promise<void> {
  await expectJson(await api(server, 'POST', `/api/letters/${letterId}/reviews`, { reviewerId: reviewer.user.id }, owner.session), 201, 'POST /api/letters/:id/reviews');
}

let browser: Promise<Browser> | null = null;

/** The one headless Chromium of this test file; each person gets their own context in it. */
function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return browser;
}

/** Closes the shared browser (call in the test file's afterAll). */
export async function closeBrowser(): Promise<void> {
  const running = browser;
  browser = null;
  await (await running)?.close();
}

/** One person: their own browser context (cookies, storage) and a page. */
export interface Person {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and CSP violations in the page: a healthy app has none. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** Console text Chromium prints when the page breaks the Content-Security-Policy. */
const CSP_VIOLATION = /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i;

/** A fresh browser context for `name`, watched for page errors and CSP violations. */
export async function launchPerson(name: string): Promise<Person> {
  const context = await (await sharedBrowser()).newContext({
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (CSP_VIOLATION.test(message.text())) problems.push(`CSP violation: ${message.text()}`);
  });
  return {
    name,
    context,
    page,
    problems,
    async close() {
      await context.close();
    },
  };
}

/** A person already signed in as `account` (its session cookie put into their context). */
export async function launchSignedIn(server: TestServer, account: Account, caretColor?: string): Promise<Person> {
  const person = await launchPerson(account.user.name);
  await person.context.addCookies([{ name: SESSION_COOKIE, value: account.session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  if (caretColor) {
    // A fixed colour keeps the committed screenshot stable between runs (ids, hence colours, vary).
    await person.context.addInitScript(([key, value]) => localStorage.setItem(key, value), [caretColorKey(account.user.id), caretColor] as const);
  }
  return person;
}

/** One of the two people of `setUpLetterForTwo`: their name, profession and, optionally, a fixed caret colour. */
export interface PersonSpec {
  name: string;
  profession: Profession;
  caretColor?: string;
}

/** A letter its owner shared with one member, both people signed in to their own browser context. */
export interface LetterForTwo {
  letter: Letter;
  ownerAccount: Account;
  memberAccount: Account;
  owner: Person;
  member: Person;
}

/** Signs up the owner, then the member (so the owner administers the installation), creates the owner's letter, adds the member as `role` and signs both in. */
export async function setUpLetterForTwo(
  server: TestServer,
  options: { owner: PersonSpec; member: PersonSpec; role: LetterRole; title: string; template?: string },
): Promise<LetterForTwo> {
  const ownerAccount = await createAccount(server, options.owner.name, options.owner.profession);
  const memberAccount = await createAccount(server, options.member.name, options.member.profession);
  const letter = await createLetterViaApi(server, ownerAccount, options.title, options.template);
  await addMemberViaApi(server, ownerAccount, letter.id, memberAccount, options.role);
  const [owner, member] = await Promise.all([
    launchSignedIn(server, ownerAccount, options.owner.caretColor),
    launchSignedIn(server, memberAccount, options.member.caretColor),
  ]);
  return { letter, ownerAccount, memberAccount, owner, member };
}

/** Closes every person's browser context, then the shared browser, then the server: a test file's afterAll. */
export async function closeAll(server: TestServer | undefined, ...people: (Person | undefined)[]): Promise<void> {
  await Promise.all(people.map((person) => person?.close()));
  await closeBrowser();
  await server?.dispose();
}

/** Fails the test if any page saw an uncaught error or a CSP violation. */
export function expectHealthy(...people: (Person | undefined)[]): void {
  for (const person of people) if (person) expect(person.problems, `${person.name}'s page`).toEqual([]);
}

/** Opens a letter as `person` and waits until it is loaded and in sync. */
export async function openLetter(person: Person, server: TestServer, letterId: string): Promise<void> {
  await person.page.goto(`${server.url}/letters/${letterId}`);
  await waitForStatus(person.page, 'saved');
  await letterBody(person.page).waitFor();
}

/** The sync status element. */
export function syncStatus(page: Page): Locator {
  return page.getByTestId('sync-status');
}

/** Waits (auto-waiting, no sleeps) until the page shows `status`. */
export async function waitForStatus(page: Page, status: SyncStatus, timeout = WAIT_MS): Promise<void> {
  await page.locator(`[data-testid="sync-status"][data-status="${status}"]`).waitFor({ timeout });
}

/** The letter body (the ProseMirror element). */
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

/** Waits until `page` shows a collaborator's caret labelled `name`; returns the label. */
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

/** Signs in through the sign-in form (the page must show it); resolves once the server answered. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
}
