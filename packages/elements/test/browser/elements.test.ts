import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, type Harness, startHarness } from './harness.js';
import { errorOf, focused, recordEvents, recordedEvents, statusOf } from './page-helpers.js';
import { HOSTILE } from './practice.js';

describeInBrowser('<sessions-package> and <sessions-classes>, and what every element shares', () => {
  let harness: Harness;
  let context: BrowserContext;

  beforeAll(async () => {
    harness = await startHarness();
    context = await harness.context();
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('<sessions-package>: remaining of total, badges, expiry, the low-balance notice and the numbered history', async () => {
    const page = await harness.open(context, {
      as: harness.practice.clients.pia,
      body: '<sessions-package api="/api"></sessions-package>',
    });
    const pkg = page.locator('sessions-package');
    await pkg.locator('[part~="block"]').waitFor();
    expect(await pkg.locator('[part~="name"]').textContent()).toBe('5 sessions');
    expect(await pkg.locator('[part~="remaining"]').textContent()).toBe('1 of 5 sessions left');
    const ring = pkg.locator('[part~="ring"]');
    expect(await ring.getAttribute('aria-valuenow')).toBe('1');
    expect(await ring.getAttribute('aria-valuemax')).toBe('5');
    expect(await pkg.locator('[part~="status-badge"]').textContent()).toBe('Active');
    expect(await pkg.locator('[part~="payment-badge"]').textContent()).toBe('Paid');
    expect(await pkg.locator('[part~="expiry"]').textContent()).toBe('Does not expire');
    await pkg.locator('[part~="notice"]').getByText('Only 1 of 5 sessions left: time to renew.').waitFor();

    await pkg.locator('[part~="history-summary"]').click();
    const items = (await pkg.locator('[part~="history-item"]').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/^Session 1 of 5 .+ Attended$/);
    expect(items[2]).toMatch(/^Session 3 of 5 .+ Missed$/);
    expect(items[3]).toMatch(/^Session 4 of 5 .+ Attended$/);
  });

  it('<sessions-package>: closed packages with include-closed, and an expiry in the past', async () => {
    const page = await harness.open(context, {
      as: harness.practice.clients.otto,
      body: '<sessions-package api="/api" include-closed></sessions-package>',
    });
    const pkg = page.locator('sessions-package');
    await pkg.locator('[part~="block"]').waitFor();
    expect(await pkg.locator('[part~="status-badge"]').textContent()).toBe('Expired');
    expect(await pkg.locator('[part~="expiry"]').textContent()).toMatch(/^Expired on /);
  });

  it('<sessions-classes>: the public list honours the display flags; details show every session; join and drop', async () => {
    const page = await harness.open(context, {
      as: harness.practice.clients.lena,
      body: '<sessions-classes api="/api"></sessions-classes>',
    });
    await recordEvents(page, ['sessions-booked', 'sessions-cancelled']);
    const classes = page.locator('sessions-classes');
    const card = classes.locator('[part~="class"]');
    await card.waitFor();
    expect(await card.locator('[part~="name"]').textContent()).toBe('Yoga for backs');
    expect(await card.locator('[part~="price"]').textContent()).toMatch(
      /€95\.00 per session, €570\.00 in all · 6 sessions/,
    );
    expect(await card.locator('[part~="seats"]').textContent()).toMatch(/8 of 8 places left/);
    // displayFirst: 2 — the list shows two dates; the details all six.
    await expect(card.locator('.dates [part~="session"]').count()).resolves.toBe(2);
    const details = card.locator('[part~="details-button"]');
    await details.click();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    await card.locator('[part~="details"] [part~="session"]').nth(5).waitFor();
    await expect(card.locator('[part~="details"] [part~="session"]').count()).resolves.toBe(6);

    await card.locator('[part~="join-button"]').click();
    await expect
      .poll(() => statusOf(page, 'sessions-classes').textContent())
      .toBe('You joined “Yoga for backs”: 6 sessions booked.');
    await card.locator('[part~="badge"]').getByText('You are enrolled').waitFor();
    expect(await card.locator('[part~="seats"]').textContent()).toMatch(/7 of 8 places left/);

    await card.locator('[part~="drop-button"]').click();
    await card.locator('[part~="drop-panel"]').waitFor();
    expect((await focused(page)).text).toBe('Drop out of this class?');
    await card.getByRole('button', { name: 'Yes, drop out' }).click();
    await expect.poll(() => statusOf(page, 'sessions-classes').textContent()).toBe('You left “Yoga for backs”.');
    await card.locator('[part~="join-button"]').waitFor();
    expect((await focused(page)).text).toBe('Yoga for backs');

    const events = await recordedEvents(page);
    expect(events.map((e) => [e.type, e.detail.kind, e.detail.classId])).toEqual([
      ['sessions-booked', 'class', harness.practice.classId],
      ['sessions-cancelled', 'class', harness.practice.classId],
    ]);
    expect(events[0]?.detail.result.status).toBe('enrolled');
    expect(events[1]?.detail.result.released).toHaveLength(6);
  });

  it('a hostile name renders as text: no element is created, no script runs', async () => {
    const page = await harness.open(context, {
      as: harness.practice.clients.hostile,
      body: '<sessions-package api="/api"></sessions-package><sessions-classes api="/api"></sessions-classes><sessions-booking api="/api"></sessions-booking>',
    });
    await page.locator('sessions-package [part~="block"]').waitFor();
    await page.locator('sessions-classes [part~="class"]').waitFor();
    const booking = page.locator('sessions-booking');
    await booking.locator('[part~="choice"]').getByText(HOSTILE, { exact: true }).click();
    await booking.locator('[part~="choice"]').getByText(HOSTILE, { exact: true }).waitFor();
    await page.waitForTimeout(100);
    const found = await page.evaluate(() => {
      const roots = [...document.querySelectorAll('sessions-package, sessions-classes, sessions-booking')].map(
        (e) => e.shadowRoot,
      );
      return {
        images: roots.reduce((n, root) => n + (root?.querySelectorAll('img').length ?? 0), document.images.length),
        // biome-ignore lint/suspicious/noExplicitAny: the hostile payload's marker
        pwned: (window as any).__pwned ?? null,
      };
    });
    expect(found).toEqual({ images: 0, pwned: null });
    expect(await page.locator('sessions-package [part~="name"]').textContent()).toBe(HOSTILE);
    expect(await page.locator('sessions-classes [part~="description"]').textContent()).toBe(`Gentle yoga. ${HOSTILE}`);
  });

  it('signed out: the API says 401 and the element says to sign in, with sessions-error', async () => {
    const page = await harness.open(context, { body: '<sessions-package api="/api"></sessions-package>' });
    await recordEvents(page, ['sessions-error']);
    await errorOf(page, 'sessions-package').getByText('Please sign in to continue.').waitFor();
    await errorOf(page, 'sessions-package').getByRole('button', { name: 'Try again' }).waitFor();
    // The error came before the listener in this page; a retry reports again.
    await errorOf(page, 'sessions-package').getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(async () => (await recordedEvents(page))[0]?.detail)
      .toMatchObject({
        code: 'UNAUTHENTICATED',
        status: 401,
        action: 'load',
      });
  });

  it('without api or client, says how to connect', async () => {
    const page = await harness.open(context, { body: '<sessions-booking></sessions-booking>' });
    await page
      .locator('sessions-booking')
      .getByText('Not connected: set the api attribute or the client property.')
      .waitFor();
  });

  it('.client: an in-process client (any SessionsClient) instead of api; its errors are shown like the API’s', async () => {
    const page = await harness.open(context, {
      body: `<sessions-booking hide-upcoming service-id="svc" practitioner-id="pr"></sessions-booking>
<script type="module">
const slot = (h) => ({ start: '2030-01-07T' + h + ':00:00+00:00', end: '2030-01-07T' + h + ':45:00+00:00', startsAt: '2030-01-07T' + h + ':00:00.000Z' });
window.calls = [];
document.querySelector('sessions-booking').client = {
  getSettings: async () => ({ currency: 'GBP', timeZone: 'Europe/London', cancellation: { clientsMayCancel: false, tiers: [] } }),
  listServices: async () => [{ id: 'svc', name: 'Massage', durationMinutes: 45, price: 6000, wage: 0, pricing: 'fixed' }],
  listPractitioners: async () => [{ id: 'pr', name: 'Ada', timeZone: 'Europe/Paris' }],
  listBlocks: async () => [],
  listSessions: async () => [],
  listSlots: async (q) => { window.calls.push(['listSlots', q]); return [slot('10'), slot('11')]; },
  book: async (input) => { window.calls.push(['book', input]); throw { code: 'SLOT_TAKEN', message: 'taken', details: {} }; },
};
</script>`,
    });
    const booking = page.locator('sessions-booking');
    await booking.locator('[part~="slot"]').first().waitFor();
    await booking.locator('[part~="slot"]').first().click();
    await booking.getByText('£60.00').waitFor();
    await booking.locator('[part~="book-button"]').click();
    await errorOf(page, 'sessions-booking').getByText('Someone has just booked that time.', { exact: false }).waitFor();
    // biome-ignore lint/suspicious/noExplicitAny: calls recorded by the page
    const calls: [string, any][] = await page.evaluate(() => (window as any).calls);
    expect(calls[0]?.[1]).toMatchObject({ practitionerId: 'pr', serviceId: 'svc', timeZone: 'Europe/London' });
    // Booked in the practitioner's own zone, with the offset that makes the instant exact.
    expect(calls.find((c) => c[0] === 'book')?.[1]).toEqual({
      practitionerId: 'pr',
      serviceId: 'svc',
      start: '2030-01-07T11:00:00+01:00[Europe/Paris]',
    });
  });
});
