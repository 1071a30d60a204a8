/**
 * Two people with real accounts write one letter in two browser contexts against the real server:
 * live text, carets labelled with name and profession, durability across a reload, and offline
 * editing that syncs after the server comes back. Also takes the README's screenshot.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialog } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Letter } from '../../shared/letters';
import {
  closeAll,
  expectHealthy,
  letterBody,
  openLetter,
  selectInEditor,
  setUpLetterForTwo,
  startTestServer,
  syncStatus,
  typeInSection,
  waitForCaretOf,
  waitForStatus,
  waitForText,
  type Person,
  type TestServer,
} from './helpers';

/**
 * The README's screenshot. Every run takes it; it replaces the committed one only when asked
 * (`CASEWRITE_UPDATE_SCREENSHOT=1 npm run test:e2e`), so ordinary runs leave the tree clean.
 */
const SCREENSHOT_PATH = fileURLToPath(
  process.env.CASEWRITE_UPDATE_SCREENSHOT === '1'
    ? new URL('../../client/docs/editor-two-people.png', import.meta.url)
    : new URL('./artifacts/editor-two-people.png', import.meta.url),
);

const SUMMARY =
  'I am writing to request the release of Mr. A.R. from detention on medical grounds. He has type 1 diabetes ' +
  'with two documented episodes of diabetic ketoacidosis since his transfer, and in my opinion his condition ' +
  'cannot be managed safely in custody.';
const HEADER = 'To: Field Office Director, ERO San Diego. RE: A.R., date of birth and A-number on file; request for release';
const OFFLINE_HISTORY =
  'Before detention he was followed by an endocrinologist and used an insulin pump without complications.';

describe('two people editing one letter', () => {
  let server: TestServer;
  let letter: Letter;
  let amara: Person;
  let jordan: Person;

  beforeAll(async () => {
    server = await startTestServer();
    ({ letter, owner: amara, member: jordan } = await setUpLetterForTwo(server, {
      // Fixed colours keep the committed screenshot stable between runs.
      owner: { name: 'Dr. Amara Okafor', profession: 'physician', caretColor: '#2e7d5b' },
      member: { name: 'Jordan Reyes', profession: 'lawyer', caretColor: '#b5563c' },
      role: 'editor',
      title: 'Medical release request: A.R.',
    }));
  });

  afterEach(() => expectHealthy(amara, jordan));

  afterAll(() => closeAll(server, amara, jordan));

  it('opens the template seeded by the server, once, with both people present', async () => {
    await Promise.all([openLetter(amara, server, letter.id), openLetter(jordan, server, letter.id)]);
    for (const person of [amara, jordan]) {
      // The body came from the server's template: 14 section headings, not duplicated.
      await expect.poll(() => letterBody(person.page).locator('h2').count()).toBe(14);
      const presence = person.page.getByTestId('presence-list');
      await presence.getByText(amara.name).waitFor();
      await presence.getByText(jordan.name).waitFor();
      await presence.getByText('(you)').waitFor();
    }
    await amara.page.getByTestId('presence-list').getByText('Lawyer').waitFor();
  });

  it("shows each person the other's words and a caret with their name and profession", async () => {
    await typeInSection(amara.page, 'Summary of request', SUMMARY);
    await typeInSection(jordan.page, 'Header', HEADER);

    await waitForText(jordan.page, SUMMARY);
    await waitForText(amara.page, HEADER);
    expect(await (await waitForCaretOf(amara.page, jordan.name)).textContent()).toBe(`${jordan.name} · Lawyer`);
    expect(await (await waitForCaretOf(jordan.page, amara.name)).textContent()).toBe(`${amara.name} · Physician`);

    // Formatting through the toolbar reaches the other person too; the selection also makes
    // Amara's position visible in the screenshot next to Jordan's named caret.
    await selectInEditor(amara.page, 'diabetic ketoacidosis');
    await amara.page.getByRole('button', { name: 'Bold' }).click();
    await amara.page.locator('button[aria-label="Bold"][aria-pressed="true"]').waitFor();
    await letterBody(jordan.page).locator('strong', { hasText: 'diabetic ketoacidosis' }).waitFor();
    await Promise.all([waitForStatus(amara.page, 'saved'), waitForStatus(jordan.page, 'saved')]);

    await mkdir(dirname(SCREENSHOT_PATH), { recursive: true });
    await amara.page.screenshot({ path: SCREENSHOT_PATH, caret: 'initial' });
  });

  it('keeps everything across a reload', async () => {
    await amara.page.reload();
    await waitForStatus(amara.page, 'saved');
    await waitForText(amara.page, SUMMARY);
    await waitForText(amara.page, HEADER);
    await expect.poll(() => letterBody(amara.page).locator('h2').count()).toBe(14);
  });

  it('keeps typing offline, asks before closing, and syncs when the server is back', async () => {
    await server.stop();
    await Promise.all([waitForStatus(amara.page, 'offline'), waitForStatus(jordan.page, 'offline')]);
    await syncStatus(amara.page).getByText('Your edits are kept in this tab').waitFor();

    await typeInSection(amara.page, 'Relevant history', OFFLINE_HISTORY);
    await waitForText(amara.page, OFFLINE_HISTORY);
    expect(await syncStatus(amara.page).getAttribute('data-status')).toBe('offline');

    // Unsaved edits: closing the tab asks first (dismissing keeps the page and the edits).
    const dialog = new Promise<Dialog>((resolve) => amara.page.once('dialog', resolve));
    await amara.page.close({ runBeforeUnload: true });
    const asked = await dialog;
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();

    await server.restart();
    await waitForStatus(amara.page, 'saved');
    await waitForText(jordan.page, OFFLINE_HISTORY);
    await waitForStatus(jordan.page, 'saved');
  });
});
