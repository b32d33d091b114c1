import type { Actor, Sessions } from '@sessions/core';
import type { Practice } from './helpers.js';

type SetInput = Parameters<Sessions['availability']['set']>[1];
type SlotsInput = Parameters<Sessions['availability']['slots']>[1];
type BookInput = Parameters<Sessions['availability']['book']>[1];

const nineToFive = [{ start: '09:00', end: '17:00' }];
/** Monday to Friday, 09:00–17:00. */
export const OFFICE_HOURS = { MO: nineToFive, TU: nineToFive, WE: nineToFive, TH: nineToFive, FR: nineToFive };

/** Set the practice's practitioner's hours (weekdays 09:00–17:00 unless told otherwise), as staff. */
export function setHours(p: Practice, input: Partial<SetInput> = {}, as: Actor = p.staff) {
  return p.sessions.availability.set(as, { practitionerId: p.practitionerId, weekly: OFFICE_HOURS, ...input });
}

/** The slots of the practice's practitioner and service, asked for by the client, in Berlin unless told otherwise. */
export function slots(p: Practice, input: Partial<SlotsInput> & Pick<SlotsInput, 'from'>, as: Actor = p.client) {
  return p.sessions.availability.slots(as, {
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    to: input.from,
    timeZone: 'Europe/Berlin',
    ...input,
  });
}

/** Just the slot starts, on the caller's clock: `2026-03-02T09:00:00+01:00`. */
export async function starts(p: Practice, input: Partial<SlotsInput> & Pick<SlotsInput, 'from'>, as?: Actor) {
  return (await slots(p, input, as)).map((s) => s.start);
}

/** The local times (`HH:MM`) of the starts, for a day where the offset is not in question. */
export async function times(p: Practice, input: Partial<SlotsInput> & Pick<SlotsInput, 'from'>, as?: Actor) {
  return (await starts(p, input, as)).map((s) => s.slice(11, 16));
}

/** Book a slot with the practice's practitioner and service, as the client (who books themself) unless told otherwise. */
export function book(p: Practice, start: string, input: Partial<BookInput> = {}, as: Actor = p.client) {
  return p.sessions.availability.book(as, {
    practitionerId: p.practitionerId,
    serviceId: p.serviceId,
    start,
    ...input,
  });
}

/** `HH:MM` times from `first` to `last` every `step` minutes: the grid a test expects. */
export function grid(first: string, last: string, step: number): string[] {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out: string[] = [];
  for (let m = toMinutes(first); m <= toMinutes(last); m += step) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}
