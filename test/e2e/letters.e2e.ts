/**
 * Accounts and the dashboard: signing up through the form, the empty dashboard, title validation
 * that keeps what was typed, creating and listing a letter, signing out, being sent to sign-in and
 * back, sign-in errors (the same words for an unknown email and a wrong password; the rate limit
 * with its wait), and the 404 pages.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountLimits, SESSION_COOKIE } from '../../shared/auth';
import { LetterLimits } from '../../shared/limits';
import {
  PASSWORD,
  addMemberViaApi,
  closeAll,
  createAccount,
  expectHealthy,
  launchPerson,
  letterBody,
  paragraphAfter,
  signInThroughForm,
  startTestServer,
  typeInSection,
  uniqueEmail,
  waitForStatus,
  waitForText,
  type Person,
  type TestServer,
} from './helpers';

const TITLE = 'Release request: M.K., cardiology';

describe('accounts, dashboard and navigation', () => {
  let server: TestServer;
  let person: Person;
  const email = uniqueEmail('sam.whitfield');

  beforeAll(async () => {
    server = await startTestServer();
    person = await launchPerson('Dr. Sam Whitfield');
  });

  afterEach(() => expectHealthy(person));

  afterAll(() => closeAll(server, person));

  it('serves the app under the Content-Security-Policy the tests watch for violations of', async () => {
    const response = await person.page.goto(server.url);
    const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
  });

  it('sends a visitor to sign-in, and from there to sign-up with the password rule shown up front', async () => {
    const { page } = person;
    await page.goto(server.url);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { name: 'Sign in to Casewrite' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Casewrite account' }).waitFor();
    await page.getByText(`At least ${AccountLimits.minPasswordLength} characters.`).waitFor();
  });

  it('refuses a short or easily guessed password without losing the form, then signs up and shows the empty dashboard', async () => {
    const { page } = person;
    await page.getByLabel('Your name').fill(person.name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('too short');
    await page.getByLabel('Profession').selectOption('physician');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText(`Password must be at least ${AccountLimits.minPasswordLength} characters.`).waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe(person.name);
    // Long enough but trivially guessed: the form says what is wrong.
    await page.getByLabel('Password').fill('aaaaaaaaaa');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText('Password must not be one character repeated.').waitFor();
    await page.getByLabel('Password').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText(/Password is too easy to guess: it is a common password/).waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your letters' }).waitFor();
    await page.getByTestId('letters-empty').getByText('No letters yet').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toBe(person.name);
    await page.locator('header').getByText('Physician').waitFor();
  });

  it('rejects a bad title without losing it, then creates the letter and opens it as its owner', async () => {
    const { page } = person;
    const title = page.getByLabel('Title');
    const create = page.getByRole('button', { name: 'Create letter' });

    await create.click();
    await page.getByRole('alert').getByText('Please give the letter a title.').waitFor();

    const tooLong = 'x'.repeat(LetterLimits.maxTitleLength + 1);
    await title.fill(tooLong);
    await create.click();
    await page.getByRole('alert').getByText(`at most ${LetterLimits.maxTitleLength} characters`).waitFor();
    expect(await title.inputValue()).toBe(tooLong);
    expect(await title.getAttribute('aria-invalid')).toBe('true');

    await title.fill(TITLE);
    await create.click();
    await page.waitForURL(/\/letters\/[0-9a-f-]{36}$/);
    await waitForStatus(page, 'saved');
    await expect.poll(() => letterBody(page).locator('h2').count()).toBe(14);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByTestId('my-role').getByText('You are an owner').waitFor();
    expect(await page.title()).toBe(`${TITLE} · Casewrite`);
  });

  it('formats with real toolbar buttons, undoes through Yjs, and changes the status', async () => {
    const { page } = person;
    const phrase = 'Chest pain on exertion since March.';
    await typeInSection(page, 'Findings and diagnoses', phrase);
    await waitForText(page, phrase);

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => letterBody(page).textContent()).not.toContain(phrase);
    await page.getByRole('button', { name: 'Redo' }).click();
    await waitForText(page, phrase);

    // Put the caret back explicitly: y-tiptap restores the selection after redo imprecisely
    // (upstream ueberdosis/tiptap#5910, yjs/y-prosemirror#38).
    await paragraphAfter(page, 'Findings and diagnoses').click();
    const bulleted = page.getByRole('button', { name: 'Bulleted list' });
    expect(await bulleted.getAttribute('aria-pressed')).toBe('false');
    await bulleted.click();
    await letterBody(page).locator('ul li', { hasText: phrase }).waitFor();
    expect(await bulleted.getAttribute('aria-pressed')).toBe('true');
    await waitForStatus(page, 'saved');

    // Into review by asking a colleague, who joins the letter first (invited and accepted over the API).
    const colleague = await createAccount(server, 'Rosa Delgado', 'lawyer');
    const session = (await person.context.cookies(server.url)).find((cookie) => cookie.name === SESSION_COOKIE)?.value ?? '';
    await addMemberViaApi(server, { session }, new URL(page.url()).pathname.split('/').pop() ?? '', colleague, 'commenter');
    await page.getByRole('button', { name: 'Request review', exact: true }).click();
    const request = page.getByTestId('request-review-dialog');
    expect(await request.getByLabel('Reviewer').inputValue()).toBe(colleague.user.id);
    await request.getByRole('button', { name: 'Request review' }).click();
    await request.waitFor({ state: 'hidden' });
    await page.getByTestId('letter-status').getByText('In review', { exact: true }).waitFor();
    await page.reload();
    await page.getByTestId('letter-status').getByText('In review', { exact: true }).waitFor();
  });

  it('lists the letter with my role, its status and who is online', async () => {
    const { page } = person;
    await page.getByRole('link', { name: '← All letters' }).click();
    const row = page.getByTestId('letter-row').filter({ hasText: TITLE });
    await row.waitFor();
    await row.getByRole('cell', { name: 'Owner', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'In review', exact: true }).waitFor();
    await row.getByText(`${person.name}, Physician, Owner`).waitFor({ state: 'attached' });
    await row.getByTestId('online-count').waitFor();
  });

  it('signs out, sends a visit to a letter through sign-in, and comes back to it afterwards', async () => {
    const { page } = person;
    await page.getByRole('link', { name: TITLE }).click();
    await waitForStatus(page, 'saved');
    const letterUrl = page.url();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Casewrite' }).waitFor();
    await page.goto(letterUrl);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInThroughForm(page, email, PASSWORD);
    await page.waitForURL(letterUrl);
    await waitForStatus(page, 'saved');
  });

  it('tells an open letter when its session ends elsewhere, and brings the person back after signing in', async () => {
    const { page } = person;
    await waitForStatus(page, 'saved');
    const letterUrl = page.url();
    const otherTab = await person.context.newPage();
    try {
      await otherTab.goto(server.url);
      await otherTab.getByRole('button', { name: 'Sign out' }).click();
      await otherTab.getByRole('heading', { name: 'Sign in to Casewrite' }).waitFor();
    } finally {
      await otherTab.close();
    }

    await page.getByTestId('final-close').getByText('Your session ended, sign in again.').waitFor();
    expect(await letterBody(page).getAttribute('contenteditable')).toBe('false');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await signInThroughForm(page, email, PASSWORD);
    await page.waitForURL(letterUrl);
    await waitForStatus(page, 'saved');
  });

  it('shows the same error for an unknown email and a wrong password, then the rate limit with its wait', async () => {
    const other = await launchPerson('Someone else');
    try {
      const { page } = other;
      const target = await createAccount(server, 'Rate Limited', 'lawyer');
      await page.goto(`${server.url}/sign-in`);

      await signInThroughForm(page, uniqueEmail('nobody'), PASSWORD);
      const error = page.getByTestId('form-error');
      await error.waitFor();
      const unknownEmail = await error.textContent();

      await signInThroughForm(page, target.user.email, 'not the right password');
      await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
      await error.waitFor();
      expect(await error.textContent()).toBe(unknownEmail);
      expect(unknownEmail).toMatch(/do not match an account/);

      // Five failures per account are allowed; the next attempt is refused with Retry-After.
      for (let attempt = 2; attempt <= 5; attempt++) {
        await signInThroughForm(page, target.user.email, `wrong password ${attempt}`);
      }
      await signInThroughForm(page, target.user.email, PASSWORD);
      await error.getByText(/^Too many attempts, try again in \d+ minutes?\.$/).waitFor();
      expectHealthy(other);
    } finally {
      await other.close();
    }
  });

  it('shows a 404 page for a letter that is not mine and for an unknown address', async () => {
    const { page } = person;
    await page.goto(`${server.url}/letters/${randomUUID()}`);
    await page.getByTestId('not-found').getByRole('heading', { name: 'Letter not found' }).waitFor();

    await page.goto(`${server.url}/no/such/page`);
    await page.getByTestId('not-found').getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
