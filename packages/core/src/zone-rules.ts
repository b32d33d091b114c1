import { Temporal } from 'temporal-polyfill';

/**
 * Exact, fast conversion between instants and the wall clock of one IANA zone.
 *
 * Temporal answers every question about a zone correctly, but each operation
 * costs tens of microseconds; computing a quarter's bookable slots needs
 * thousands of them. A zone's offset only changes at its transitions, so this
 * asks Temporal once for the transitions around the times in question
 * (`getTimeZoneTransition`), keeps them, and then converts with integer
 * arithmetic. Nothing here reads the host's zone: no `Date` getter other than
 * the UTC ones is used, and wall-clock values are plain numbers.
 *
 * Two kinds of number appear:
 * - an **instant**: milliseconds since 1970-01-01T00:00Z (`epochMilliseconds`);
 * - a **local** time: the wall-clock reading as if it were UTC, milliseconds
 *   since 1970-01-01T00:00 on the zone's clock. `local = instant + offset`.
 *
 * Tests check every conversion against Temporal for random times in several
 * zones, gaps and overlaps included.
 */

const DAY = 86_400_000;
/** Instants Temporal can represent, less a margin for the padding below. */
const LIMIT = 8.64e15 - 3 * 366 * DAY;
/** How far beyond a question the transitions are fetched, so neighbouring questions need no new fetch. */
const PAD = 366 * DAY;

/** Where a local time falls: once (`earlier === later`), twice (an overlap), or not at all (a gap). */
export interface LocalResolution {
  /** The earlier instant showing this wall-clock time; in a gap, the time moved back by the gap (Temporal's `earlier`). */
  readonly earlier: number;
  /** The later instant showing it; in a gap, the time moved forward by the gap (Temporal's `later`). */
  readonly later: number;
  /** In a gap: the transition instant, the first one after the skipped times. Otherwise null. */
  readonly gap: number | null;
}

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

export class ZoneRules {
  readonly timeZone: string;
  /** Segment i has offset `offsets[i]` from `starts[i]` (inclusive) to `starts[i + 1]` (exclusive). */
  private starts: number[] = [];
  private offsets: number[] = [];
  /** Instants in [`from`, `to`] are covered by the segments (`to` may be Infinity). */
  private from = Number.NaN;
  private to = Number.NaN;

  /** Prefer `zoneRules(timeZone)`, which shares one instance per zone. Throws RangeError for an unknown zone. */
  constructor(timeZone: string) {
    this.timeZone = Temporal.Now.zonedDateTimeISO(timeZone).timeZoneId;
  }

  /** The zone's UTC offset at an instant, in milliseconds. */
  offsetAt(instant: number): number {
    this.cover(instant, instant);
    return this.offsets[this.segmentOf(instant)] as number;
  }

  /** Whether the offset changes after `from` and at or before `to`. */
  changesBetween(from: number, to: number): boolean {
    this.cover(from, to);
    return this.segmentOf(from) !== this.segmentOf(to);
  }

  /** The wall-clock reading at an instant, as local milliseconds. */
  toLocal(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** Every instant showing a wall-clock time: one, two (clocks went back) or none (clocks went forward). */
  resolve(local: number): LocalResolution {
    this.cover(local - 2 * DAY, local + 2 * DAY);
    const first = this.segmentOf(local - DAY);
    const last = this.segmentOf(local + DAY);
    let earlier = Number.NaN;
    let later = Number.NaN;
    for (let i = first; i <= last; i++) {
      const instant = local - (this.offsets[i] as number);
      if (instant >= (this.starts[i] as number) && (i + 1 >= this.starts.length || instant < this.startOf(i + 1))) {
        if (Number.isNaN(earlier)) earlier = instant;
        later = instant;
      }
    }
    if (!Number.isNaN(earlier)) return { earlier, later, gap: null };
    // No instant shows this time: it lies in the gap at a transition where the offset grew.
    for (let i = first + 1; i <= last; i++) {
      const at = this.starts[i] as number;
      const before = this.offsets[i - 1] as number;
      const after = this.offsets[i] as number;
      if (local >= at + before && local < at + after) {
        return { earlier: local - after, later: local - before, gap: at };
      }
    }
    /* c8 ignore next */
    throw new Error(`zone-rules: no instant found for local time ${local} in ${this.timeZone}`);
  }

  /**
   * The instant of a wall-clock time. `compatible` (the default, Temporal's
   * and the calendars' rule): a time skipped when clocks go forward moves
   * forward by the gap; one that occurs twice is the earlier.
   */
  toInstant(local: number, disambiguation: 'compatible' | 'earlier' | 'later' = 'compatible'): number {
    const r = this.resolve(local);
    if (disambiguation === 'earlier') return r.earlier;
    if (disambiguation === 'later') return r.later;
    return r.gap === null ? r.earlier : r.later;
  }

  /**
   * The first instant whose wall clock reads `local` or later: the instant a
   * working range starts, or a day begins (in a gap, the transition itself —
   * as Temporal's `startOfDay` has it).
   */
  startBoundary(local: number): number {
    const r = this.resolve(local);
    return r.gap ?? r.earlier;
  }

  /**
   * The instant from which the wall clock reads `local` or later for good:
   * where a working range ending at `local` ends (in an overlap, the second
   * time the clock reaches it; in a gap, the transition).
   */
  endBoundary(local: number): number {
    const r = this.resolve(local);
    return r.gap ?? r.later;
  }

  /** The first instant of a local date (days since 1970-01-01 on the zone's calendar). */
  startOfDay(epochDay: number): number {
    return this.startBoundary(epochDay * DAY);
  }

  /** The wall-clock reading at an instant, in fields. */
  fields(instant: number): LocalFields {
    return localFields(this.toLocal(instant));
  }

  /**
   * An instant as an ISO string with this zone's offset,
   * `2026-03-10T09:00:00+01:00` — what Temporal's
   * `toString({ timeZoneName: 'never' })` gives.
   */
  format(instant: number): string {
    const offset = this.offsetAt(instant);
    const local = instant + offset;
    if (local < MIN_FOUR_DIGIT_YEAR || local >= MAX_FOUR_DIGIT_YEAR) {
      return Temporal.Instant.fromEpochMilliseconds(instant)
        .toZonedDateTimeISO(this.timeZone)
        .toString({ timeZoneName: 'never' });
    }
    return formatLocal(local) + formatOffset(offset);
  }

  private startOf(i: number): number {
    return this.starts[i] as number;
  }

  /** The segment holding an instant (which must be covered). */
  private segmentOf(instant: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (instant < (this.starts[0] as number)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= instant) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Make sure the transitions between `lo` and `hi` are known. */
  private cover(lo: number, hi: number): void {
    if (lo >= this.from && hi <= this.to) return;
    const want = { lo: Math.max(-LIMIT, lo - PAD), hi: Math.min(LIMIT, hi + PAD) };
    if (this.starts.length === 0) {
      const scan = scanTransitions(this.timeZone, want.lo, want.hi);
      this.starts = [want.lo, ...scan.at];
      this.offsets = [scan.offset, ...scan.offsets];
      this.from = want.lo;
      this.to = scan.to;
      return;
    }
    if (lo < this.from) {
      const scan = scanTransitions(this.timeZone, want.lo, this.from);
      const starts = [want.lo];
      const offsets = [scan.offset];
      scan.at.forEach((at, i) => {
        if (at < this.from) {
          starts.push(at);
          offsets.push(scan.offsets[i] as number);
        }
      });
      this.starts = [...starts, ...this.starts];
      this.offsets = [...offsets, ...this.offsets];
      this.from = want.lo;
      this.merge();
    }
    if (hi > this.to) {
      const scan = scanTransitions(this.timeZone, this.to, want.hi);
      scan.at.forEach((at, i) => {
        if (at > (this.starts[this.starts.length - 1] as number)) {
          this.starts.push(at);
          this.offsets.push(scan.offsets[i] as number);
        }
      });
      this.to = scan.to;
      this.merge();
    }
  }

  /** Join neighbouring segments with the same offset. */
  private merge(): void {
    const starts: number[] = [];
    const offsets: number[] = [];
    this.starts.forEach((at, i) => {
      const offset = this.offsets[i] as number;
      if (offsets.length > 0 && offsets[offsets.length - 1] === offset) return;
      starts.push(at);
      offsets.push(offset);
    });
    this.starts = starts;
    this.offsets = offsets;
  }
}

/**
 * The offset at `lo` and the transitions after it, up to and including the
 * first one past `hi` (Temporal found it anyway); `to` is how far that makes
 * the answer complete — Infinity when the zone has no later transition.
 */
function scanTransitions(
  timeZone: string,
  lo: number,
  hi: number,
): { offset: number; at: number[]; offsets: number[]; to: number } {
  let zoned = Temporal.Instant.fromEpochMilliseconds(lo).toZonedDateTimeISO(timeZone);
  const offset = zoned.offsetNanoseconds / 1e6;
  const at: number[] = [];
  const offsets: number[] = [];
  for (;;) {
    const next = zoned.getTimeZoneTransition('next');
    if (next === null) return { offset, at, offsets, to: Number.POSITIVE_INFINITY };
    at.push(next.epochMilliseconds);
    offsets.push(next.offsetNanoseconds / 1e6);
    if (next.epochMilliseconds > hi) return { offset, at, offsets, to: next.epochMilliseconds };
    zoned = next;
  }
}

const shared = new Map<string, ZoneRules>();
/** Spellings that are not a zone's canonical id ("europe/berlin"): remembered up to a bound, so input cannot grow it. */
const aliases = new Map<string, ZoneRules>();
const MAX_ALIASES = 1000;

/** The shared conversion rules of an IANA zone. Throws RangeError for an unknown zone. */
export function zoneRules(timeZone: string): ZoneRules {
  const known = shared.get(timeZone) ?? aliases.get(timeZone);
  if (known) return known;
  const fresh = new ZoneRules(timeZone);
  const rules = shared.get(fresh.timeZone) ?? fresh;
  shared.set(rules.timeZone, rules);
  if (timeZone !== rules.timeZone && aliases.size < MAX_ALIASES) aliases.set(timeZone, rules);
  return rules;
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

const MIN_FOUR_DIGIT_YEAR = epochDay(0, 1, 1) * DAY;
const MAX_FOUR_DIGIT_YEAR = epochDay(10000, 1, 1) * DAY;

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
function formatLocal(local: number): string {
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

function formatOffset(offset: number): string {
  let text = offsets.get(offset);
  if (text === undefined) {
    const minutes = Math.round(Math.abs(offset) / 60_000);
    text = `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
    offsets.set(offset, text);
  }
  return text;
}
