import type { Actor } from '@sessions/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInBrowser, type Harness, startHarness } from './harness.js';
import { errorOf, focused, recordEvents, recordedEvents, statusOf, tabTo } from './page-helpers.js';
import { TENANT } from './practice.js';

const clientActor = (id: string): Actor => ({ tenantId: TENANT, kind: 'client', id });

describeInBrowser('<sessions-booking> against the HTTP handler', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function toSlots(page: Page) {
    const booking = page.locator('sessions-booking');
    await booking.getByRole('button', { name: /Physio/ }).click();
    await booking.getByRole('button', { name: 'Jonas Weber' }).click();
    await booking.locator('[part~="slot"]').first().waitFor();
    return booking;
  }

  it('books a slot shown in the visitor zone, links the block, then cancels after the policy preview', async () => {
    const { practice } = harness;
    const context = await harness.context({ timezoneId: 'America/New_York' });
    const page = await harness.open(context, {
      as: practice.clients.mara,
      body: '<sessions-package api="/api"></sessions-package><sessions-booking api="/api"></sessions-booking>',
    });
    await recordEvents(page, ['sessions-booked', 'sessions-cancelled', 'sessions-error']);
    await page.locator('sessions-package [part~="remaining"]').getByText('10 of 10 sessions left').waitFor();
    const booking = await toSlots(page);

    // Times are on the visitor's clock: the button reads as Intl formats the slot's instant in New York.
    const first = booking.locator('[part~="slot"]').first();
    const start = (await first.locator('time').getAttribute('datetime')) as string;
    expect(start).toMatch(/-0[45]:00$/);
    const label = (await first.textContent())?.trim();
    const expected = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', timeZone: 'America/New_York' }).format(
          new Date(iso),
        ),
      start,
    );
    expect(label).toBe(expected);
    await expect(booking.getByText(/Times are shown in your time zone \(Eastern/).count()).resolves.toBe(1);

    await first.click();
    await booking.getByText('Paid from your package “10 sessions of physio” (10 sessions left).').waitFor();
    await booking.locator('[part~="note"]').fill('Left knee');
    await booking.locator('[part~="book-button"]').click();
    await booking.getByRole('heading', { name: 'Booked' }).waitFor();
    await expect(statusOf(page, 'sessions-booking').textContent()).resolves.toContain(
      'This is session 1 of 10 of “10 sessions of physio”.',
    );

    // On the server: booked for Mara at that instant, in the practitioner's zone, linked to her block.
    const [view] = await practice.sessions.sessions.list(clientActor(practice.clients.mara), {
      clientId: practice.clients.mara,
    });
    expect(view?.session.startsAt).toBe(new Date(start).toISOString());
    expect(view?.session.timeZone).toBe('Europe/Berlin');
    expect(view?.session.publicNote).toBe('Left knee');
    expect(view?.attendances[0]?.attendance.blockId).toBe(practice.blocks.mara);

    const events = await recordedEvents(page);
    expect(events.map((e) => e.type)).toEqual(['sessions-booked']);
    expect(events[0]?.detail.kind).toBe('session');
    expect(events[0]?.detail.result.linking[0]).toMatchObject({ how: 'auto', blockId: practice.blocks.mara });

    // The package on the same page follows: one reserved, numbered in its history.
    await page.locator('sessions-package [part~="remaining"]').getByText('9 of 10 sessions left').waitFor();
    await expect(page.locator('sessions-package [part~="history-item"]').first().textContent()).resolves.toMatch(
      /Session 1 of 10.*Booked/s,
    );

    // Cancelling: the policy's preview first, then the cancellation.
    const item = booking.locator('[part~="upcoming-item"]').first();
    await item.locator('[part~="cancel-button"]').click();
    const summary = booking.locator('[part~="cancel-summary"]');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toBe(
      'Cancelling now uses 1 credit: less than 24 h before the start (Missed).',
    );
    expect((await focused(page)).text).toBe('Cancel this session?');
    await booking.locator('[part~="confirm-cancel-button"]').click();
    await expect
      .poll(() => statusOf(page, 'sessions-booking').textContent())
      .toContain('Cancelled. Cancelling now uses 1 credit');
    const cancelled = (await recordedEvents(page)).find((e) => e.type === 'sessions-cancelled');
    expect(cancelled?.detail).toMatchObject({ kind: 'session', sessionId: view?.session.id });
    expect(cancelled?.detail.result.cancellation.outcomes[0].unit).toBe('used');
    const after = await practice.sessions.sessions.get(clientActor(practice.clients.mara), {
      sessionId: view?.session.id as string,
    });
    expect(after.attendances[0]?.attendance.status).toBe('missed');
    await booking.getByText('No upcoming sessions.').waitFor();
    await page.locator('sessions-package [part~="history-item"]').getByText('Missed').waitFor({ state: 'attached' });
    await context.close();
  });

  it('books with the keyboard alone, focus following each step', async () => {
    const { practice } = harness;
    const context = await harness.context();
    const page = await harness.open(context, {
      as: practice.clients.lena,
      body: '<sessions-booking api="/api"></sessions-booking>',
    });
    await page.locator('sessions-booking [part~="choice"]').first().waitFor();

    await tabTo(page, (f) => f.part === 'choice' && f.text.startsWith('Physio'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('Choose who you would like to see');
    await tabTo(page, (f) => f.part === 'choice' && f.text === 'Jonas Weber');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await focused(page)).text).toBe('Choose a time');
    await page.locator('sessions-booking [part~="slot"]').first().waitFor();
    // Day buttons come first: move to the second day, then to its first time.
    await tabTo(page, (f) => f.part === 'day' && f.text !== '');
    await page.keyboard.press('Tab');
    const day = await focused(page);
    await page.keyboard.press('Enter');
    expect(
      await page
        .locator('sessions-booking [part~="day"][aria-pressed="true"]')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(day.text);
    const slot = await tabTo(page, (f) => f.part === 'slot');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('Check and book');
    await tabTo(page, (f) => f.part.includes('book-button'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('Booked');
    expect(await statusOf(page, 'sessions-booking').textContent()).toContain('Booked:');
    const sessions = await practice.sessions.sessions.list(clientActor(practice.clients.lena), {
      clientId: practice.clients.lena,
    });
    expect(sessions).toHaveLength(1);
    expect(slot.text).not.toBe('');

    // Cancelling by keyboard: Escape keeps the session and gives focus back.
    await tabTo(page, (f) => f.part.includes('cancel-button'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('Cancel this session?');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).part).toContain('cancel-button');
    await context.close();
  });

  describe('failures, each with a way forward', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await harness.context();
    });
    afterAll(async () => {
      await context.close();
    });

    it('no credit left (package mode, no block): says so, offers to buy, and reports INSUFFICIENT_CREDIT', async () => {
      const page = await harness.open(context, {
        as: harness.practice.clients.nina,
        body: '<sessions-booking api="/api" buy-url="/shop"></sessions-booking>',
      });
      await recordEvents(page, ['sessions-error']);
      const booking = await toSlots(page);
      await booking.locator('[part~="slot"]').first().click();
      await booking.getByText('No package of yours covers this: it is billed to your account.').waitFor();
      await booking.locator('[part~="book-button"]').click();
      const error = errorOf(page, 'sessions-booking');
      await error.getByText('You have no credit left to book this.', { exact: false }).waitFor();
      expect(await error.locator('[part~="buy-link"]').getAttribute('href')).toBe('/shop');
      expect(await error.getAttribute('role')).toBe('alert');
      const [event] = await recordedEvents(page);
      expect(event?.detail).toMatchObject({ code: 'INSUFFICIENT_CREDIT', status: 402, action: 'book' });
    });

    it('an expired package: named before booking, with the way to renew', async () => {
      const page = await harness.open(context, {
        as: harness.practice.clients.otto,
        body: '<sessions-booking api="/api" buy-url="/shop"></sessions-booking>',
      });
      const booking = await toSlots(page);
      await booking.locator('[part~="slot"]').first().click();
      const note = booking.locator('[part~="payment-note"]');
      await note.getByText(/Your package “Winter pack” expired on/).waitFor();
      expect(await note.locator('[part~="buy-link"]').getAttribute('href')).toBe('/shop');
      await booking.locator('[part~="book-button"]').click();
      await errorOf(page, 'sessions-booking')
        .getByText(/no credit left/)
        .waitFor();
    });

    it('a slot taken meanwhile: says so, goes back to fresh times, and books another', async () => {
      const { practice } = harness;
      const page = await harness.open(context, {
        as: practice.clients.hostile,
        body: '<sessions-booking api="/api" hide-upcoming></sessions-booking>',
      });
      await recordEvents(page, ['sessions-error', 'sessions-booked']);
      const booking = await toSlots(page);
      // The second day listed is a whole day of hourly slots, whatever the hour the suite runs at (today may have only one or two left).
      await booking.locator('[part~="day"]').nth(1).click();
      const slot = booking.locator('[part~="slot"]').nth(2);
      const start = (await slot.locator('time').getAttribute('datetime')) as string;
      await slot.click();
      // Someone else books that time while the visitor is on the confirm step.
      await practice.sessions.availability.book(clientActor(practice.clients.lena), {
        practitionerId: practice.practitionerId,
        serviceId: practice.serviceId,
        start: `${start}[Europe/London]`,
      });
      await booking.locator('[part~="book-button"]').click();
      const error = errorOf(page, 'sessions-booking');
      await error.getByText('Someone has just booked that time. Please choose another.').waitFor();
      expect((await recordedEvents(page))[0]?.detail).toMatchObject({ code: 'SLOT_TAKEN', status: 409 });

      await error.getByRole('button', { name: 'Choose another time' }).click();
      await expect.poll(async () => (await focused(page)).text).toBe('Choose a time');
      await booking.locator('[part~="slot"]').first().waitFor();
      await expect(booking.locator(`[part~="slot"] time[datetime="${start}"]`).count()).resolves.toBe(0);
      await booking.locator('[part~="slot"]').first().click();
      await booking.locator('[part~="book-button"]').click();
      await booking.getByRole('heading', { name: 'Booked' }).waitFor();
      expect((await recordedEvents(page)).map((e) => e.type)).toEqual(['sessions-error', 'sessions-booked']);
    });
  });

  it('formats for the locale and zone it is given: de-DE in Asia/Kolkata', async () => {
    const context = await harness.context({ timezoneId: 'Asia/Kolkata' });
    const page = await harness.open(context, {
      as: harness.practice.clients.lena,
      body: '<sessions-booking api="/api" locale="de-DE" hide-upcoming></sessions-booking>',
    });
    const booking = page.locator('sessions-booking');
    await booking.getByText('60 Min. · 95,00 €').waitFor();
    await toSlots(page);
    // Berlin's whole hours are half past on India's clock (de-DE writes the hour without a leading zero: 0:30).
    const times = await booking.locator('[part~="slot"]').allTextContents();
    expect(times.every((t) => /^\d{1,2}:30$/.test(t.trim()))).toBe(true);
    await booking.getByText(/Indische Normalzeit/).waitFor();
    await context.close();
  });
});
