/**
 * Small things people noticed: the sign-in page loads without a logged error, Escape in the rename
 * field gives focus back to the Rename button, a title without spaces wraps instead of widening the
 * page, the share dialog's fields do not run under the Invite button, and an empty section's
 * guidance is shown whole in a narrow column.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LetterLimits } from '../../shared/limits';
import {
  VIEWPORT,
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchPerson,
  launchSignedIn,
  openLetter,
  startTestServer,
  type Account,
  type Person,
  type TestServer,
} from './helpers';

/** A phone's viewport. */
const PHONE = { width: 390, height: 844 };

/** Whether the page scrolls sideways. */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

describe('small things in the daily flow', () => {
  let server: TestServer;
  let account: Account;
  let amara: Person | undefined;
  let visitor: Person | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    account = await createAccount(server, 'Dr. Amara Okafor', 'physician');
  });

  afterAll(async () => {
    await closeAll(server, amara, visitor);
  });

  it('opens the sign-in page without logging an error', async () => {
    visitor = await launchPerson('Visitor');
    const errors: string[] = [];
    visitor.page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await visitor.page.goto(server.url);
    await visitor.page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Every request of the load has been answered by now.
    await visitor.page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
    expectHealthy(visitor);
  });

  it('gives focus back to the Rename button when Escape cancels a rename', async () => {
    const letter = await createLetterViaApi(server, account, 'Release request');
    amara = await launchSignedIn(server, account);
    await openLetter(amara, server, letter.id);
    const { page } = amara;
    await page.getByRole('button', { name: 'Rename' }).click();
    const field = page.getByLabel('Letter title');
    await field.fill('Something else');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? document.activeElement?.tagName)).toBe('Rename');
    await expect.poll(() => page.locator('h1.letter-title').textContent()).toBe('Release request');
  });

  it('wraps a title without spaces at desktop and phone widths', async () => {
    if (!amara) throw new Error('signed in by the test before');
    const { page } = amara;
    const title = 'Medicalreleaserequest'.repeat(Math.ceil(LetterLimits.maxTitleLength / 21)).slice(0, LetterLimits.maxTitleLength);
    const letter = await createLetterViaApi(server, account, title);
    for (const viewport of [VIEWPORT, PHONE]) {
      await page.setViewportSize(viewport);
      await openLetter(amara, server, letter.id);
      await expect.poll(() => page.locator('h1.letter-title').textContent()).toBe(title);
      expect(await scrollsSideways(page), `${viewport.width} px wide`).toBe(false);
    }
    await page.setViewportSize(VIEWPORT);
  });

  it('keeps the role select and the Invite button apart at desktop and phone widths', async () => {
    if (!amara) throw new Error('signed in by the test before');
    const { page } = amara;
    const letter = await createLetterViaApi(server, account, 'Sharing layout');
    for (const viewport of [VIEWPORT, PHONE]) {
      await page.setViewportSize(viewport);
      await openLetter(amara, server, letter.id);
      await page.getByRole('button', { name: 'Share' }).click();
      const dialog = page.getByTestId('share-dialog');
      const select = await dialog.getByLabel('Role', { exact: true }).boundingBox();
      const invite = await dialog.getByRole('button', { name: 'Invite', exact: true }).boundingBox();
      if (!select || !invite) throw new Error('the invite form is not shown');
      const apart =
        select.x + select.width <= invite.x || invite.x + invite.width <= select.x || select.y + select.height <= invite.y || invite.y + invite.height <= select.y;
      expect(apart, `${viewport.width} px wide: select ${JSON.stringify(select)}, Invite ${JSON.stringify(invite)}`).toBe(true);
      expect(await scrollsSideways(page), `${viewport.width} px wide`).toBe(false);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.setViewportSize(VIEWPORT);
  });

  it('shows an empty section’s guidance whole in a narrow column', async () => {
    if (!amara) throw new Error('signed in by the test before');
    const { page } = amara;
    const letter = await createLetterViaApi(server, account, 'Guidance');
    await page.setViewportSize(PHONE);
    await openLetter(amara, server, letter.id);
    const hint = page.locator('.letter-body p.section-hint').first();
    await hint.waitFor();
    // The Header's guidance takes several lines at this width: the paragraph grows to show them all.
    const sizes = await hint.evaluate((element) => {
      const before = getComputedStyle(element, '::before');
      return { height: element.getBoundingClientRect().height, line: parseFloat(getComputedStyle(element).lineHeight), overflow: before.textOverflow };
    });
    expect(sizes.overflow).not.toBe('ellipsis');
    expect(sizes.height).toBeGreaterThan(sizes.line * 2);
    await page.setViewportSize(VIEWPORT);
    expectHealthy(amara);
  });
});
