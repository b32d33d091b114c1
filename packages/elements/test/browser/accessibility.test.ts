import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, type Harness, startHarness } from './harness.js';
import { expectNoAxeViolations } from './page-helpers.js';

// axe-core over each element in every state a visitor meets: loaded, mid-flow,
// with a confirmation open, with an error showing. Shadow DOM included.
describeInBrowser('accessibility (axe-core, real Chromium)', () => {
  let harness: Harness;
  let context: BrowserContext;

  beforeAll(async () => {
    harness = await startHarness();
    context = await harness.context();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  const open = (body: string, as = harness.practice.clients.mara): Promise<Page> => harness.open(context, { as, body });

  it('<sessions-package>: a package with its ring, badges, notices and open history', async () => {
    const page = await open('<sessions-package api="/api"></sessions-package>');
    await page.locator('sessions-package [part~="block"]').first().waitFor();
    await page.locator('sessions-package summary').first().click();
    const ring = page.locator('sessions-package [part~="ring"]').first();
    expect(await ring.getAttribute('role')).toBe('meter');
    expect(await ring.getAttribute('aria-valuetext')).toMatch(/of 10 sessions left/);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('<sessions-booking>: every step, the confirm step and the cancellation preview', async () => {
    const page = await open('<sessions-booking api="/api"></sessions-booking>');
    const booking = page.locator('sessions-booking');
    await booking.getByRole('button', { name: /Physio/ }).waitFor();
    await expectNoAxeViolations(page);

    await booking.getByRole('button', { name: /Physio/ }).click();
    await booking.getByRole('button', { name: 'Jonas Weber' }).click();
    await booking.locator('[part~="slot"]').first().waitFor();
    await expectNoAxeViolations(page);

    await booking.locator('[part~="slot"]').first().click();
    await booking.locator('[part~="book-button"]').waitFor();
    await expectNoAxeViolations(page);

    await booking.locator('[part~="book-button"]').click();
    await booking.getByRole('heading', { name: 'Booked' }).waitFor();
    await expectNoAxeViolations(page);

    await booking.locator('[part~="cancel-button"]').first().click();
    await booking.locator('[part~="cancel-panel"]').waitFor();
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('<sessions-booking>: an error with its way forward', async () => {
    const page = await harness.open(context, {
      as: harness.practice.clients.nina,
      body: '<sessions-booking api="/api" buy-url="/shop"></sessions-booking>',
    });
    const booking = page.locator('sessions-booking');
    await booking.getByRole('button', { name: /Physio/ }).click();
    await booking.getByRole('button', { name: 'Jonas Weber' }).click();
    await booking.locator('[part~="slot"]').first().click();
    await booking.locator('[part~="book-button"]').click();
    await booking.locator('[part~="buy-link"]').first().waitFor();
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('<sessions-classes>: the list, a class with every session, the drop confirmation', async () => {
    const page = await open('<sessions-classes api="/api"></sessions-classes>', harness.practice.clients.lena);
    const classes = page.locator('sessions-classes');
    await classes.locator('[part~="class"]').first().waitFor();
    await expectNoAxeViolations(page);

    await classes.getByRole('button', { name: 'Details' }).click();
    await classes.getByRole('heading', { name: 'All sessions' }).waitFor();
    await classes.locator('[part~="join-button"]').click();
    await classes.locator('[part~="drop-button"]').click();
    await classes.locator('[part~="drop-panel"]').waitFor();
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('signed out: the elements say so accessibly', async () => {
    const page = await harness.open(context, {
      body: '<sessions-package api="/api"></sessions-package><sessions-classes api="/api"></sessions-classes>',
    });
    await page.locator('sessions-package [part~="error"] p').waitFor();
    await expectNoAxeViolations(page);
    await page.close();
  });
});
