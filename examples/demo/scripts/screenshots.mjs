/**
 * Screenshots of a running demo for docs/demo.md, in Debian's Chromium:
 *   pnpm demo -- --port 3100 --data /tmp/demo   (in another terminal)
 *   pnpm --filter @sessions/example-demo screenshots
 * Books a slot and opens a cancellation preview on the way, as a visitor would.
 */
import { chromium } from 'playwright-core';

const base = process.env.DEMO_URL ?? 'http://localhost:3100';
const out = new URL('../../../docs/images/', import.meta.url);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({
  viewport: { width: 1100, height: 900 },
  locale: 'en-GB',
  timezoneId: 'Europe/Berlin',
});
const shot = (name) => page.screenshot({ path: new URL(name, out).pathname, fullPage: true });

await page.goto(`${base}/as/mara`);
await page.waitForSelector('sessions-package >>> .block', { timeout: 10_000 }).catch(() => {});
await page.waitForTimeout(500);
await shot('demo-page.png');

// Book: service → practitioner → date → slot → confirm.
await page
  .getByRole('button', { name: /Physiotherapy/ })
  .first()
  .click();
await page
  .getByRole('button', { name: /Jonas Weber/ })
  .first()
  .click()
  .catch(() => {});
await page.waitForTimeout(800);
await shot('demo-booking-slots.png');

// The cancellation preview for the upcoming session.
await page
  .getByRole('button', { name: /Cancel/ })
  .first()
  .click()
  .catch(() => {});
await page.waitForTimeout(500);
await shot('demo-cancel-preview.png');

await page.goto(`${base}/practitioner`);
await shot('demo-practitioner.png');
await browser.close();
console.log('screenshots written to docs/images/');
