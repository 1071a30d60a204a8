/**
 * The review workflow, the dashboard's filters and the exports, each person in their own browser
 * context: the owner asks the lawyer (an editor) for a review, the lawyer approves, and the owner
 * marks the letter sent (confirming the recipient);
 * an editor with the letter open sees it turn read-only live and their typing goes nowhere; the
 * owner reopens it and the editor types again; the dashboard filters by status and searches titles
 * and facilities, keeping the filters in the URL; and both exports download a named, non-empty file.
 */
import { stat } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import {
  addMemberViaApi,
  api,
  closeAll,
  createLetterViaApi,
  expectHealthy,
  letterBody,
  openLetter,
  requestReviewViaApi,
  setUpLetterForTwo,
  startTestServer,
  typeInSection,
  waitForStatus,
  waitForText,
  type Account,
  type Person,
  type TestServer,
} from './helpers';

const TITLE = 'Release request for R.K. (dialysis)';
const OTHER_TITLE = 'Parole packet for M.T.';
const RECIPIENT = { recipientName: 'Dana Whitfield', recipientTitle: 'Field Office Director', recipientOffice: 'ICE San Diego' };
const RECIPIENT_LINE = 'Dana Whitfield, Field Office Director, ICE San Diego';

/** Sets case details through the API (the case panel is tested elsewhere). */
async function setCase(server: TestServer, owner: Account, letterId: string, details: Record<string, string>): Promise<void> {
  const response = await api(server, 'PATCH', `/api/letters/${letterId}/case`, details, owner.session);
  if (response.status !== 200) throw new Error(`PATCH case: ${response.status} ${await response.text()}`);
}

/** The status pill on the letter page. */
function statusPill(page: Page, label: string) {
  return page.getByTestId('letter-status').getByText(label, { exact: true });
}

/** Clicks one of the owner's status actions. */
async function statusAction(page: Page, name: string): Promise<void> {
  await page.getByRole('group', { name: 'Change status' }).getByRole('button', { name, exact: true }).click();
}

/** YYYY-MM-DD, `days` from today (UTC, like the browser contexts' time zone). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('status workflow, dashboard filters and exports', () => {
  let server: TestServer;
  let letter: Letter;
  let other: Letter;
  let ownerAccount: Account;
  let editorAccount: Account;
  let owner: Person;
  let editor: Person;

  beforeAll(async () => {
    server = await startTestServer();
    // The owner's account is made first: the first account of an installation is its administrator.
    ({ letter, ownerAccount, memberAccount: editorAccount, owner, member: editor } = await setUpLetterForTwo(server, {
      owner: { name: 'Dr. Priya Nair', profession: 'physician' },
      member: { name: 'Sam Okafor', profession: 'lawyer' },
      role: 'editor',
      title: TITLE,
    }));
    other = await createLetterViaApi(server, ownerAccount, OTHER_TITLE);
    await setCase(server, ownerAccount, letter.id, { ...RECIPIENT, facility: 'Otay Mesa Detention Center', deadline: isoDay(-2) });
    await setCase(server, ownerAccount, other.id, { facility: 'Adelanto ICE Processing Center', deadline: isoDay(3) });
  });

  afterEach(() => expectHealthy(owner, editor));

  afterAll(() => closeAll(server, owner, editor));

  it('moves the letter through review to sent after a confirmation that names the recipient', async () => {
    await Promise.all([openLetter(owner, server, letter.id), openLetter(editor, server, letter.id)]);
    await statusPill(owner.page, 'Draft').waitFor();
    expect(await editor.page.getByRole('group', { name: 'Change status' }).count()).toBe(0);

    // Into review by asking the lawyer, who approves it from the letter.
    await owner.page.getByRole('button', { name: 'Request review', exact: true }).click();
    const request = owner.page.getByTestId('request-review-dialog');
    await request.getByLabel('Reviewer').selectOption({ label: 'Sam Okafor' });
    await request.getByRole('button', { name: 'Request review' }).click();
    await request.waitFor({ state: 'hidden' });
    await statusPill(owner.page, 'In review').waitFor();
    await editor.page.getByTestId('review-banner').getByRole('button', { name: 'Approve' }).click();
    await editor.page.getByRole('textbox', { name: 'Summary' }).fill('Clear ask, records cited.');
    await editor.page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await statusPill(owner.page, 'Approved').waitFor();

    await statusAction(owner.page, 'Mark as sent…');
    const dialog = owner.page.getByTestId('mark-sent-dialog');
    await dialog.getByTestId('send-recipient').getByText(RECIPIENT_LINE).waitFor();
    await dialog.getByRole('button', { name: 'Mark sent anyway', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    await statusPill(owner.page, 'Sent').waitFor();
    await owner.page.getByTestId('sent-banner').getByText(`to ${RECIPIENT_LINE}`).waitFor();
  });

  it('turns the open letter read-only for the editor live, and their typing changes nothing', async () => {
    const { page } = editor;
    // The socket closed with 4500 and came back; the page fetched the letter again and knows it is sent.
    const banner = page.getByTestId('sent-banner');
    await banner.getByText(`to ${RECIPIENT_LINE}`).waitFor();
    await letterBody(page).and(page.locator('[contenteditable="false"]')).waitFor();
    expect(await banner.getByRole('button', { name: 'Reopen' }).count()).toBe(0);
    await waitForStatus(page, 'saved');

    const before = await letterBody(page).textContent();
    await typeInSection(page, 'Summary of request', 'Typed while sent.');
    expect(await letterBody(page).textContent()).toBe(before);
  });

  it('lets the owner reopen the letter, after which the editor types again', async () => {
    await owner.page.getByTestId('sent-banner').getByRole('button', { name: 'Reopen' }).click();
    await statusPill(owner.page, 'Draft').waitFor();
    await owner.page.getByTestId('sent-banner').waitFor({ state: 'detached' });

    const { page } = editor;
    await letterBody(page).and(page.locator('[contenteditable="true"]')).waitFor();
    await page.getByTestId('sent-banner').waitFor({ state: 'detached' });
    await typeInSection(page, 'Summary of request', 'Typed after reopening.');
    await waitForText(owner.page, 'Typed after reopening.');
    // The later edit arrived, so an earlier one would have too: the frozen letter really kept nothing.
    expect(await letterBody(owner.page).textContent()).not.toContain('Typed while sent.');
  });

  it('downloads the letter as Word and as PDF with the title as the file name, for an editor too', async () => {
    for (const [person, format, button] of [
      [editor, 'docx', 'Download Word (.docx)'],
      [owner, 'pdf', 'Download PDF'],
    ] as const) {
      const downloading = person.page.waitForEvent('download');
      await person.page.getByRole('button', { name: button }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`${TITLE}.${format}`);
      expect(await download.failure()).toBeNull();
      const path = await download.path();
      expect((await stat(path)).size).toBeGreaterThan(0);
    }
  });

  it('filters the dashboard by status and searches titles and facilities, keeping the filters in the URL', async () => {
    await addMemberViaApi(server, ownerAccount, other.id, editorAccount, 'commenter');
    await requestReviewViaApi(server, ownerAccount, other.id, editorAccount);
    const { page } = owner;
    await page.getByRole('link', { name: '← All letters' }).click();
    const rows = page.getByTestId('letter-row');
    const row = (title: string) => rows.filter({ hasText: title });
    await row(TITLE).waitFor();
    await row(OTHER_TITLE).waitFor();
    await row(TITLE).getByText('Overdue by 2 days').waitFor();
    await row(OTHER_TITLE).getByText('Due in 3 days').waitFor();

    await page.getByLabel('Status', { exact: true }).selectOption('in_review');
    await row(TITLE).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    await page.waitForURL(/\?status=in_review$/);
    await page.reload();
    await row(OTHER_TITLE).waitFor();
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('in_review');
    expect(await rows.count()).toBe(1);

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await row(TITLE).waitFor();
    await page.getByLabel('Search').fill('release request');
    await row(OTHER_TITLE).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    await page.waitForURL(/\?q=release\+request$/);

    await page.getByLabel('Search').fill('adelanto');
    await row(OTHER_TITLE).waitFor();
    await row(TITLE).waitFor({ state: 'detached' });

    await page.getByLabel('Search').fill('no such letter anywhere');
    await page.getByTestId('letters-no-match').waitFor();

    await page.getByLabel('Search').fill('');
    await page.getByLabel('Sort by').selectOption('deadline');
    await page.waitForURL(/\?sort=deadline$/);
    await expect.poll(() => rows.locator('th').allTextContents()).toEqual([TITLE, OTHER_TITLE]);
  });

  it('lets the administrator set the letterhead, shows it read-only to others, and keeps each signature block', async () => {
    await owner.page.getByRole('link', { name: 'Settings' }).click();
    await owner.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const letterhead = owner.page.getByRole('form', { name: 'Organization letterhead' });
    await letterhead.getByLabel('Organization name').fill('Border Health Clinicians');
    await letterhead.getByLabel('Address').fill('1200 Harbor Drive\nSan Diego, CA 92101');
    await letterhead.getByLabel('Email').fill('letters@example.org');
    await letterhead.getByRole('button', { name: 'Save letterhead' }).click();
    await letterhead.getByRole('status').getByText('Saved').waitFor();

    const { page } = editor;
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('letterhead-preview').getByText('Border Health Clinicians').waitFor();
    await page.getByText('Only an administrator can change the letterhead.').waitFor();
    expect(await page.getByRole('form', { name: 'Organization letterhead' }).count()).toBe(0);

    const signature = page.getByRole('form', { name: 'Your signature block' });
    await signature.getByLabel('Credentials').fill('JD');
    await signature.getByLabel('License number').fill('CA-123456');
    await signature.getByLabel('License state').fill('California');
    await signature.getByLabel('Contact').fill('sam@example.org');
    await signature.getByRole('button', { name: 'Save signature' }).click();
    await signature.getByRole('status').getByText('Saved').waitFor();
    await page.reload();
    await page.getByTestId('signature-preview').getByText('Sam Okafor, JD').waitFor();
    expect(await page.getByLabel('License number').inputValue()).toBe('CA-123456');
  });
});
