import type { Sessions } from '@sessions/core';
import { Temporal } from 'temporal-polyfill';
import { type DemoPeople, ZONE } from './seed.js';

const html = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const money = (m: { amount: number; currency: string }) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency }).format(m.amount / 100);
const when = (instant: string) =>
  Temporal.Instant.from(instant)
    .toZonedDateTimeISO(ZONE)
    .toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7fb; }
  header { background: #1f4e79; color: white; padding: 1rem 2rem; display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
  header a { color: white; }
  header nav a { margin-right: .75rem; padding: .2rem .5rem; border-radius: .3rem; }
  header nav a[aria-current] { background: white; color: #1f4e79; }
  main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem; display: grid; gap: 1.5rem; }
  section { background: white; border-radius: .75rem; padding: 1.25rem 1.5rem; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.3rem; margin: 0; } h2 { font-size: 1.1rem; margin-top: 0; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ee; }
  sessions-package, sessions-booking, sessions-classes { --sessions-accent: #1f4e79; }
`;

/** The practice's public page, as a client sees it: the three elements, talking to /api. */
export function clientPage(people: DemoPeople, as: string): string {
  const name = as === 'staff' ? 'Front desk (staff)' : (people.clients[as as keyof DemoPeople['clients']]?.name ?? '');
  const who = Object.entries(people.clients)
    .map(([key, c]) => `<a href="/as/${key}"${key === as ? ' aria-current="true"' : ''}>${html(c.name)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Physio — book and manage your sessions</title>
<style>${STYLE}</style>
<script type="module" src="/elements.js"></script></head>
<body>
<header><h1>Harbour Physio</h1>
<nav aria-label="Demo: who you are">Signed in as: ${who}</nav>
<a href="/practitioner">Practitioner view →</a></header>
<main>
<p>Signed in as <strong>${html(name)}</strong>. Book against what you prepaid, cancel under the practice's policy, and watch your pack change.</p>
<section aria-labelledby="packages"><h2 id="packages">My packages</h2><sessions-package api="/api"></sessions-package></section>
<section aria-labelledby="booking"><h2 id="booking">Book a session</h2><sessions-booking api="/api"></sessions-booking></section>
<section aria-labelledby="classes"><h2 id="classes">Classes</h2><sessions-classes api="/api"></sessions-classes></section>
</main></body></html>`;
}

/** A short practitioner view of the same data, rendered on the server as staff. */
export async function practitionerPage(practice: Sessions, people: DemoPeople): Promise<string> {
  const { staff } = people;
  const now = Temporal.Now.instant();
  const names = new Map((await practice.clients.list(staff)).map((c) => [c.id, c.name]));
  const upcoming = await practice.sessions.list(staff, {
    from: now.toString(),
    to: now.add({ hours: 24 * 14 }).toString(),
    statuses: ['scheduled'],
  });
  const active = await practice.reports.activePackages(staff, { limit: 50 });
  const reminders = await practice.reminders(staff);
  const rows = upcoming
    .map(
      (v) =>
        `<tr><td>${html(when(v.session.startsAt))}</td><td>${v.attendances
          .map(
            (a) =>
              `${html(names.get(a.attendance.clientId))}${a.block ? ` — session ${a.block.sessionNumber} of ${a.block.of ?? '…'}` : ' — <em>unlinked</em>'}`,
          )
          .join('<br>')}</td><td>${html(v.session.location ?? '')}</td></tr>`,
    )
    .join('');
  const packs = active.items
    .map(
      (p) =>
        `<tr><td>${html(p.client.name)}</td><td>${html(p.block.name)}</td><td>${p.balance.remaining} of ${p.balance.purchased} left (${p.balance.reserved} booked)</td><td>${money(p.balance.paid)} paid</td><td>${html(p.block.expiresOn ?? '—')}</td></tr>`,
    )
    .join('');
  // One line per client, kind and block: eight unlinked sessions of one client read as one item.
  const grouped = new Map<string, { text: string; count: number }>();
  for (const r of reminders) {
    const text = `<strong>${html(r.type.replaceAll('_', ' '))}</strong> — ${html(names.get(r.clientId))}${'blockName' in r ? `, ${html(r.blockName)}` : ''} → ${html(r.action.command)}`;
    const entry = grouped.get(text) ?? { text, count: 0 };
    entry.count += 1;
    grouped.set(text, entry);
  }
  const todo = [...grouped.values()].map((g) => `<li>${g.text}${g.count > 1 ? ` (×${g.count})` : ''}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Physio — practitioner view</title><style>${STYLE}</style></head>
<body><header><h1>Harbour Physio — practitioner view</h1><a href="/">← Public page</a></header>
<main>
<section><h2>The next two weeks</h2><table><thead><tr><th>When</th><th>Who</th><th>Where</th></tr></thead><tbody>${rows || '<tr><td colspan="3">Nothing booked.</td></tr>'}</tbody></table></section>
<section><h2>Active packages</h2><table><thead><tr><th>Client</th><th>Package</th><th>Units</th><th>Money</th><th>Expires</th></tr></thead><tbody>${packs}</tbody></table></section>
<section><h2>Actionable reminders</h2><ul>${todo || '<li>Nothing needs attention.</li>'}</ul></section>
</main></body></html>`;
}
