import { z } from 'zod';
import { SessionsError } from '../errors.js';
import type { Page } from '../ports/store.js';
import type { QueryContext, QuerySpec } from '../runtime/runtime.js';
import type { Reminder } from './reminder.js';
import { reminderClock, remindersByBlock } from './reminders.js';
import { remindersOfAttendances, remindersOfSessionInvoices } from './session-reminders.js';

/**
 * The order the feed walks the practice in: blocks by status (live ones
 * first), then unlinked sessions, then invoices of sessions.
 */
const PHASES = ['draft', 'pending', 'active', 'completed', 'expired', 'unlinked', 'invoices'] as const;
type Phase = (typeof PHASES)[number];

interface Cursor {
  readonly phase: Phase;
  readonly after: { readonly key: string; readonly id: string } | null;
}

const cursorSchema = z.object({
  phase: z.enum(PHASES),
  after: z.object({ key: z.string().max(100), id: z.string().max(200) }).nullable(),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new SessionsError('VALIDATION_FAILED', 'Invalid reminders page: after: not a cursor this feed gave out.', {
      issues: [{ path: ['after'], message: 'must be the `next` of an earlier page' }],
    });
  }
}

export const remindersPageInput = z
  .object({
    /** About this many reminders (the page ends with the block or session that reaches it). */
    limit: z.number().int().min(1).max(200).default(50),
    /** The `next` of the previous page; the first page without it. */
    after: z.string().min(1).max(1000).optional(),
    expiringWithinDays: z.number().int().min(0).max(365).default(14),
  })
  .strict()
  .default({ limit: 50, expiringWithinDays: 14 });

export interface RemindersPage {
  readonly items: readonly Reminder[];
  /** Pass as `after` for the next page; null when the whole practice has been read. */
  readonly next: string | null;
}

/**
 * The practice's reminders a page at a time, for a dashboard: the same
 * reminders as `reminders`, found by walking blocks (by status), unlinked
 * sessions and invoices of sessions in pages, so each call reads a bounded
 * number of records however large the practice is. Every call reads at most
 * four store pages of `limit` records.
 */
export const remindersPage: QuerySpec<typeof remindersPageInput, RemindersPage> = {
  name: 'reminders.page',
  input: remindersPageInput,
  allowed: ['staff', 'admin'],
  action: 'read the reminders feed',
  async run(ctx, input) {
    const clock = reminderClock(ctx, input.expiringWithinDays);
    let cursor: Cursor = input.after ? decodeCursor(input.after) : { phase: 'draft', after: null };
    const items: Reminder[] = [];
    for (let reads = 0; reads < 4 && items.length < input.limit; reads++) {
      const page: Page = { after: cursor.after, limit: input.limit };
      const step = await readPhase(ctx, cursor.phase, page, clock, input.limit - items.length);
      items.push(...step.items);
      if (step.last) cursor = { phase: cursor.phase, after: step.last };
      if (step.finished) {
        const next = PHASES[PHASES.indexOf(cursor.phase) + 1];
        if (next === undefined) return { items, next: null };
        cursor = { phase: next, after: null };
      }
    }
    return { items, next: encodeCursor(cursor) };
  },
};

interface Step {
  readonly items: Reminder[];
  /** The key and id of the last record read (the cursor moves past it). */
  readonly last: { key: string; id: string } | null;
  /** The phase has nothing after this page. */
  readonly finished: boolean;
}

/**
 * Read one page of a phase and turn it into reminders (the page's reads
 * batched), taking records in order and stopping after the record whose
 * reminders reach `wanted`.
 */
async function readPhase(
  ctx: QueryContext,
  phase: Phase,
  page: Page,
  clock: ReturnType<typeof reminderClock>,
  wanted: number,
): Promise<Step> {
  const { tx } = ctx;
  let records: { id: string; key: string }[];
  let byRecord: Map<string, Reminder[]>;
  if (phase === 'unlinked') {
    const attendances = await tx.attendances.listUnlinked(page);
    records = attendances.map((a) => ({ id: a.id, key: a.startsAt }));
    byRecord = group(await remindersOfAttendances(ctx, attendances), (r) =>
      r.type === 'unlinked_session' ? r.attendanceId : '',
    );
  } else if (phase === 'invoices') {
    const invoices = await tx.invoices.listForSessions(page);
    records = invoices.map((i) => ({ id: i.id, key: i.createdAt }));
    byRecord = group(await remindersOfSessionInvoices(ctx, invoices), (r) =>
      r.type === 'unpaid_invoice' ? r.invoiceId : '',
    );
  } else if (phase === 'completed' || phase === 'expired') {
    // Only blocks that ended within the reminder window can call for a reminder: read just those.
    const since = phase === 'completed' ? clock.recentSinceInstant : clock.recentSince;
    const blocks = await tx.blocks.listEndedSince(phase, since, page);
    records = blocks.map((b) => ({ id: b.id, key: (phase === 'completed' ? b.closedAt : b.expiresOn) ?? '' }));
    byRecord = await remindersByBlock(ctx, blocks, clock);
  } else {
    const blocks = await tx.blocks.listByStatus([phase], page);
    records = blocks.map((b) => ({ id: b.id, key: b.createdAt }));
    byRecord = await remindersByBlock(ctx, blocks, clock);
  }
  const items: Reminder[] = [];
  let last: Step['last'] = null;
  for (const record of records) {
    items.push(...(byRecord.get(record.id) ?? []));
    last = { key: record.key, id: record.id };
    if (items.length >= wanted) return { items, last, finished: false };
  }
  return { items, last, finished: records.length < page.limit };
}

function group(items: readonly Reminder[], keyOf: (r: Reminder) => string): Map<string, Reminder[]> {
  const map = new Map<string, Reminder[]>();
  for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
  return map;
}
