/**
 * Focus and scrolling between the letter and its comment margin: after using the margin (a card,
 * its reply box, posting with Ctrl+Enter) the next click in the letter puts the caret where it
 * lands; commenting on words low in the letter keeps them and the compose box on screen; a mention
 * opened from the inbox scrolls its card into view.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import {
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchSignedIn,
  letterBody,
  openLetter,
  paragraphAfter,
  selectInEditor,
  typeInSection,
  waitForText,
  type Account,
  type Person,
  type TestServer,
  startTestServer,
} from './helpers';

/** A filler long enough to push the later sections below the fold. */
const FILLER = 'He reported chest pain on several occasions and was seen by the facility nurse each time. ';

/** Whether `locator`'s box lies within the viewport of `page` (vertically). */
async function inViewport(page: Page, locator: Locator): Promise<{ top: number; bottom: number; height: number }> {
  const box = await locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom, height: window.innerHeight };
  });
  void page;
  return box;
}

/** Asserts `locator` is fully within the window's height. */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await inViewport(page, locator);
  expect(box.top, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.bottom, `${what}: bottom`).toBeLessThanOrEqual(box.height);
}

/** The words of the selection as a locator: the span the draft highlight draws around them. */
function draftHighlight(page: Page): Locator {
  return letterBody(page).locator('.comment-draft-highlight').first();
}

describe('focus and scrolling around the comment margin', () => {
  let server: TestServer;
  let account: Account;
  let letter: Letter;
  let amara: Person;

  beforeAll(async () => {
    server = await startTestServer();
    account = await createAccount(server, 'Dr. Amara Okafor', 'physician');
    letter = await createLetterViaApi(server, account, 'Focus test letter');
    amara = await launchSignedIn(server, account);
    await openLetter(amara, server, letter.id);
    await typeInSection(amara.page, 'Summary of request', 'Release on medical grounds is requested.');
    await typeInSection(amara.page, 'Relevant history', FILLER.repeat(12));
    await typeInSection(amara.page, 'Recommendations', 'Cardiology review within two weeks is needed.');
    await waitForText(amara.page, 'Cardiology review within two weeks');
  });

  afterAll(async () => {
    await closeAll(server, amara);
  });

  /** Comments on `phrase` with the shortcut and posts `text` with Ctrl+Enter. */
  async function comment(phrase: string, text: string): Promise<void> {
    const { page } = amara;
    await paragraphAfter(page, 'Summary of request').scrollIntoViewIfNeeded();
    await selectInEditor(page, phrase);
    await page.keyboard.press('Control+Alt+m');
    const box = page.getByRole('textbox', { name: 'Comment' });
    await box.waitFor();
    await box.fill(text);
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('comment-compose').waitFor({ state: 'detached' });
  }

  /** Clicks once at the end of the paragraph under `heading`, types `text`, and checks where it went. */
  async function clickOnceAndType(heading: string, text: string): Promise<void> {
    const { page } = amara;
    const paragraph = paragraphAfter(page, heading);
    await paragraph.scrollIntoViewIfNeeded();
    const box = await paragraph.boundingBox();
    if (!box) throw new Error(`no paragraph under ${heading}`);
    // One click, near the paragraph's end, then type: no second click, no End key.
    await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
    await page.keyboard.type(text);
    await expect.poll(() => paragraph.textContent()).toContain(text);
  }

  it('puts the caret where the first click lands after posting a comment with Ctrl+Enter', async () => {
    await comment('medical grounds', 'Which records support this?');
    await clickOnceAndType('Qualifications and independence', 'Board certified. ');
    expect(await paragraphAfter(amara.page, 'Summary of request').textContent()).toBe('Release on medical grounds is requested.');
  });

  it('puts the caret where the first click lands after clicking a comment card', async () => {
    const { page } = amara;
    const card = page.getByTestId('comment-thread').first();
    await card.scrollIntoViewIfNeeded();
    await card.locator('.comment__author').first().click();
    await expect.poll(() => card.getAttribute('aria-current')).toBe('true');
    await clickOnceAndType('Limitations', 'No records from before March. ');
  });

  it('puts the caret where the first click lands after typing in a reply box', async () => {
    const { page } = amara;
    const card = page.getByTestId('comment-thread').first();
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Reply' }).click();
    const reply = card.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    await reply.fill('Draft reply');
    await clickOnceAndType('Basis of opinion', 'Interview by video. ');
  });

  it('keeps the passage and the compose box on screen after Ctrl+Alt+M low in the letter', async () => {
    const { page } = amara;
    await paragraphAfter(page, 'Recommendations').scrollIntoViewIfNeeded();
    const words = await paragraphAfter(page, 'Recommendations').boundingBox();
    if (!words) throw new Error('no Recommendations paragraph');
    // A mouse drag over the first words, as a person selects them.
    await page.mouse.move(words.x + 2, words.y + words.height / 2);
    await page.mouse.down();
    await page.mouse.move(words.x + 120, words.y + words.height / 2, { steps: 5 });
    await page.mouse.up();
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(300);
    await page.keyboard.press('Control+Alt+m');
    const box = page.getByRole('textbox', { name: 'Comment' });
    await box.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName)).toBeTruthy();
    // Let the layout settle (the card is placed in the next frames).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expectOnScreen(page, draftHighlight(page), 'selected words');
    await expectOnScreen(page, page.getByTestId('comment-compose'), 'compose box');
    await page.keyboard.press('Escape');
    await page.getByTestId('comment-compose').waitFor({ state: 'detached' });
  });

  it('keeps the passage and the compose box on screen after the toolbar button low in the letter', async () => {
    const { page } = amara;
    await paragraphAfter(page, 'Recommendations').scrollIntoViewIfNeeded();
    await selectInEditor(page, 'within two weeks');
    await page.getByRole('button', { name: /^Comment/ }).first().click();
    await page.getByRole('textbox', { name: 'Comment' }).waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expectOnScreen(page, draftHighlight(page), 'selected words');
    await expectOnScreen(page, page.getByTestId('comment-compose'), 'compose box');
    await page.keyboard.press('Escape');
    await page.getByTestId('comment-compose').waitFor({ state: 'detached' });
  });

  it('scrolls the card of a thread opened by link (from the inbox) into view', async () => {
    const { page } = amara;
    // A thread low in the letter, then open the letter at the top with its link.
    await paragraphAfter(page, 'Recommendations').scrollIntoViewIfNeeded();
    await selectInEditor(page, 'is needed');
    await page.keyboard.press('Control+Alt+m');
    await page.getByRole('textbox', { name: 'Comment' }).fill('Which cardiologist?');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('comment-compose').waitFor({ state: 'detached' });
    const card = page.getByTestId('comment-thread').filter({ hasText: 'Which cardiologist?' });
    const threadId = await card.getAttribute('data-thread-id');
    await page.goto(`${server.url}/letters/${letter.id}?thread=${threadId ?? ''}`);
    const linked = page.locator(`article[data-thread-id="${threadId ?? ''}"]`);
    await expect.poll(() => linked.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect
      .poll(async () => {
        const box = await inViewport(page, linked);
        return box.top >= 0 && box.bottom <= box.height;
      })
      .toBe(true);
  });

  it('scrolls the card into view when the link is followed within the app (the inbox popover), from the top of the letter', async () => {
    const { page } = amara;
    const card = page.locator('article[data-testid="comment-thread"]').filter({ hasText: 'Which cardiologist?' });
    const threadId = (await card.getAttribute('data-thread-id')) ?? '';
    await page.getByTestId('comment-thread').first().click();
    await page.evaluate(() => window.scrollTo(0, 0));
    // The inbox's links navigate inside the app (history.pushState), as wouter's Link does.
    await page.evaluate((id) => {
      history.pushState(null, '', `${location.pathname}?thread=${id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, threadId);
    await expect.poll(() => card.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect
      .poll(async () => {
        const box = await inViewport(page, card);
        return box.top >= 0 && box.bottom <= box.height;
      })
      .toBe(true);
    expectHealthy(amara);
  });
});
