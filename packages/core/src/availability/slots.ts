import { epochDayOf, instantMs, isoInstant as iso } from '../civil-time.js';
import { notFound } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import type { Service } from '../records/service.js';
import type { QuerySpec } from '../runtime/runtime.js';
import type { TenantSettings } from '../settings/settings.js';
import type { InstantString } from '../time.js';
import { type ZoneRules, zoneRules } from '../zone-rules.js';
import type { Availability } from './availability.js';
import { slotsInput } from './schemas.js';
import { findSlots, type HoursPlan, hoursPlan, type SlotWindow, Spans } from './slot-engine.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Sessions last at most a day; one starting this long before a window cannot reach into it (with its buffer). */
const LONGEST_SESSION = 2 * DAY;

/** A bookable slot: its start and end on the caller's clock (ISO with offset), and its start as a UTC instant. */
export interface Slot {
  /** `2026-03-10T09:00:00+05:30`, in the zone the caller asked for. */
  readonly start: string;
  readonly end: string;
  /** The start as stored: an ISO UTC instant. */
  readonly startsAt: InstantString;
}

/** Everything slots are judged by, read in one transaction. */
export interface BookingRules {
  readonly availability: Availability;
  readonly plan: HoursPlan;
  /** Closures of the practice and of this practitioner, as instant spans; `source` indexes `closures`. */
  readonly closed: Spans;
  readonly closures: readonly { readonly from: string; readonly to: string; readonly reason: string | null }[];
  /** The practitioner's other sessions, each widened by the buffers. */
  readonly busy: Spans;
}

/**
 * Read what decides the slots starting in `window`: the working hours, the
 * closures, and the practitioner's sessions that could collide with them.
 */
export async function readBookingRules(
  tx: StoreTransaction,
  settings: Pick<TenantSettings, 'timeZone'>,
  availability: Availability,
  service: Service,
  window: SlotWindow,
): Promise<BookingRules> {
  const plan = hoursPlan(availability, zoneRules(availability.timeZone), service.durationMinutes);
  const before = availability.bufferBeforeMinutes * MINUTE;
  const after = availability.bufferAfterMinutes * MINUTE;
  const sessions = await tx.sessions.listByPractitioner(availability.practitionerId, {
    from: iso(window.earliest - LONGEST_SESSION - after),
    to: iso(window.latest + plan.durationMs + before),
  });
  const busy: [number, number][] = [];
  for (const s of sessions) {
    if (s.deletedAt !== null || s.status === 'cancelled') continue;
    busy.push([instantMs(s.startsAt) - before, instantMs(s.endsAt) + after]);
  }
  const practice = zoneRules(settings.timeZone);
  const closures = (await tx.closures.list()).filter(
    (c) => c.deletedAt == null && (c.practitionerId === null || c.practitionerId === availability.practitionerId),
  );
  const closed = closures.map(
    (c) => [practice.startOfDay(epochDayOf(c.from)), practice.startOfDay(epochDayOf(c.to) + 1)] as const,
  );
  return { availability, plan, closed: new Spans(closed), closures, busy: new Spans(busy) };
}

/** Slot starts may not come sooner than the notice nor later than the horizon. */
export function bookingWindow(availability: Availability, now: number, from: number, until: number): SlotWindow {
  return {
    earliest: Math.max(from, now + availability.minimumNoticeMinutes * MINUTE),
    latest: Math.min(until, now + availability.horizonDays * DAY),
  };
}

export function slotOf(start: number, durationMs: number, caller: ZoneRules): Slot {
  return { start: caller.format(start), end: caller.format(start + durationMs), startsAt: iso(start) };
}

export async function serviceOf(tx: StoreTransaction, serviceId: string): Promise<Service> {
  const service = await tx.services.get(serviceId);
  if (!service) throw notFound('service', serviceId);
  return service;
}

/**
 * The bookable slots of a practitioner for a service, between two dates on
 * the caller's calendar (inclusive), written on the caller's clock. A slot
 * lasts the service's duration, starts on the practitioner's slot grid inside
 * their working hours for that date (a date override's, else the weekday's),
 * keeps the buffers before and after it free of their other sessions, misses
 * every closure, and starts between now + the minimum notice and now + the
 * horizon. A practitioner with no working hours has no slots. Anyone may ask.
 */
export const listSlots: QuerySpec<typeof slotsInput, Slot[]> = {
  name: 'availability.slots',
  input: slotsInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'list bookable slots',
  async run({ tx, settings, now }, input) {
    const service = await serviceOf(tx, input.serviceId);
    const availability = await tx.availability.get(input.practitionerId);
    if (!availability) {
      if (!(await tx.practitioners.get(input.practitionerId))) throw notFound('practitioner', input.practitionerId);
      return [];
    }
    const caller = zoneRules(input.timeZone);
    const from = caller.startOfDay(epochDayOf(input.from));
    const until = caller.startOfDay(epochDayOf(input.to) + 1) - 1;
    const window = bookingWindow(availability, now.epochMilliseconds, from, until);
    if (window.earliest > window.latest) return [];
    const rules = await readBookingRules(tx, settings, availability, service, window);
    const starts = findSlots(rules.plan, window, rules.closed, rules.busy);
    return starts.map((start) => slotOf(start, rules.plan.durationMs, caller));
  },
};
