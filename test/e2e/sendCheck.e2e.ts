/**
 * Marking sent shows what is still outstanding and records that the sender saw it: a letter with
 * an unticked checklist item, an open comment thread, a pending review and an empty section; the
 * owner opens "Mark as sent…" at phone width, sees each listed in plain words, and confirms from
 * the keyboard. When the list changes while the dialog is open, the first confirmation is refused
 * and the dialog shows the new list; the second records it, and the sent banner says so.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../shared/checklist';
import type { Letter, LetterSend } from '../../shared/letters';
import {
  addMemberViaApi,
  api,
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchSignedIn,
  openLetter,
  selectInEditor,
  startTestServer,
  typeInSection,
  waitForStatus,
  type Account,
  type Person,
  type TestServer,
} from './helpers';

const PHONE = { width: 390, height: 844 };

/** Calls the API as `account`, failing on any status but `status`; returns the JSON body. */
async function call(server: TestServer, account: Account, method: string, path: string, body: unknown, status: number): Promise<unknown> {
  const response = await api(server, method, path, body, account.session);
  if (response.status !== status) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Whether anything on the page is wider than the viewport (sideways scrolling). */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Presses Tab until `target` has the focus (a few presses at most), as a keyboard user would. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 10; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the button');
}

describe('marking sent lists what is outstanding and records it', () => {
  let server: TestServer;
  let letter: Letter;
  let owner: Account;
  let reviewer: Account;
  let second: Account;
  let person: Person;
  let unticked: ChecklistItem;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await createAccount(server, 'Olive Nwosu', 'physician');
    reviewer = await createAccount(server, 'Lena Park', 'lawyer');
    second = await createAccount(server, 'Sam Ortiz', 'lawyer');
    letter = await createLetterViaApi(server, owner, 'Request for care: wound care', 'request-for-care');
    for (const member of [reviewer, second]) await addMemberViaApi(server, owner, letter.id, member, 'editor');
    // Every checklist item ticked but the last.
    const { items } = (await call(server, owner, 'GET', `/api/letters/${letter.id}/checklist`, undefined, 200)) as { items: ChecklistItem[] };
    for (const item of items.slice(0, -1)) await call(server, owner, 'PATCH', `/api/letters/${letter.id}/checklist/${item.id}`, { ticked: true }, 200);
    unticked = items.at(-1) as ChecklistItem; // the template has items
    person = await launchSignedIn(server, owner);
  });

  afterEach(() => expectHealthy(person));

  afterAll(() => closeAll(server, person));

  it('lists an unticked item, an open thread, a pending review and an empty section, and records them when confirmed', async () => {
    const { page } = person;
    await openLetter(person, server, letter.id);
    // Every section written but "Findings and diagnoses" (the Header may stay empty).
    for (const heading of ['Summary of request', 'Basis of opinion', 'Care in detention', 'Standard of care', 'Recommendations', 'Attestation and signature']) {
      await typeInSection(page, heading, `Written: ${heading}.`);
    }
    await selectInEditor(page, 'Written: Care in detention');
    await page.keyboard.press('Control+Alt+m');
    await page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Add the dates of the missed dressing changes');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('comment-margin').getByTestId('comment-thread').filter({ hasText: 'missed dressing changes' }).waitFor();
    await waitForStatus(page, 'saved');

    // Two reviews asked for; one approves (the letter is approved), the other is still pending.
    const { review } = (await call(server, owner, 'POST', `/api/letters/${letter.id}/reviews`, { reviewerId: reviewer.user.id }, 201)) as { review: { id: string } };
    await call(server, owner, 'POST', `/api/letters/${letter.id}/reviews`, { reviewerId: second.user.id }, 201);
    await call(server, reviewer, 'POST', `/api/letters/${letter.id}/reviews/${review.id}/finish`, { outcome: 'approve', summary: 'Good to go.' }, 200);
    await page.getByTestId('letter-status').getByText('Approved', { exact: true }).waitFor();

    await page.setViewportSize(PHONE);
    await page.getByRole('group', { name: 'Change status' }).getByRole('button', { name: 'Mark as sent…', exact: true }).click();
    const dialog = page.getByTestId('mark-sent-dialog');
    const list = dialog.getByTestId('send-check-list');
    await list.waitFor();
    await dialog.getByTestId('send-check-checklist').filter({ hasText: '1 checklist item not ticked:' }).filter({ hasText: unticked.text }).waitFor();
    await dialog.getByTestId('send-check-threads').filter({ hasText: '1 comment thread still open:' }).filter({ hasText: '“Add the dates of the missed dressing changes”' }).waitFor();
    await dialog.getByTestId('send-check-reviews').filter({ hasText: '1 review request not answered:' }).filter({ hasText: 'Waiting for Sam Ortiz' }).waitFor();
    await dialog.getByTestId('send-check-sections').filter({ hasText: '1 section empty:' }).filter({ hasText: 'Findings and diagnoses' }).waitFor();
    expect(await dialog.getByTestId('send-check-sections').textContent()).not.toContain('Header');
    const confirm = dialog.getByRole('button', { name: 'Mark sent anyway', exact: true });
    await confirm.waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    // The confirmation does not start with the focus: Enter alone does not send.
    expect(await confirm.evaluate((button) => button === document.activeElement)).toBe(false);

    // Meanwhile the reviewer ticks the last item: the list the owner sees is no longer current.
    await call(server, reviewer, 'PATCH', `/api/letters/${letter.id}/checklist/${unticked.id}`, { ticked: true }, 200);
    await tabTo(page, confirm);
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'changed since you looked' }).waitFor();
    await dialog.getByTestId('send-check-checklist').waitFor({ state: 'detached' });
    await dialog.getByTestId('send-check-threads').waitFor();
    expect(await page.getByTestId('letter-status').textContent()).toBe('Approved');

    // Confirming the new list sends, from the keyboard.
    await tabTo(page, confirm);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('letter-status').getByText('Sent', { exact: true }).waitFor();
    const record = page.getByTestId('sent-banner').getByTestId('send-record');
    await record.filter({ hasText: 'Sent with 1 open comment thread, 1 pending review request, 1 empty section. Olive Nwosu saw this list and confirmed.' }).waitFor();
    await record.locator('summary').click();
    await record.getByText('Findings and diagnoses').waitFor();
    expect(await overflowsSideways(page)).toBe(false);

    const { sends } = (await call(server, owner, 'GET', `/api/letters/${letter.id}/sends`, undefined, 200)) as { sends: LetterSend[] };
    expect(sends[0]?.outstanding).toEqual({
      acknowledged: true,
      uncheckedItems: [],
      openThreads: [{ id: expect.any(String), excerpt: 'Add the dates of the missed dressing changes' }],
      pendingReviews: ['Sam Ortiz'],
      emptySections: ['Findings and diagnoses'],
    });
  });
});
