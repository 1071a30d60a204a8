/**
 * Case values typed by hand: the writer is offered, under the letter, to turn them into their
 * placeholders; one keypress replaces every occurrence (one undo step), a collaborator sees the
 * placeholders, and "Keep as typed" is not asked again. It fits a phone and works with the keyboard.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  closeAll,
  expectHealthy,
  letterBody,
  openLetter,
  paragraphAfter,
  setUpLetterForTwo,
  typeInSection,
  type LetterForTwo,
  type TestServer,
  startTestServer,
} from './helpers';

const SECTION = 'Summary of request';

/** The placeholder chips in the section's paragraph, in order. */
async function chipFields(page: Page): Promise<(string | null)[]> {
  return paragraphAfter(page, SECTION)
    .locator('.case-field')
    .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-case-field')));
}

/** The section's paragraph as typed text, the placeholders (and collaborators' caret labels) left out. */
async function typedText(page: Page): Promise<string> {
  return paragraphAfter(page, SECTION).evaluate((paragraph) => {
    const copy = paragraph.cloneNode(true) as HTMLElement; // cloneNode of an element is an element
    for (const chip of copy.querySelectorAll('.case-field, [class*="collaboration-carets"]')) chip.remove();
    return copy.textContent ?? '';
  });
}

/** The accessible name of the focused element (its text, for a button). */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '';
  });
}

describe('offering placeholders for case values typed by hand', () => {
  let server: TestServer;
  let two: LetterForTwo;

  beforeAll(async () => {
    server = await startTestServer();
    two = await setUpLetterForTwo(server, {
      owner: { name: 'Dr. Amara Osei', profession: 'physician' },
      member: { name: 'Lena Fischer', profession: 'lawyer' },
      role: 'editor',
      title: 'Parole request: typed values',
      template: 'medical-advocacy',
    });
    const saved = await api(
      server,
      'PATCH',
      `/api/letters/${two.letter.id}/case`,
      { fullName: 'Maria Gonzalez', aNumber: 'A123456789', facility: 'Otay Mesa Detention Center', dateOfBirth: '1980-05-31' },
      two.ownerAccount.session,
    );
    expect(saved.status).toBe(200);
    await openLetter(two.owner, server, two.letter.id);
    await openLetter(two.member, server, two.letter.id);
  });

  afterEach(() => expectHealthy(two.owner, two.member));

  afterAll(() => closeAll(server, two?.owner, two?.member));

  it('offers each typed value, and one Enter turns every occurrence into the placeholder for both writers', async () => {
    const { page } = two.owner;
    const offers = page.getByRole('region', { name: 'Case details typed as text' });
    await typeInSection(page, SECTION, 'Maria Gonzalez (A-number 123-456-789) asks for release; maria  gonzalez is ill');
    // One offer at a time, in the case form's order.
    await expect.poll(() => offers.textContent()).toContain('“Maria Gonzalez” is typed twice.');
    expect(await offers.textContent()).toContain('1 more after this');
    await expect.poll(() => page.getByTestId('placeholder-offer-announcement').textContent()).toContain('“Maria Gonzalez”');

    // From the text, Tab reaches the first offer; Enter takes it and puts the caret back in the text.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Turn all 2 into the Full name placeholder');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipFields(page)).toEqual(['fullName', 'fullName']);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('letter-body'))).toBe(true);
    expect(await typedText(page)).toBe(' (A-number 123-456-789) asks for release;  is ill');
    await expect
      .poll(() => page.getByTestId('placeholder-offer-announcement').textContent())
      .toBe('Turned all 2 into the Full name placeholder. Suggestion below the letter: turn “123-456-789” into the A-number placeholder.');

    // One undo step brings both names back as typed, and redo takes them away again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => chipFields(page)).toEqual([]);
    expect(await typedText(page)).toBe('Maria Gonzalez (A-number 123-456-789) asks for release; maria  gonzalez is ill');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => chipFields(page)).toEqual(['fullName', 'fullName']);

    await expect.poll(() => offers.textContent()).toContain('“123-456-789” is typed once.');
    expect(await offers.textContent()).not.toContain('more after this');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Turn into the A-number placeholder');
    await page.keyboard.press('Enter');
    await expect.poll(() => chipFields(page)).toEqual(['fullName', 'aNumber', 'fullName']);
    expect(await typedText(page)).toBe(' (A-number ) asks for release;  is ill');
    await offers.waitFor({ state: 'detached' });
    // Typing goes on where the caret was.
    await page.keyboard.type('.');
    await expect.poll(() => typedText(page)).toBe(' (A-number ) asks for release;  is ill.');

    // The collaborator's editor has the same placeholders, and none of the typed values.
    await expect.poll(() => chipFields(two.member.page)).toEqual(['fullName', 'aNumber', 'fullName']);
    await expect.poll(() => typedText(two.member.page)).toBe(' (A-number ) asks for release;  is ill.');
    expect(await letterBody(two.member.page).locator('.case-field').first().textContent()).toBe('Maria Gonzalez');
  });

  it('does not ask again about a value kept as typed, and fits a phone', async () => {
    const { page } = two.owner;
    await page.setViewportSize({ width: 390, height: 800 });
    const offers = page.getByRole('region', { name: 'Case details typed as text' });
    await typeInSection(page, SECTION, ' She is held at Otay Mesa Detention Center.');
    await expect.poll(() => offers.textContent()).toContain('“Otay Mesa Detention Center” is typed once.');
    const box = await offers.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Keep as typed');
    await page.keyboard.press('Enter');
    await offers.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('letter-body'))).toBe(true);

    // Typed again, with a value that is offered: only the new one is.
    await page.keyboard.type(' Otay Mesa Detention Center has her file; she was born May 31, 1980.');
    await expect.poll(() => offers.textContent()).toContain('“May 31, 1980” is typed once.');
    expect(await chipFields(page)).toEqual(['fullName', 'aNumber', 'fullName']);
  });

  it('is not offered in the de-identified view', async () => {
    const { page } = two.owner;
    await page.getByRole('button', { name: 'De-identified view' }).click();
    await page.getByRole('region', { name: 'Case details typed as text' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'De-identified view' }).click();
    await page.getByRole('region', { name: 'Case details typed as text' }).waitFor();
  });
});
