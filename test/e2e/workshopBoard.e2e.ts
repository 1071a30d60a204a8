/**
 * The facilitator's board follows the session as it happens: a participant who opens the workshop
 * shows online at once, the spotlight follows the writer's typing without polling, and a letter a
 * participant shared opens from the board. The facilitator's clock is paused, so nothing on the
 * board may rely on a timer to catch up: only what the server pushes moves it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Workshop } from '../../shared/workshops';
import { api, closeAll, createAccount, expectHealthy, launchSignedIn, waitForStatus, type Account, type Person, type TestServer, startTestServer } from './helpers';

const SENTENCE = 'The glucose log shows readings above 400 on four days.';

/** The JSON answer of an API call, after checking its status. */
async function json<T>(response: Promise<Response>, status: number): Promise<T> {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBe(status);
  return JSON.parse(text) as T; // status checked; the shapes are the API's
}

describe("the facilitator's board, pushed", () => {
  let server: TestServer;
  let rosaAccount: Account;
  let amaraAccount: Account;
  let rosa: Person;
  let amara: Person;
  let workshop: Workshop;
  let letterId = '';
  /** Where the facilitator's paused clock stands (each pause jumps it further ahead). */
  let pausedAt = Date.now();

  /** Stops the facilitator's timers (React's own included, so only once what is on screen has loaded). */
  async function pauseRosa(): Promise<void> {
    pausedAt += 10 * 60_000;
    await rosa.page.clock.pauseAt(pausedAt);
  }

  beforeAll(async () => {
    server = await startTestServer();
    rosaAccount = await createAccount(server, 'Rosa Mendez', 'organizer');
    amaraAccount = await createAccount(server, 'Dr. Amara Osei', 'physician');
    ({ workshop } = await json<{ workshop: Workshop }>(api(server, 'POST', '/api/workshops', { title: 'Letter-writing night', date: new Date().toISOString().slice(0, 10) }, rosaAccount.session), 201));
    await json(api(server, 'POST', '/api/workshops/join', { code: workshop.joinCode }, amaraAccount.session), 200);
    const attached = await json<{ workshop: Workshop }>(api(server, 'POST', `/api/workshops/${workshop.id}/letter`, { mode: 'new' }, amaraAccount.session), 201);
    letterId = String(attached.workshop.myLetterId);
    [rosa, amara] = await Promise.all([launchSignedIn(server, rosaAccount), launchSignedIn(server, amaraAccount)]);
    // Timers stop on the facilitator's page: polling cannot hide a missing push.
    await rosa.page.clock.install();
    await rosa.page.goto(`${server.url}/workshops/${workshop.id}`);
    await rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' }).waitFor();
    await pauseRosa();
  });

  afterEach(() => expectHealthy(rosa, amara));

  afterAll(() => closeAll(server, rosa, amara));

  it('shows a participant online as soon as they open the workshop', async () => {
    const row = rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' });
    await row.filter({ hasText: ', offline' }).waitFor();
    await amara.page.goto(`${server.url}/workshops/${workshop.id}`);
    await amara.page.getByTestId('workshop-bar').waitFor();
    await row.filter({ hasText: ', online' }).waitFor();
  });

  it('the spotlight follows the writer as she types', async () => {
    await rosa.page.clock.resume();
    await rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' }).getByRole('button', { name: 'Spotlight' }).click();
    const preview = rosa.page.getByTestId('spotlight-preview');
    await preview.waitFor();
    await pauseRosa();
    await waitForStatus(amara.page, 'saved');
    // Her own letter is on her shared screen too: type in the editor, not in the shared copy.
    await amara.page.locator('.letter-body[contenteditable="true"] h2:text-is("Summary of request") + p').click();
    await amara.page.keyboard.press('End');
    await amara.page.keyboard.type(SENTENCE);
    await waitForStatus(amara.page, 'saved');
    await preview.filter({ hasText: SENTENCE }).waitFor();
  });

  it('opens from the board the letter a participant shared', async () => {
    const row = rosa.page.getByTestId('workshop-board').getByTestId('board-row').filter({ hasText: 'Dr. Amara Osei' });
    expect(await row.getByRole('link', { name: /Open the letter/ }).count()).toBe(0);
    await amara.page.getByRole('button', { name: /Share/ }).first().click();
    const open = row.getByRole('link', { name: 'Open the letter Dr. Amara Osei shared with you' });
    await open.waitFor();
    await rosa.page.clock.resume();
    await open.click();
    await rosa.page.waitForURL(`**/letters/${letterId}`);
    await rosa.page.getByText(SENTENCE).first().waitFor();
  });
});
