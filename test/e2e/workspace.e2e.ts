/**
 * The letter workspace, each person in their own browser context: the owner creates a letter from
 * the template and fills the case details (an invalid A-number is refused without losing it);
 * places case-field placeholders by typing `{` and from the toolbar; the placeholders show the
 * values to the owner and to a commenter, and follow a change live; the de-identified view masks
 * them; the commenter cannot edit the case details but ticks a checklist item the owner sees at
 * once, with the section outline's progress; hints come from the content; clicking an item shows
 * its section.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MASKED_TEXT } from '../../shared/caseDetails';
import type { Letter } from '../../shared/letters';
import { LetterSchema } from '../../client/src/api/schemas';
import {
  addMemberViaApi,
  api,
  closeAll,
  createAccount,
  expectHealthy,
  launchSignedIn,
  letterBody,
  openLetter,
  paragraphAfter,
  reviewViaApi,
  setUpLetterForTwo,
  startTestServer,
  typeInSection,
  waitForStatus,
  waitForText,
  type Account,
  type Person,
  type TestServer,
} from './helpers';

const FULL_NAME = 'Mariam K. Haddad';
const SUMMARY_ITEM = 'The ask is in the first paragraph and matches the legal route the lawyer chose';

/** The case-field chip for `field` in the letter body. */
function chip(page: Page, field: string) {
  return letterBody(page).locator(`.case-field[data-case-field="${field}"]`);
}

/** Opens one of the side panel's tabs. */
async function openTab(page: Page, name: RegExp | string) {
  await page.getByRole('tablist', { name: 'Letter tools' }).getByRole('tab', { name }).click();
}

/** The case details panel. */
function casePanel(page: Page) {
  return page.getByTestId('case-panel');
}

/** A checklist item by its text. */
function checklistItem(page: Page, text: string) {
  return page.getByTestId('checklist-item').filter({ hasText: text });
}

describe('the letter workspace: case details, placeholders and checklist', () => {
  let server: TestServer;
  let ownerAccount: Account;
  let commenterAccount: Account;
  let letter: Letter;
  let owner: Person;
  let commenter: Person;

  beforeAll(async () => {
    server = await startTestServer();
    [ownerAccount, commenterAccount] = await Promise.all([
      createAccount(server, 'Dr. Amara Osei', 'physician'),
      createAccount(server, 'Lena Ruiz', 'organizer'),
    ]);
    [owner, commenter] = await Promise.all([launchSignedIn(server, ownerAccount), launchSignedIn(server, commenterAccount)]);
  });

  afterEach(() => expectHealthy(owner, commenter));

  afterAll(() => closeAll(server, owner, commenter));

  it('creates a letter from the medical advocacy template and shows its outline and checklist', async () => {
    const response = await api(server, 'POST', '/api/letters', { title: 'Parole request: M.K.H., diabetes', template: 'medical-advocacy' }, ownerAccount.session);
    expect(response.status).toBe(201);
    letter = LetterSchema.parse(Reflect.get(Object(await response.json()), 'letter'));
    await addMemberViaApi(server, ownerAccount, letter.id, commenterAccount, 'commenter');

    await openLetter(owner, server, letter.id);
    const outline = owner.page.getByTestId('section-outline');
    await expect.poll(() => outline.getByRole('listitem').count()).toBe(14);
    await outline.locator('[data-section="summary"][data-state="empty"]').waitFor();
    await expect.poll(() => owner.page.getByTestId('checklist-item').count()).toBe(18);
    await owner.page.getByTestId('checklist-progress').getByText('0/18').waitFor();
    // A suggestion from the content (the section is empty), shown as a hint and never as a tick.
    await checklistItem(owner.page, SUMMARY_ITEM).getByTestId('checklist-hint').getByText('“Summary of request” is still empty.').waitFor();
  });

  it('refuses an invalid A-number beside the field without losing it, then saves the case details', async () => {
    const { page } = owner;
    await openTab(page, 'Case details');
    const panel = casePanel(page);
    await panel.getByLabel('Full name').fill(FULL_NAME);
    const aNumber = panel.getByLabel('A-number');
    await aNumber.fill('12345');
    await aNumber.blur();
    await panel.getByRole('alert').getByText('an A-number has 8 or 9 digits').waitFor();
    expect(await aNumber.inputValue()).toBe('12345');
    expect(await aNumber.getAttribute('aria-invalid')).toBe('true');

    await aNumber.fill('A123-456-789');
    await panel.getByLabel('Facility').fill('Otay Mesa Detention Center');
    await panel.getByLabel('Date of birth').fill('1984-02-29');
    await panel.getByLabel('Legal route').selectOption('parole');
    await panel.getByRole('button', { name: 'Save case details' }).click();
    await panel.getByTestId('case-save-status').getByText('Saved', { exact: true }).waitFor();
    // The server stores the digits only; the field shows them with their "A", as everywhere else.
    await expect.poll(() => aNumber.inputValue()).toBe('A123456789');
    expect(await panel.getByRole('alert').count()).toBe(0);

    const stored = await api(server, 'GET', `/api/letters/${letter.id}/case`, undefined, ownerAccount.session);
    expect(Reflect.get(Object(await stored.json()), 'case')).toMatchObject({ fullName: FULL_NAME, aNumber: '123456789', legalRoute: 'parole' });
  });

  it('inserts placeholders by typing { and from the toolbar; they show the values to both people', async () => {
    const { page } = owner;
    await typeInSection(page, 'Header', 'RE: ');
    await page.keyboard.type('{');
    const menu = page.getByRole('listbox', { name: 'Insert case field' });
    await menu.waitFor();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await chip(page, 'fullName').getByText(FULL_NAME).waitFor();
    await page.keyboard.type(', A-number ');

    await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert case field' }).click();
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => menu.getByRole('option', { selected: true }).textContent()).toContain('A-number');
    await page.keyboard.press('Enter');
    await chip(page, 'aNumber').getByText('A123456789').waitFor();

    // Escape after `{` closes the menu and keeps a plain brace.
    await page.keyboard.type(' {');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.keyboard.type('sic}');
    await waitForText(page, '{sic}');

    await openLetter(commenter, server, letter.id);
    await chip(commenter.page, 'fullName').getByText(FULL_NAME).waitFor();
    await chip(commenter.page, 'aNumber').getByText('A123456789').waitFor();
    await waitForText(commenter.page, '{sic}');
  });

  it('lets the commenter read but not edit the case details, and shows changes to them live', async () => {
    const { page } = commenter;
    await openTab(page, 'Case details');
    const panel = casePanel(page);
    await panel.getByTestId('case-summary').getByText(FULL_NAME).waitFor();
    await panel.getByText('Owners and editors can change the case details.').waitFor();
    expect(await panel.getByRole('textbox').count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Save case details' }).count()).toBe(0);
    const refused = await api(server, 'PATCH', `/api/letters/${letter.id}/case`, { fullName: 'Someone else' }, commenterAccount.session);
    expect(refused.status).toBe(403);

    const renamed = 'Mariam Khalil Haddad';
    const fullName = casePanel(owner.page).getByLabel('Full name');
    await fullName.fill(renamed);
    await fullName.blur();
    await Promise.all([chip(page, 'fullName').getByText(renamed).waitFor(), panel.getByTestId('case-summary').getByText(renamed).waitFor()]);
    await chip(owner.page, 'fullName').getByText(renamed).waitFor();
  });

  it('masks every placeholder in the de-identified view, and shows them again after', async () => {
    const { page } = owner;
    const toggle = page.getByRole('button', { name: 'De-identified view' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await chip(page, 'fullName').getByText(MASKED_TEXT).waitFor();
    await chip(page, 'aNumber').getByText(MASKED_TEXT).waitFor();
    const body = (await letterBody(page).textContent()) ?? '';
    expect(body).not.toContain('Haddad');
    expect(body).not.toContain('123456789');
    await casePanel(page).getByText('De-identified view: case details are hidden here and in the letter.').waitFor();
    expect(await casePanel(page).getByText('Haddad').count()).toBe(0);
    // Masking is this person's view only.
    await chip(commenter.page, 'fullName').getByText('Haddad').waitFor();

    await toggle.click();
    await chip(page, 'fullName').getByText('Mariam Khalil Haddad').waitFor();
  });

  it("shows the commenter's tick to the owner live, with who ticked it, in the list and the outline", async () => {
    await openTab(commenter.page, /^Checklist/);
    const mine = checklistItem(commenter.page, SUMMARY_ITEM);
    await mine.getByRole('checkbox', { name: SUMMARY_ITEM }).check();
    await mine.getByTestId('ticked-by').getByText('Ticked by Lena Ruiz').waitFor();

    await openTab(owner.page, /^Checklist/);
    const theirs = checklistItem(owner.page, SUMMARY_ITEM);
    await theirs.and(owner.page.locator('[data-ticked="true"]')).waitFor();
    await theirs.getByTestId('ticked-by').getByText('Ticked by Lena Ruiz').waitFor();
    expect(await theirs.getByRole('checkbox').isChecked()).toBe(true);
    await owner.page.getByTestId('checklist-progress').getByText('1/18').waitFor();
    await owner.page.getByTestId('section-outline').locator('[data-section="summary"]').getByTestId('outline-progress').getByText('1/1').waitFor();
  });

  it('turns hints from the content on and off as the letter is written, and leads from an item to its section', async () => {
    const { page } = owner;
    const careItem = checklistItem(page, 'Each gap in care cites a dated record');
    await typeInSection(page, 'Care in detention', 'Insulin was withheld for three days.');
    await careItem.getByText('No dates found in “Care in detention”.').waitFor();
    await page.keyboard.type(' Medication record of 2025-01-14 confirms it.');
    await careItem.getByTestId('checklist-hint').waitFor({ state: 'detached' });
    await page.getByTestId('section-outline').locator('[data-section="care"][data-state="written"]').waitFor();

    await checklistItem(page, 'Community follow-up identified').getByRole('button', { name: 'Community follow-up identified' }).click();
    const heading = letterBody(page).locator('h2', { hasText: 'Release and continuity plan' });
    await expect
      .poll(() => heading.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }))
      .toBe(true);
    // The caret went to the section too: typing lands under its heading.
    await page.keyboard.type('Dr. Lee at La Maestra clinic.');
    await expect.poll(() => paragraphAfter(page, 'Release and continuity plan').textContent()).toContain('Dr. Lee at La Maestra clinic.');
  });

  it('makes the text, the case details and the checklist read-only for everyone once the letter is sent', async () => {
    await waitForStatus(owner.page, 'saved');
    // The commenter reviews and approves it, then the owner marks it sent.
    await reviewViaApi(server, ownerAccount, letter.id, commenterAccount, 'approve');
    const response = await api(server, 'PATCH', `/api/letters/${letter.id}`, { status: 'sent' }, ownerAccount.session);
    expect(response.status, 'to sent').toBe(200);
    for (const { page } of [owner, commenter]) {
      await page.getByTestId('frozen-note').getByText(/^Sent /).waitFor();
      await letterBody(page).and(page.locator('[contenteditable="false"]')).waitFor();
      await checklistItem(page, SUMMARY_ITEM).getByRole('img', { name: 'Ticked' }).waitFor();
    }
    await owner.page.getByTestId('frozen-note').getByText('reopen to edit.').waitFor();
    await openTab(owner.page, 'Case details');
    await casePanel(owner.page).getByText('The letter was sent: its case details are read-only until an owner reopens it.').waitFor();
    expect(await casePanel(owner.page).getByRole('textbox').count()).toBe(0);
  });
});

describe('an owner editing the checklist', () => {
  let server: TestServer;
  let owner: Person;
  let editor: Person;
  let letter: Letter;

  beforeAll(async () => {
    server = await startTestServer();
    ({ letter, owner, member: editor } = await setUpLetterForTwo(server, {
      owner: { name: 'Grace Mensah', profession: 'organizer' },
      member: { name: 'Dr. Tomás Rivera', profession: 'physician' },
      role: 'editor',
      title: 'Care request: J.P., asthma',
      template: 'request-for-care',
    }));
  });

  afterEach(() => expectHealthy(owner, editor));

  afterAll(() => closeAll(server, owner, editor));

  it('adds, rewords, moves and removes items; an editor sees each change live but cannot edit the list', async () => {
    await Promise.all([openLetter(owner, server, letter.id), openLetter(editor, server, letter.id)]);
    await expect.poll(() => owner.page.getByTestId('section-outline').getByRole('listitem').count()).toBe(8);
    expect(await editor.page.getByRole('button', { name: 'Edit list' }).count()).toBe(0);
    const { page } = owner;
    await page.getByRole('button', { name: 'Edit list' }).click();

    const form = page.getByRole('form', { name: 'Add a checklist item' });
    await form.getByLabel('Section').selectOption('care');
    await form.getByRole('button', { name: 'Add item' }).click();
    await form.getByRole('alert').getByText('Write what should be checked.').waitFor();
    await form.getByLabel('New item').fill('Inhaler refills listed with dates');
    await form.getByRole('button', { name: 'Add item' }).click();
    const careGroup = (p: Page) => p.getByRole('region', { name: 'Care in detention' });
    await careGroup(editor.page).getByText('Inhaler refills listed with dates').waitFor();

    // Moved up within its section, above the default item.
    await careGroup(page).getByRole('button', { name: 'Move up: Inhaler refills listed with dates' }).click();
    await expect.poll(() => careGroup(editor.page).getByTestId('checklist-item').first().textContent()).toContain('Inhaler refills');

    const added = checklistItem(page, 'Inhaler refills listed with dates');
    await added.getByRole('button', { name: 'Reword' }).click();
    await added.getByLabel('Item text').fill('Inhaler refills listed with dates and pharmacy');
    await added.getByRole('button', { name: 'Save' }).click();
    await careGroup(editor.page).getByText('Inhaler refills listed with dates and pharmacy').waitFor();

    await checklistItem(page, 'and pharmacy').getByRole('button', { name: 'Remove' }).click();
    await checklistItem(page, 'and pharmacy').getByRole('group', { name: 'Remove this item?' }).getByRole('button', { name: 'Remove' }).click();
    await checklistItem(editor.page, 'and pharmacy').waitFor({ state: 'detached' });
    await expect.poll(() => careGroup(editor.page).getByTestId('checklist-item').count()).toBe(1);
  });
});
