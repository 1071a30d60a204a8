/**
 * The review loop between two people in their own browsers: a lawyer comments on a sentence the
 * physician wrote; the physician sees the thread beside that sentence live, replies, edits the
 * sentence (the highlight follows the words) and resolves it; the physician asks the lawyer for a
 * review, which reaches the lawyer's inbox; the lawyer approves with a summary; both see the new
 * status, and the version history shows the automatic versions.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closeAll,
  expectHealthy,
  letterBody,
  openLetter,
  selectInEditor,
  setUpLetterForTwo,
  startTestServer,
  typeInSection,
  waitForText,
  type LetterForTwo,
  type TestServer,
} from './helpers';

const SENTENCE = 'He has not received insulin for nine days.';
const ANCHORED = 'not received insulin';
/** Markup in a comment must arrive as text: no element, no script. */
const COMMENT = 'Please cite the MAR for this. <img src=x onerror=alert(1)>';
const REPLY = 'Added the MAR dates below.';

/** The margin's card for the thread about `quote` (open threads are shown by default). */
function thread(page: Page) {
  return page.getByTestId('comment-margin').getByTestId('comment-thread');
}

/** The highlighted words of a thread in the letter body. */
function highlight(page: Page) {
  return letterBody(page).locator('.comment-highlight');
}

/** The status pill. */
function statusPill(page: Page, label: string) {
  return page.getByTestId('letter-status').getByText(label, { exact: true });
}

/** Opens one of the side panel's tabs. */
async function openTab(page: Page, name: string) {
  await page.getByRole('tablist', { name: 'Letter tools' }).getByRole('tab', { name }).click();
}

describe('review: comments beside the text, a review request and version history', () => {
  let server: TestServer;
  let people: LetterForTwo;

  beforeAll(async () => {
    server = await startTestServer();
    people = await setUpLetterForTwo(server, {
      owner: { name: 'Dr. Amara Osei', profession: 'physician' },
      member: { name: 'Dana Lee', profession: 'lawyer' },
      role: 'commenter',
      title: 'Release request: insulin',
    });
    await Promise.all([openLetter(people.owner, server, people.letter.id), openLetter(people.member, server, people.letter.id)]);
  });

  afterEach(() => expectHealthy(people.owner, people.member));

  afterAll(() => closeAll(server, people.owner, people.member));

  it('the lawyer comments on a sentence and the physician sees the thread beside it, live', async () => {
    const physician = people.owner.page;
    const lawyer = people.member.page;
    await typeInSection(physician, 'Summary of request', SENTENCE);
    await waitForText(lawyer, SENTENCE);

    // A commenter cannot edit the text but can comment on it, from the keyboard.
    await selectInEditor(lawyer, ANCHORED);
    await lawyer.keyboard.press('Control+Alt+m');
    const compose = lawyer.getByRole('textbox', { name: 'Comment', exact: true });
    await compose.fill(COMMENT);
    await lawyer.keyboard.press('Control+Enter');

    const card = thread(physician).filter({ hasText: 'Please cite the MAR' });
    await card.waitFor();
    await expect.poll(() => card.getAttribute('data-state')).toBe('open');
    // Shown as text, exactly as written: the markup made no element.
    expect(await card.getByText(COMMENT).count()).toBe(1);
    expect(await physician.getByTestId('comment-margin').locator('img').count()).toBe(0);
    await expect.poll(() => card.textContent()).toContain('Dana Lee');
    await expect.poll(() => card.textContent()).toMatch(/lawyer/i);

    // The words are highlighted and the card sits beside them.
    const words = highlight(physician);
    await expect.poll(() => words.allTextContents().then((parts) => parts.join(''))).toBe(ANCHORED);
    const wordsBox = await words.first().boundingBox();
    const cardBox = await card.boundingBox();
    expect(wordsBox).not.toBeNull();
    expect(cardBox).not.toBeNull();
    if (wordsBox && cardBox) {
      expect(cardBox.x).toBeGreaterThan(wordsBox.x);
      expect(Math.abs(cardBox.y - wordsBox.y)).toBeLessThan(120);
    }
  });

  it('the physician replies, edits the sentence and resolves; the lawyer sees each step', async () => {
    const physician = people.owner.page;
    const lawyer = people.member.page;
    const card = thread(physician).filter({ hasText: 'Please cite the MAR' });
    await card.getByRole('button', { name: 'Reply' }).first().click();
    await card.getByRole('textbox', { name: 'Reply' }).fill(REPLY);
    await card.getByRole('textbox', { name: 'Reply' }).press('Control+Enter');
    await thread(lawyer).filter({ hasText: REPLY }).waitFor();

    // An edit inside the anchored words: the highlight grows with them.
    await selectInEditor(physician, 'received');
    await physician.keyboard.press('ArrowRight');
    await physician.keyboard.type(' any');
    // (The physician's caret label sits inside the sentence on the lawyer's screen, so the words are checked through the highlight.)
    await expect.poll(() => highlight(lawyer).allTextContents().then((parts) => parts.join(''))).toBe('not received any insulin');

    await card.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => thread(lawyer).filter({ hasText: 'Please cite the MAR' }).count()).toBe(0);
    await lawyer.getByLabel(/show/i).selectOption('resolved');
    const resolved = thread(lawyer).filter({ hasText: 'Please cite the MAR' });
    await expect.poll(() => resolved.getAttribute('data-state')).toBe('resolved');
  });

  it('the physician asks for a review, the lawyer approves it, and status and history show it', async () => {
    const physician = people.owner.page;
    const lawyer = people.member.page;
    await physician.getByRole('button', { name: 'Request review' }).click();
    const dialog = physician.getByRole('dialog');
    await dialog.getByLabel(/reviewer/i).selectOption({ label: 'Dana Lee' });
    await dialog.getByLabel(/message/i).fill('Please check the ask before Friday.');
    await dialog.getByRole('button', { name: 'Request review' }).click();
    await statusPill(physician, 'In review').waitFor();
    await statusPill(lawyer, 'In review').waitFor();

    // The request reaches the lawyer's inbox.
    await expect.poll(() => lawyer.getByTestId('inbox-count').textContent(), { timeout: 40_000 }).toMatch(/[1-9]/);

    const banner = lawyer.getByTestId('review-banner');
    await banner.getByRole('button', { name: 'Approve' }).click();
    await lawyer.getByRole('textbox', { name: 'Summary' }).fill('Clear ask, records cited. Approved to send.');
    await lawyer.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();

    await statusPill(lawyer, 'Approved').waitFor();
    await statusPill(physician, 'Approved').waitFor();

    await openTab(physician, 'History');
    const versions = physician.getByTestId('version-list').getByTestId('version-item');
    await versions.filter({ hasText: 'Approved by Dana Lee' }).waitFor();
    await versions.filter({ hasText: /In review/ }).first().waitFor();
  });

  it('a mention reaches the physician\'s inbox, whose item opens the thread', async () => {
    const physician = people.owner.page;
    const lawyer = people.member.page;
    await selectInEditor(lawyer, 'nine days');
    await lawyer.keyboard.press('Control+Alt+m');
    const compose = lawyer.getByRole('textbox', { name: 'Comment', exact: true });
    await compose.pressSequentially('Which dates, @Ama');
    await lawyer.getByRole('listbox', { name: 'Mention someone' }).getByRole('option', { name: /Dr\. Amara Osei/ }).waitFor();
    await compose.press('Enter');
    await compose.pressSequentially('?');
    await expect.poll(() => compose.inputValue()).toBe('Which dates, @Dr. Amara Osei ?');
    await compose.press('Control+Enter');

    await expect.poll(() => physician.getByTestId('inbox-count').textContent()).toMatch(/[1-9]/);
    await physician.getByRole('button', { name: /^Inbox/ }).click();
    const item = physician.getByTestId('inbox-item').filter({ hasText: 'mentioned you' });
    await item.waitFor();
    const unread = Number(await physician.getByTestId('inbox-count').textContent());
    const href = await item.getByRole('link').getAttribute('href');
    await item.getByRole('link').click();
    // The link names the thread, and following it puts keyboard focus on that thread's card.
    const card = thread(physician).filter({ hasText: 'Which dates' });
    const threadId = await card.getAttribute('data-thread-id');
    expect(href).toContain(`thread=${threadId ?? 'missing'}`);
    await expect.poll(() => card.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    // Opening it marked it read (the approval's item stays unread).
    await expect.poll(() => physician.getByTestId('inbox-count').textContent().then(Number)).toBe(unread - 1);
  });

  it('compares a saved version with the letter and restores it; the lawyer sees the restored text live', async () => {
    const physician = people.owner.page;
    const lawyer = people.member.page;
    await physician.getByRole('button', { name: 'Save version' }).click();
    await physician.getByRole('textbox', { name: 'Version name' }).fill('Before the addendum');
    await physician.getByRole('textbox', { name: 'Version name' }).press('Enter');
    const saved = physician.getByTestId('version-list').getByTestId('version-item').filter({ hasText: 'Before the addendum' });
    await saved.waitFor();

    // The letter was approved; an owner reopens it as a draft to keep writing.
    await physician.getByRole('group', { name: 'Change status' }).getByRole('button', { name: /draft/i }).click();
    await statusPill(physician, 'Draft').waitFor();
    await typeInSection(physician, 'Summary of request', ' Addendum: a new fall on 2 June.');
    await waitForText(lawyer, 'Addendum: a new fall');

    await saved.getByRole('button', { name: 'Compare' }).click();
    const compare = physician.getByTestId('version-compare');
    await compare.locator('ins', { hasText: 'Addendum' }).first().waitFor();
    expect(await compare.locator('del').count()).toBe(0);
    await physician.getByRole('button', { name: 'Back to the letter' }).click();

    await saved.getByRole('button', { name: 'Restore' }).click();
    await physician.getByTestId('restore-dialog').getByRole('button', { name: 'Restore this version' }).click();
    await expect.poll(() => letterBody(lawyer).textContent()).not.toContain('Addendum');
    await expect.poll(() => letterBody(physician).textContent()).not.toContain('Addendum');
    await expect.poll(() => letterBody(lawyer).textContent()).toContain('not received any insulin');
    const versions = physician.getByTestId('version-list').getByTestId('version-item');
    await versions.filter({ hasText: 'Restored' }).first().waitFor();
    await versions.filter({ hasText: 'Before restoring' }).first().waitFor();
  });
});
