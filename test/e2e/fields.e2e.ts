/**
 * Case-field placeholders as writers type them: after `{` the writer types the field's name (words
 * anywhere in the label, Space a plain space) and Enter or Tab inserts the field that matches, with
 * no stray text; Escape closes the menu and leaves what was typed; the arrow keys move the choice.
 * The sections' guidance asks for nothing the export prints itself.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import { LETTER_FURNITURE, medicalAdvocacyTemplate } from '../../shared/templates';
import {
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchSignedIn,
  letterBody,
  openLetter,
  paragraphAfter,
  typeInSection,
  type Account,
  type Person,
  type TestServer,
  startTestServer,
} from './helpers';

/** The case-field chips in the letter body, in order. */
async function chipFields(page: Page, heading: string): Promise<(string | null)[]> {
  return paragraphAfter(page, heading)
    .locator('.case-field')
    .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-case-field')));
}

describe('typing a case field after {', () => {
  let server: TestServer;
  let account: Account;
  let letter: Letter;
  let writer: Person;

  beforeAll(async () => {
    server = await startTestServer();
    account = await createAccount(server, 'Dr. Amara Osei', 'physician');
    letter = await createLetterViaApi(server, account, 'Parole request: fields', 'medical-advocacy');
    writer = await launchSignedIn(server, account);
    await openLetter(writer, server, letter.id);
  });

  afterEach(() => expectHealthy(writer));

  afterAll(() => closeAll(server, writer));

  it("shows guidance that asks only for what the writer types, never for what the export prints", async () => {
    const hint = await paragraphAfter(writer.page, 'Header').getAttribute('data-hint');
    expect(hint).toBe(medicalAdvocacyTemplate.sections.find((section) => section.key === 'header')?.hint);
    for (const furniture of Object.values(LETTER_FURNITURE)) expect(hint).not.toMatch(furniture.asks);
    const attestation = await paragraphAfter(writer.page, 'Attestation and signature').getAttribute('data-hint');
    for (const furniture of Object.values(LETTER_FURNITURE)) expect(attestation).not.toMatch(furniture.asks);
  });

  it('inserts the field whose label has the typed words, on Enter or Tab, leaving no stray text', async () => {
    const { page } = writer;
    const menu = page.getByRole('listbox', { name: 'Insert case field' });
    await typeInSection(page, 'Summary of request', 'For ');
    await page.keyboard.type('{full');
    await menu.waitFor();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => chipFields(page, 'Summary of request')).toEqual(['fullName']);

    await page.keyboard.type(', born ');
    // Space is part of the query: it neither inserts nor closes the menu.
    await page.keyboard.type('{date of b');
    await expect.poll(() => menu.getByRole('option').allTextContents()).toEqual(['Date of birth']);
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await page.keyboard.type(', number ');
    await page.keyboard.type('{numb');
    await page.keyboard.press('Tab');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => chipFields(page, 'Summary of request')).toEqual(['fullName', 'dateOfBirth', 'aNumber']);
    // Placeholders show their labels (nothing is filled in); nothing typed in the menu reached the text.
    await expect.poll(() => paragraphAfter(page, 'Summary of request').textContent()).toBe('For Full name, born Date of birth, number A-number');
  });

  it('moves the choice with the arrow keys, and Escape leaves the typed text', async () => {
    const { page } = writer;
    const menu = page.getByRole('listbox', { name: 'Insert case field' });
    await typeInSection(page, 'Limitations', 'See ');
    await page.keyboard.type('{recipient');
    await expect.poll(() => menu.getByRole('option').allTextContents()).toEqual(['Recipient name', 'Recipient title', 'Recipient office']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => menu.getByRole('option', { selected: true }).textContent()).toBe('Recipient office');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => menu.getByRole('option', { selected: true }).textContent()).toBe('Recipient title');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => chipFields(page, 'Limitations')).toEqual(['recipientTitle']);

    await page.keyboard.type(' {not a field');
    await menu.getByRole('option').first().waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.keyboard.type('}');
    await expect.poll(() => paragraphAfter(page, 'Limitations').textContent()).toBe('See Recipient title {not a field}');
    await expect.poll(() => letterBody(page).evaluate((body) => body.contains(document.activeElement))).toBe(true);
  });
});
