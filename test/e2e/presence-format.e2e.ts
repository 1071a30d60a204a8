/**
 * Smaller things two people notice on one letter: their carets never share a colour, even when both
 * chose the same one; dates in placeholders read in words in the browser's locale, as in the
 * export; the A-number shows with its "A" in the text and in the case panel alike.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  closeAll,
  expectHealthy,
  letterBody,
  openLetter,
  paragraphAfter,
  setUpLetterForTwo,
  startTestServer,
  typeInSection,
  waitForCaretOf,
  type LetterForTwo,
  type TestServer,
} from './helpers';

const SAME_COLOR = '#2f6f8f';

describe('caret colours, dates and the A-number', () => {
  let server: TestServer;
  let two: LetterForTwo;

  beforeAll(async () => {
    server = await startTestServer();
    two = await setUpLetterForTwo(server, {
      owner: { name: 'Dr. Amara Osei', profession: 'physician', caretColor: SAME_COLOR },
      member: { name: 'Dr. Lena Ruiz', profession: 'physician', caretColor: SAME_COLOR },
      role: 'editor',
      title: 'Parole request: colours',
    });
    const saved = await api(server, 'PATCH', `/api/letters/${two.letter.id}/case`, { dateOfBirth: '1984-02-29', aNumber: '123456789' }, two.ownerAccount.session);
    expect(saved.status).toBe(200);
  });

  afterEach(() => expectHealthy(two.owner, two.member));

  afterAll(() => closeAll(server, two.owner, two.member));

  it('gives two people present different caret colours though both chose the same', async () => {
    await openLetter(two.owner, server, two.letter.id);
    await openLetter(two.member, server, two.letter.id);
    await paragraphAfter(two.owner.page, 'Summary of request').click();
    await paragraphAfter(two.member.page, 'Limitations').click();
    const lena = await waitForCaretOf(two.owner.page, 'Dr. Lena Ruiz');
    const amara = await waitForCaretOf(two.member.page, 'Dr. Amara Osei');
    const background = (label: typeof lena) => label.evaluate((element) => getComputedStyle(element).backgroundColor);
    await expect.poll(async () => (await background(lena)) !== (await background(amara))).toBe(true);
  });

  it('writes a date placeholder in words in the browser locale and the A-number with its A, in the text and the case panel', async () => {
    const { page } = two.owner;
    await typeInSection(page, 'Summary of request', 'Born ');
    await page.keyboard.type('{date of b');
    await page.keyboard.press('Enter');
    await page.keyboard.type(', ');
    await page.keyboard.type('{a-num');
    await page.keyboard.press('Enter');
    // The context's locale is en-US, as the export's.
    await letterBody(page).locator('.case-field[data-case-field="dateOfBirth"]').getByText('February 29, 1984', { exact: true }).waitFor();
    await letterBody(page).locator('.case-field[data-case-field="aNumber"]').getByText('A123456789', { exact: true }).waitFor();
    await page.getByRole('tablist', { name: 'Letter tools' }).getByRole('tab', { name: 'Case details' }).click();
    await expect.poll(() => page.getByTestId('case-panel').getByLabel('A-number').inputValue()).toBe('A123456789');
  });
});
