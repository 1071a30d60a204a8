/**
 * Sharing and roles, each person in their own browser context: an owner invites an editor and a
 * viewer through the share dialog, and each accepts the link; the editor's typing reaches everyone live; the viewer cannot
 * type; a role change reaches an open letter; an invite link for someone without an account
 * brings them through sign-up into the letter; removing someone shows them why the letter closed;
 * and the owner reads it all in the audit log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import {
  PASSWORD,
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchPerson,
  launchSignedIn,
  letterBody,
  openLetter,
  paragraphAfter,
  startTestServer,
  typeInSection,
  uniqueEmail,
  waitForStatus,
  waitForText,
  type Account,
  type Person,
  type TestServer,
} from './helpers';
import type { Page } from 'playwright-core';

/** Opens the share dialog on the letter page and returns it. */
async function openShareDialog(page: Page) {
  await page.getByRole('button', { name: /^(Share|People)$/ }).click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('member-list').waitFor();
  return dialog;
}

describe('sharing a letter', () => {
  let server: TestServer;
  let letter: Letter;
  let ownerAccount: Account;
  let editorAccount: Account;
  let viewerAccount: Account;
  let owner: Person;
  let editor: Person;
  let viewer: Person;
  const extra: Person[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    [ownerAccount, editorAccount, viewerAccount] = await Promise.all([
      createAccount(server, 'Olivia Grant', 'organizer'),
      createAccount(server, 'Dr. Elena Ruiz', 'physician'),
      createAccount(server, 'Victor Lam', 'lawyer'),
    ]);
    letter = await createLetterViaApi(server, ownerAccount, 'Release request: T.N., dialysis');
    [owner, editor, viewer] = await Promise.all([
      launchSignedIn(server, ownerAccount),
      launchSignedIn(server, editorAccount),
      launchSignedIn(server, viewerAccount),
    ]);
  });

  afterEach(() => expectHealthy(owner, editor, viewer, ...extra));

  afterAll(() => closeAll(server, owner, editor, viewer, ...extra));

  it('lets the owner invite an editor and a viewer by email through the share dialog; each joins by accepting the link', async () => {
    await openLetter(owner, server, letter.id);
    const dialog = await openShareDialog(owner.page);

    for (const [account, person, role] of [
      [editorAccount, editor, 'editor'],
      [viewerAccount, viewer, 'viewer'],
    ] as const) {
      await dialog.getByLabel('Email').fill(account.user.email);
      await dialog.getByLabel('Role', { exact: true }).selectOption(role);
      await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
      // An address with an account gets an invite like any other: nobody is added by address.
      const linkBox = dialog.getByTestId('invite-link');
      await linkBox.getByText(account.user.email).waitFor();
      const link = await linkBox.getByLabel('Invite link').inputValue();
      await person.page.goto(link);
      await person.page.getByRole('button', { name: `Accept as ${account.user.name} and open the letter` }).click();
      await person.page.waitForURL(`${server.url}/letters/${letter.id}`);
      await expect.poll(() => dialog.getByLabel(`Role of ${account.user.name}`).inputValue()).toBe(role);
    }
    await dialog.getByTestId('member').filter({ hasText: 'Dr. Elena Ruiz' }).getByText('Physician').waitFor();

    // Escape closes the native dialog and gives focus back to the button that opened it.
    await owner.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => owner.page.evaluate(() => document.activeElement?.textContent)).toBe('Share');
  });

  it("shows the editor's typing live to the owner and the viewer; the viewer cannot type", async () => {
    await Promise.all([openLetter(editor, server, letter.id), openLetter(viewer, server, letter.id)]);
    await viewer.page.getByTestId('read-only-note').getByText('You can view this letter.').waitFor();
    expect(await letterBody(viewer.page).getAttribute('contenteditable')).toBe('false');
    expect(await viewer.page.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    expect(await letterBody(editor.page).getAttribute('contenteditable')).toBe('true');

    const summary = 'Ms. T.N. needs haemodialysis three times a week; two sessions were missed in custody.';
    await typeInSection(editor.page, 'Summary of request', summary);
    await Promise.all([waitForText(owner.page, summary), waitForText(viewer.page, summary)]);
    await owner.page.locator('.collaboration-carets__label', { hasText: 'Dr. Elena Ruiz · Physician' }).waitFor();

    const before = await letterBody(viewer.page).textContent();
    await paragraphAfter(viewer.page, 'Relevant history').click();
    await viewer.page.keyboard.type('The viewer tried to write this.');
    await viewer.page.keyboard.press('Enter');
    expect(await letterBody(viewer.page).textContent()).toBe(before);

    // Anything the viewer had sent would reach the owner before this later edit does.
    const marker = 'She reports dizziness after each missed session.';
    await typeInSection(editor.page, 'Relevant history', marker);
    await Promise.all([waitForText(owner.page, marker), waitForText(viewer.page, marker)]);
    expect(await letterBody(owner.page).textContent()).not.toContain('The viewer tried');
    expect(await letterBody(viewer.page).textContent()).not.toContain('The viewer tried');
    await waitForStatus(viewer.page, 'saved');
  });

  it('makes an open letter editable when the owner promotes the viewer, and read-only again after', async () => {
    const dialog = await openShareDialog(owner.page);
    const role = dialog.getByLabel(`Role of ${viewer.name}`);
    // The editor watches the people list: it follows the change live (a `members` notice).
    const editorsView = await openShareDialog(editor.page);
    const viewerRow = editorsView.getByTestId('member').filter({ hasText: viewer.name });
    await viewerRow.locator('.member__role').getByText('Viewer', { exact: true }).waitFor();

    await role.selectOption('editor');
    await viewerRow.locator('.member__role').getByText('Editor', { exact: true }).waitFor();
    await editor.page.keyboard.press('Escape');
    await letterBody(viewer.page).and(viewer.page.locator('[contenteditable="true"]')).waitFor();
    await viewer.page.getByTestId('read-only-note').waitFor({ state: 'detached' });
    await waitForStatus(viewer.page, 'saved');
    const words = 'Counsel: the facility has no on-site dialysis unit.';
    await typeInSection(viewer.page, 'Relevant history', words);
    await waitForText(owner.page, words);

    await expect.poll(() => role.isDisabled()).toBe(false);
    await role.selectOption('viewer');
    await letterBody(viewer.page).and(viewer.page.locator('[contenteditable="false"]')).waitFor();
    await viewer.page.getByTestId('read-only-note').waitFor();
    await owner.page.keyboard.press('Escape');
  });

  it('gives a one-time link for an unknown email that brings a new person through sign-up into the letter', async () => {
    const newcomerEmail = uniqueEmail('nadia.haddad');
    const revokedEmail = uniqueEmail('revoked');
    const dialog = await openShareDialog(owner.page);

    await dialog.getByLabel('Email').fill(revokedEmail);
    await dialog.getByLabel('Role', { exact: true }).selectOption('viewer');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    const revokedLink = await dialog.getByTestId('invite-link').getByLabel('Invite link').inputValue();

    await dialog.getByLabel('Email').fill(newcomerEmail);
    await dialog.getByLabel('Role', { exact: true }).selectOption('commenter');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    const linkBox = dialog.getByTestId('invite-link');
    await linkBox.getByText(newcomerEmail).waitFor();
    const link = await linkBox.getByLabel('Invite link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invites/`));

    const pending = dialog.getByTestId('pending-invites');
    await pending.getByText(newcomerEmail).waitFor();
    await dialog.getByRole('button', { name: `Revoke the invite for ${revokedEmail}` }).click();
    await pending.getByText(revokedEmail).waitFor({ state: 'detached' });
    await owner.page.keyboard.press('Escape');

    const newcomer = await launchPerson('Nadia Haddad');
    extra.push(newcomer);
    const { page } = newcomer;
    await page.goto(revokedLink);
    await page.getByRole('heading', { name: 'This invite link no longer works' }).waitFor();

    await page.goto(link);
    await page.getByTestId('invite-letter-title').getByText(letter.title).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe(newcomerEmail);
    await page.getByLabel('Your name').fill(newcomer.name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Profession').selectOption('physician');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${server.url}/letters/${letter.id}`);
    await waitForStatus(page, 'saved');
    await page.getByTestId('my-role').getByText('You are a commenter').waitFor();
    await page.getByTestId('read-only-note').waitFor();
    await owner.page.getByTestId('presence-list').getByText(newcomer.name).waitFor();
  });

  it('shows a member who is removed while the letter is open that their access was removed', async () => {
    await waitForStatus(editor.page, 'saved');
    const dialog = await openShareDialog(owner.page);
    await dialog.getByRole('button', { name: `Remove ${editor.name}` }).click();
    await dialog.getByRole('group', { name: `Confirm removing ${editor.name}` }).getByRole('button', { name: 'Remove' }).click();
    await dialog.getByTestId('member').filter({ hasText: editor.name }).waitFor({ state: 'detached' });
    await owner.page.keyboard.press('Escape');

    await editor.page.getByTestId('final-close').getByText('Your access to this letter was removed, or the workshop that shared it is over.').waitFor();
    expect(await letterBody(editor.page).getAttribute('contenteditable')).toBe('false');
    await editor.page.getByRole('link', { name: 'Go to your letters' }).click();
    await editor.page.getByTestId('letters-empty').waitFor();
  });

  it('shows the owner the letter’s audit log, filtered by action, with a CSV download', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByRole('heading', { name: `Audit log: ${letter.title}` }).waitFor();
    const table = page.getByTestId('audit-table');
    await table.locator('tr[data-action="invite.accepted"]').first().waitFor();

    await page.getByLabel('Action').selectOption('member.removed');
    await table.locator('tr[data-action="member.removed"]').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(await table.locator('tr[data-action="member.removed"]').count());

    const href = await page.getByTestId('audit-csv').getAttribute('href');
    expect(href).toBe(`/api/letters/${letter.id}/audit?action=member.removed&format=csv`);
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('member.removed');
    expect(await csv.text()).not.toContain('haemodialysis');
  });
});
