/**
 * The review flow with an owner (a physician) and a reviewer (a lawyer), each in their own browser:
 * one way into review, naming the reviewer; only the reviewer decides; the outcome reaches the
 * owner's inbox in its own words; a reviewer's outcome banner does not outlive the status it set;
 * and the lawyer, added to the letter by an invite, is told so in her inbox.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import { closeAll, expectHealthy, openLetter, setUpLetterForTwo, startTestServer, type Person, type TestServer } from './helpers';

const TITLE = 'Release request for J.P. (asthma)';

/** The status pill on the letter page. */
function statusPill(page: Page, label: string) {
  return page.getByTestId('letter-status').getByText(label, { exact: true });
}

/** Asks the lawyer for a review through the only way there is: the "Request review" dialog. */
async function requestReviewOf(page: Page, reviewer: string): Promise<void> {
  await page.getByRole('button', { name: 'Request review', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/reviewer/i).selectOption({ label: reviewer });
  await dialog.getByRole('button', { name: 'Request review' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Finishes the review from the lawyer's banner with `outcome` and a summary. */
async function finish(page: Page, outcome: 'Approve' | 'Request changes', summary: string): Promise<void> {
  await page.getByTestId('review-banner').getByRole('button', { name: outcome }).click();
  await page.getByRole('textbox', { name: 'Summary' }).fill(summary);
  await page.getByRole('dialog').getByRole('button', { name: outcome }).click();
}

describe('review flow', () => {
  let server: TestServer;
  let letter: Letter;
  let owner: Person;
  let lawyer: Person;

  beforeAll(async () => {
    server = await startTestServer();
    ({ letter, owner, member: lawyer } = await setUpLetterForTwo(server, {
      owner: { name: 'Dr. Lena Brandt', profession: 'physician' },
      member: { name: 'Omar Haddad', profession: 'lawyer' },
      role: 'commenter',
      title: TITLE,
    }));
  });

  afterEach(() => expectHealthy(owner, lawyer));

  afterAll(() => closeAll(server, owner, lawyer));

  it('tells the lawyer in her inbox who added her to which letter and as what, leading to the letter', async () => {
    await lawyer.page.goto(server.url);
    await expect.poll(() => lawyer.page.getByTestId('inbox-count').textContent(), { timeout: 40_000 }).toMatch(/[1-9]/);
    await lawyer.page.getByRole('button', { name: /^Inbox/ }).click();
    const item = lawyer.page.getByTestId('inbox-item').filter({ hasText: 'Dr. Lena Brandt added you to' });
    await item.getByText(TITLE).waitFor();
    await item.getByText('As a commenter').waitFor();
    await item.getByRole('link').click();
    await lawyer.page.waitForURL(new RegExp(`/letters/${letter.id}$`));
    await lawyer.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  });

  it('offers one way into review, naming the reviewer, and never lets the owner decide it', async () => {
    await Promise.all([openLetter(owner, server, letter.id), openLetter(lawyer, server, letter.id)]);
    await statusPill(owner.page, 'Draft').waitFor();
    expect(await owner.page.getByRole('button', { name: 'Send for review' }).count()).toBe(0);

    await requestReviewOf(owner.page, 'Omar Haddad');
    await statusPill(owner.page, 'In review').waitFor();
    await statusPill(lawyer.page, 'In review').waitFor();
    await lawyer.page.getByTestId('review-banner').getByRole('button', { name: 'Approve' }).waitFor();
    // The owner waits for the lawyer: no way to approve or ask for changes herself.
    expect(await owner.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await owner.page.getByRole('button', { name: 'Request changes' }).count()).toBe(0);
  });

  it('the lawyer asks for changes; the owner reads it in her inbox; the banner goes once the letter is back in review', async () => {
    await finish(lawyer.page, 'Request changes', 'Cite the MAR for the missed inhaler doses.');
    await statusPill(lawyer.page, 'Changes requested').waitFor();
    await statusPill(owner.page, 'Changes requested').waitFor();
    const outcome = lawyer.page.getByTestId('review-banner').filter({ hasText: 'You asked for changes.' });
    await outcome.waitFor();

    await expect.poll(() => owner.page.getByTestId('inbox-count').textContent(), { timeout: 40_000 }).toMatch(/[1-9]/);
    await owner.page.getByRole('button', { name: /^Inbox/ }).click();
    await owner.page.getByTestId('inbox-item').filter({ hasText: 'Omar Haddad asked for changes' }).waitFor();
    expect(await owner.page.getByTestId('inbox-item').filter({ hasText: 'finished reviewing' }).count()).toBe(0);
    await owner.page.keyboard.press('Escape');

    await requestReviewOf(owner.page, 'Omar Haddad');
    await statusPill(lawyer.page, 'In review').waitFor();
    // The old "asked for changes" outcome no longer sits under the new status.
    await outcome.waitFor({ state: 'detached' });
  });

  it('the lawyer approves and the owner is told "approved"', async () => {
    await finish(lawyer.page, 'Approve', 'Clear ask, records cited.');
    await statusPill(owner.page, 'Approved').waitFor();
    await owner.page.getByRole('button', { name: /^Inbox/ }).click();
    await owner.page.getByTestId('inbox-item').filter({ hasText: 'Omar Haddad approved' }).waitFor();
  });
});
