/**
 * Dates and times for the visitor, with `Intl` only: the API sends instants as
 * ISO strings (`2026-03-10T08:00:00.000Z`, or with an offset) and calendar days
 * as `YYYY-MM-DD`; nothing here needs Temporal.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** The browser's IANA zone ("Europe/Berlin"). */
export function visitorTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when the runtime knows the zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "Tuesday, 10 March 2026 at 14:30" — an instant on the wall clock of `timeZone`. */
export function formatDateTime(instant: string, locale: string, timeZone: string): string {
  return formatter(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(instant));
}

/** "Tue, 10 Mar 2026, 14:30" — shorter, for lists. */
export function formatShortDateTime(instant: string, locale: string, timeZone: string): string {
  return formatter(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(new Date(instant));
}

/** "14:30" (or "2:30 PM") in `timeZone`. */
export function formatTime(instant: string, locale: string, timeZone: string): string {
  return formatter(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** "Tue 10 Mar" — an instant's day in `timeZone`. */
export function formatDayOfInstant(instant: string, locale: string, timeZone: string): string {
  return formatter(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(new Date(instant));
}

/** A calendar day (`2026-06-30`) as the visitor reads it: "30 June 2026". No zone: a day is a day. */
export function formatDay(day: string, locale: string, style: 'long' | 'medium' = 'long'): string {
  return formatter(locale, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A zone's name for the visitor: "Central European Standard Time" (or its id when Intl has no name). */
export function formatZoneName(timeZone: string, locale: string, at: string = new Date().toISOString()): string {
  const part = formatter(locale, { timeZone, timeZoneName: 'long' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "in 3 days", "yesterday". */
export function formatRelativeDays(days: number, locale: string): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
}

interface WallClock {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
  /** `+05:30`, `-04:00`, `+00:00`. */
  readonly offset: string;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = formatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const name = get('timeZoneName'); // "GMT+05:30", or "GMT" for zero
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '').replace('−', '-');
  return {
    year: get('year').padStart(4, '0'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    offset,
  };
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function dayIn(instant: string | number, timeZone: string): string {
  const c = wallClock(typeof instant === 'number' ? instant : Date.parse(instant), timeZone);
  return `${c.year}-${c.month}-${c.day}`;
}

/** Today in `timeZone`. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return dayIn(now, timeZone);
}

/** A calendar day `n` days after `day` (pure calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (calendar days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * An instant as a zoned date-time with its offset, as the API takes a booking's
 * start: `2026-03-10T09:00:00+01:00[Europe/Berlin]`. The offset makes it exact
 * even in the hour that repeats when clocks go back.
 */
export function zonedDateTime(instant: string, timeZone: string): string {
  const c = wallClock(Date.parse(instant), timeZone);
  return `${c.year}-${c.month}-${c.day}T${c.hour}:${c.minute}:${c.second}${c.offset}[${timeZone}]`;
}
