/**
 * Calendar and clock arithmetic on plain numbers: day numbers (days since
 * 1970-01-01), and milliseconds read as a UTC or a local wall clock. No zone
 * rules and no host time zone here: zone-rules.ts turns instants into local
 * milliseconds, and these functions take them apart and print them. The
 * formatting avoids `Date` and padStart because slot lists print thousands.
 */

/** Milliseconds in a day of the clock (local days are always 24 h long). */
export const DAY = 86_400_000;

/** A wall-clock reading, broken into fields. `weekday` is ISO: 1 Monday … 7 Sunday. */
export interface LocalFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
}

// Calendar arithmetic on the proleptic Gregorian calendar (Howard Hinnant's algorithms).

/** Days since 1970-01-01 of a calendar date. */
export function epochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number: [year, month, day]. */
export function civilDate(epochDayNumber: number): [number, number, number] {
  const z = epochDayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

/** ISO weekday of a day number: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(epochDayNumber: number): number {
  return ((((epochDayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Day number of a `YYYY-MM-DD` date (already validated). */
export function epochDayOf(date: string): number {
  return epochDay(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** `YYYY-MM-DD` of a day number (years 0–9999). */
export function dateOf(epochDayNumber: number): string {
  const [y, m, d] = civilDate(epochDayNumber);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * The epoch milliseconds of a stored instant, `2026-03-10T08:00:00.000Z` —
 * several times faster than `Date.parse` on that exact shape (slots read a
 * thousand sessions at a time); any other string goes to `Date.parse`, which
 * reads a `Z` string as UTC whatever the host's zone.
 */
export function instantMs(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(10) !== 84 /* T */ || iso.charCodeAt(23) !== 90 /* Z */) {
    return Date.parse(iso);
  }
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const day = epochDay(year, digit(iso, 5) * 10 + digit(iso, 6), digit(iso, 8) * 10 + digit(iso, 9));
  return (
    day * DAY +
    (digit(iso, 11) * 10 + digit(iso, 12)) * 3_600_000 +
    (digit(iso, 14) * 10 + digit(iso, 15)) * 60_000 +
    (digit(iso, 17) * 10 + digit(iso, 18)) * 1000 +
    digit(iso, 20) * 100 +
    digit(iso, 21) * 10 +
    digit(iso, 22)
  );
}

/** Local milliseconds broken into fields. */
export function localFields(local: number): LocalFields {
  const days = Math.floor(local / DAY);
  const [year, month, day] = civilDate(days);
  let rest = local - days * DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return { year, month, day, hour, minute, second, millisecond: rest - second * 1000, weekday: isoWeekday(days) };
}

export const MIN_FOUR_DIGIT_YEAR = epochDay(0, 1, 1) * DAY;
export const MAX_FOUR_DIGIT_YEAR = epochDay(10000, 1, 1) * DAY;

/** "00" … "99": formatting thousands of slots is string building, so it avoids padStart. */
const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

function pad(n: number, width: number): string {
  if (width === 2 && n < 100) return TWO[n] as string;
  if (width === 4 && n < 10000) return (TWO[Math.floor(n / 100)] as string) + (TWO[n % 100] as string);
  return String(n).padStart(width, '0');
}

/** `HH:MM:00` for each minute of a day, built on first use. */
let minuteTimes: string[] | null = null;
/** The last day formatted, and its `YYYY-MM-DDT`: slots come a day at a time. */
let memoDay = Number.NaN;
let memoDate = '';

/** `2026-03-10T09:00:00` of local (or UTC) milliseconds; the fraction is handled by the callers. */
function formatSeconds(local: number): string {
  const days = Math.floor(local / DAY);
  if (days !== memoDay) {
    const [year, month, day] = civilDate(days);
    memoDate = `${pad(year, 4)}-${TWO[month]}-${TWO[day]}T`;
    memoDay = days;
  }
  const seconds = Math.floor((local - days * DAY) / 1000);
  if (seconds % 60 === 0) {
    minuteTimes ??= Array.from({ length: 1440 }, (_, m) => `${TWO[Math.floor(m / 60)]}:${TWO[m % 60]}:00`);
    return memoDate + (minuteTimes[seconds / 60] as string);
  }
  const hour = Math.floor(seconds / 3600);
  const minute = Math.floor((seconds - hour * 3600) / 60);
  return `${memoDate}${TWO[hour]}:${TWO[minute]}:${TWO[seconds % 60]}`;
}

/** `2026-03-10T09:00:00`, with `.5`, `.25`, `.125` fractions as Temporal prints them. */
export function formatLocal(local: number): string {
  const base = formatSeconds(local);
  const ms = local - Math.floor(local / 1000) * 1000;
  return ms === 0 ? base : `${base}.${String(ms).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * An instant as stored, `2026-03-10T08:00:00.000Z` — what `toISOString`
 * gives for years 0–9999, several times faster.
 */
export function isoInstant(instant: number): string {
  if (instant < MIN_FOUR_DIGIT_YEAR || instant >= MAX_FOUR_DIGIT_YEAR) return new Date(instant).toISOString();
  const ms = instant - Math.floor(instant / 1000) * 1000;
  return `${formatSeconds(instant)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** `+01:00`, `-03:30`, `+00:00`; offsets with seconds (before ~1900) are rounded to the minute, as Temporal does. */
const offsets = new Map<number, string>();

export function formatOffset(offset: number): string {
  let text = offsets.get(offset);
  if (text === undefined) {
    const minutes = Math.round(Math.abs(offset) / 60_000);
    text = `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
    offsets.set(offset, text);
  }
  return text;
}
