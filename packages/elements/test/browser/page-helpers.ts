import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * Run axe-core over the page (open shadow roots included) and return the
 * violations, each with the offending markup, so a failing assertion says what
 * to fix.
 */
export async function axeViolations(page: Page, include = 'body'): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/axe.js' });
  return page.evaluate(async (selector) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global from the injected script
    const axe = (window as any).axe;
    const result = await axe.run(document.querySelector(selector), { resultTypes: ['violations'] });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, include);
}

export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** The element's live region (role=status): what was announced. */
export function statusOf(page: Page, tag: string): Locator {
  return page.locator(`${tag} [part~="status"]`);
}

/** The element's alert region (role=alert): the error shown. */
export function errorOf(page: Page, tag: string): Locator {
  return page.locator(`${tag} [part~="error"]`);
}

/** What has focus, through shadow roots: `{ tag, part, text, role }` of the deepest active element. */
export async function focused(
  page: Page,
): Promise<{ tag: string; part: string; text: string; role: string; id: string }> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return {
      tag: active?.tagName.toLowerCase() ?? '',
      part: active?.getAttribute('part') ?? '',
      text: (active?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      role: active?.getAttribute('role') ?? '',
      id: active?.id ?? '',
    };
  });
}

/** Press Tab until `predicate` holds for the focused element; fails after `max` presses. */
export async function tabTo(
  page: Page,
  predicate: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 60,
): Promise<Awaited<ReturnType<typeof focused>>> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (predicate(now)) return now;
  }
  throw new Error(`Tab never reached the control (${max} presses); last focus: ${JSON.stringify(await focused(page))}`);
}

/** Collect an element's events into `window.__events` (type and detail), for assertions. */
export async function recordEvents(page: Page, types: readonly string[]): Promise<void> {
  await page.evaluate((list) => {
    // biome-ignore lint/suspicious/noExplicitAny: test bookkeeping on window
    const w = window as any;
    w.__events = [];
    for (const type of list) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
    }
  }, types);
}

// biome-ignore lint/suspicious/noExplicitAny: event details are read by path in assertions
export async function recordedEvents(page: Page): Promise<{ type: string; detail: any }[]> {
  // biome-ignore lint/suspicious/noExplicitAny: test bookkeeping on window
  return page.evaluate(() => (window as any).__events ?? []);
}
