/**
 * With mail configured, in the browser: a newcomer signs up, is told to check their inbox, and
 * finishes through the mailed link with their password; as an owner they share a letter, and the
 * share dialog says the invite was emailed (no link to copy) and lists it as emailed. Mail goes
 * through a real SMTP server in the test process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/auth';
import { linkIn, startMailbox, type Mailbox } from '../helpers/mailbox';
import { PASSWORD, api, closeAll, expectHealthy, launchPerson, openLetter, startTestServer, uniqueEmail, type Person, type TestServer } from './helpers';

describe('accounts and sharing with mail', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  let mailbox: Mailbox;
  let server: TestServer;
  let owner: Person;

  beforeAll(async () => {
    mailbox = await startMailbox({ defer: (cleanup) => void cleanups.push(cleanup) });
    server = await startTestServer({ mail: mailbox.settings });
    owner = await launchPerson('Olivia Grant');
  });

  afterAll(async () => {
    await closeAll(server, owner);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('signs a newcomer up through the confirmation mail, and shows a shared invite as emailed', async () => {
    const { page } = owner;
    const email = uniqueEmail('olivia.grant');
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Profession').selectOption('organizer');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText(email).waitFor();

    const link = linkIn(await mailbox.waitForMail(email, /Confirm your email/), '/verify/');
    await page.goto(link);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Confirm and create account' }).click();
    await page.getByText('That is not the password chosen when signing up.').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Confirm and create account' }).click();
    await page.waitForURL(`${server.url}/`);

    const session = (await owner.context.cookies(server.url)).find((cookie) => cookie.name === SESSION_COOKIE)?.value ?? '';
    const created = await api(server, 'POST', '/api/letters', { title: 'Release request: T.N.' }, session);
    expect(created.status).toBe(201);
    const { letter } = (await created.json()) as { letter: { id: string } }; // 201 is {letter}
    await openLetter(owner, server, letter.id);
    await page.getByRole('button', { name: /^(Share|People)$/ }).click();
    const dialog = page.getByTestId('share-dialog');
    const lawyer = uniqueEmail('victor.lam');
    await dialog.getByLabel('Email').fill(lawyer);
    await dialog.getByLabel('Role', { exact: true }).selectOption('editor');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await dialog.getByTestId('invite-emailed').getByText(lawyer).waitFor();
    expect(await dialog.getByTestId('invite-link').count()).toBe(0);
    await dialog.getByTestId('pending-invites').getByText(/emailed/).waitFor();
    expect(linkIn(await mailbox.waitForMail(lawyer, /invited/), '/invites/')).toMatch(new RegExp(`^${server.url}/invites/`));
    await expectHealthy(owner);
  });
});
