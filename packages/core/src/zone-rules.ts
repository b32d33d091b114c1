import { Temporal } from 'temporal-polyfill';
import {
  DAY,
  formatLocal,
  formatOffset,
  type LocalFields,
  localFields,
  MAX_FOUR_DIGIT_YEAR,
  MIN_FOUR_DIGIT_YEAR,
} from './civil-time.js';

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
