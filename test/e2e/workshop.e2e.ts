/**
 * A guided drafting session with a facilitator and two participants, each in their own browser:
 * the facilitator creates the workshop; the participants join with its code and start their
 * letters; the facilitator moves everyone to the next step and both see it; one participant raises
 * a hand and the board shows it; the facilitator spotlights a letter and the other participant
 * sees it read-only with the person's details masked; pairs for peer review comment on each
 * other's letters without editing them; a broadcast reaches everyone; ending the workshop ends the
 * partners' access.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MASKED_TEXT } from '../../shared/caseDetails';
import {
  api,
  closeAll,
  createAccount,
  expectHealthy,
  launchSignedIn,
  letterBody,
  selectInEditor,
  typeInSection,
  waitForText,
  waitForStatus,
  type Account,
  type Person,
  type TestServer,
  startTestServer,
} from './helpers';

const PATIENT = 'Mariam K. Haddad';
const SENTENCE = 'She has gone nine days without insulin.';
const BEN_SENTENCE = 'He waited nine days for a cardiology consult.';

/** The participant's workshop bar. */
function bar(page: Page) {
  return page.getByTestId('workshop-bar');
}

/** Joins the workshop with its code from the workshops page and starts a new letter. */
async function joinAndStart(person: Person, server: TestServer, code: string): Promise<void> {
  await person.page.goto(`${server.url}/workshops`);
  await person.page.getByRole('textbox', { name: 'Join code' }).fill(code.toLowerCase());
  await person.page.getByRole('button', { name: 'Join', exact: true }).click();
  await person.page.getByRole('button', { name: 'Start a new letter' }).click();
  await bar(person.page).waitFor();
  await waitForStatus(person.page, 'saved');
}

describe('a guided drafting session: facilitator and two participants', () => {
  let server: TestServer;
  let rosaAccount: Account;
  let amaraAccount: Account;
  let benAccount: Account;
  let rosa: Person;
  let amara: Person;
  let ben: Person;
  let code = '';

  beforeAll(async () => {
    server = await startTestServer();
    rosaAccount = await createAccount(server, 'Rosa Mendez', 'organizer');
    amaraAccount = await createAccount(server, 'Dr. Amara Osei', 'physician');
    benAccount = await createAccount(server, 'Dr. Ben Carter', 'physician');
    [rosa, amara, ben] = await Promise.all([launchSignedIn(server, rosaAccount), launchSignedIn(server, amaraAccount), launchSignedIn(server, benAccount)]);
  });

  afterEach(() => expectHealthy(rosa, amara, ben));

  afterAll(() => closeAll(server, rosa, amara, ben));

  it('the facilitator creates a workshop with the default agenda and a join code', async () => {
    await rosa.page.goto(`${server.url}/workshops`);
    await rosa.page.getByRole('textbox', { name: 'Workshop title' }).fill('Letter-writing night');
    await rosa.page.getByRole('button', { name: 'Create workshop' }).click();
    await rosa.page.getByTestId('current-step').filter({ hasText: 'Briefing' }).waitFor();
    code = ((await rosa.page.getByTestId('join-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
  });

  it('the participants join by code, and the step the facilitator moves to reaches both', async () => {
    await Promise.all([joinAndStart(amara, server, code), joinAndStart(ben, server, code)]);
    for (const person of [amara, ben]) await bar(person.page).getByTestId('participant-step').filter({ hasText: 'Briefing' }).waitFor();
    const rows = rosa.page.getByTestId('workshop-board').getByTestId('board-row');
    await rows.filter({ hasText: 'Dr. Amara Osei' }).waitFor();
    await rows.filter({ hasText: 'Dr. Ben Carter' }).waitFor();

    await rosa.page.getByRole('button', { name: 'Next step' }).click();
    await rosa.page.getByTestId('current-step').filter({ hasText: 'Records walkthrough' }).waitFor();
    for (const person of [amara, ben]) await bar(person.page).getByTestId('participant-step').filter({ hasText: 'Records walkthrough' }).waitFor();
  });

  it('a raised hand shows on the board', async () => {
    await ben.page.getByRole('button', { name: 'Raise hand' }).click();
    const row = rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Ben Carter' });
    await expect.poll(() => row.getAttribute('data-hand')).toBe('raised');
    const other = rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' });
    expect(await other.getAttribute('data-hand')).toBe('none');
  });

  it("the spotlight shows Amara's letter to Ben read-only, with the person's details masked", async () => {
    // Amara fills in the case and writes the patient's name both as a placeholder's value and by hand.
    const letters = await api(server, 'GET', '/api/letters', undefined, amaraAccount.session);
    const letterId = String(((await letters.json()) as { letters: { id: string }[] }).letters[0]?.id);
    const patched = await api(server, 'PATCH', `/api/letters/${letterId}/case`, { fullName: PATIENT, aNumber: '123456789' }, amaraAccount.session);
    expect(patched.status).toBe(200);
    await typeInSection(amara.page, 'Summary of request', `${PATIENT}: ${SENTENCE}`);
    await waitForStatus(amara.page, 'saved');

    await rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' }).getByRole('button', { name: 'Spotlight' }).click();
    const spotlight = ben.page.getByTestId('spotlight');
    await spotlight.filter({ hasText: SENTENCE }).waitFor();
    const text = (await spotlight.textContent()) ?? '';
    expect(text).not.toContain(PATIENT);
    expect(text).not.toContain('123456789');
    expect(text).toContain(MASKED_TEXT);
    expect(await spotlight.locator('[contenteditable="true"], input, textarea').count()).toBe(0);

    await rosa.page.getByRole('button', { name: 'End spotlight' }).click();
    await spotlight.waitFor({ state: 'detached' });
  });

  it("pairs the participants: each reads the partner's letter, comments on it and cannot edit it", async () => {
    await typeInSection(ben.page, 'Summary of request', BEN_SENTENCE);
    await waitForStatus(ben.page, 'saved');
    await rosa.page.getByRole('button', { name: 'Pair participants' }).click();

    await amara.page.getByRole('button', { name: /Partner's letter/ }).click();
    await waitForText(amara.page, BEN_SENTENCE);
    expect(await letterBody(amara.page).getAttribute('contenteditable')).toBe('false');
    await selectInEditor(amara.page, 'nine days');
    await amara.page.keyboard.press('Control+Alt+m');
    await amara.page.getByRole('textbox', { name: 'Comment', exact: true }).fill('Which records show the nine days?');
    await amara.page.keyboard.press('Control+Enter');
    await ben.page.getByTestId('comment-margin').getByTestId('comment-thread').filter({ hasText: 'Which records show' }).waitFor();
  });

  it('a broadcast reaches every bar, and ending the workshop ends the partner access', async () => {
    await rosa.page.getByRole('textbox', { name: 'Message to everyone' }).fill('Ten minutes left in this step');
    await rosa.page.getByRole('button', { name: 'Send message' }).click();
    for (const person of [amara, ben]) await bar(person.page).getByTestId('broadcast').filter({ hasText: 'Ten minutes left' }).waitFor();

    await rosa.page.getByRole('button', { name: 'End workshop' }).click();
    await rosa.page.getByTestId('end-workshop-dialog').getByRole('button', { name: 'End now' }).click();
    for (const person of [amara, ben]) await person.page.getByTestId('workshop-ended').first().waitFor();
    await expect.poll(() => amara.page.getByRole('button', { name: /Partner's letter/ }).count()).toBe(0);

    const letters = await api(server, 'GET', '/api/letters', undefined, benAccount.session);
    const benLetterId = String(((await letters.json()) as { letters: { id: string }[] }).letters[0]?.id);
    expect((await api(server, 'GET', `/api/letters/${benLetterId}`, undefined, amaraAccount.session)).status).toBe(404);
  });
});
