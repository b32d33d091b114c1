/**
 * Record ids kept sorted by an instant (an ISO UTC string), then by id: the
 * order every "by start" list returns. Range reads are two binary searches
 * and a slice, as a B-tree index on (startsAt, id) would give a SQL store.
 */
export class SortedIds {
  private readonly keys: string[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Add `id` at `key`; adding it twice at the same key keeps one. */
  add(key: string, id: string): void {
    const at = this.lowerBound(key, id);
    if (this.keys[at] === key && this.ids[at] === id) return;
    if (at === this.ids.length) {
      // Appending in order, the common case (sessions booked forward in time), moves nothing.
      this.keys.push(key);
      this.ids.push(id);
    } else {
      this.keys.splice(at, 0, key);
      this.ids.splice(at, 0, id);
    }
  }

  remove(key: string, id: string): void {
    const at = this.lowerBound(key, id);
    if (this.keys[at] !== key || this.ids[at] !== id) return;
    this.keys.splice(at, 1);
    this.ids.splice(at, 1);
  }

  /** Ids whose key is in the half-open range `from` ≤ key < `to`, in order. */
  range(from: string, to: string): string[] {
    if (!(from < to)) return [];
    return this.ids.slice(this.lowerBound(from, ''), this.lowerBound(to, ''));
  }

  all(): string[] {
    return this.ids.slice();
  }

  /**
   * Ids strictly after (`cursor.key`, `cursor.id`) in order, lazily: from the
   * start when `cursor` is null. With `from`, only ids whose key is at least
   * `from`, whichever bound is later.
   */
  *after(cursor: { readonly key: string; readonly id: string } | null, from?: string): Generator<string> {
    let at = cursor ? this.lowerBound(cursor.key, cursor.id) : 0;
    if (cursor && this.keys[at] === cursor.key && this.ids[at] === cursor.id) at++;
    if (from !== undefined) at = Math.max(at, this.lowerBound(from, ''));
    for (; at < this.ids.length; at++) yield this.ids[at] as string;
  }

  /** The first position whose (key, id) is not before (`key`, `id`). */
  private lowerBound(key: string, id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid] as string;
      if (k < key || (k === key && (this.ids[mid] as string) < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Where a record sits in a keyed index: under `owner` (a practitioner, client, block…) at `key`. */
export interface Slot {
  readonly owner: string;
  readonly key: string;
}

/**
 * Move `id` from its slot before a commit to its slot after, in an index of
 * sorted ids per owner. A null slot means "not in this index". Owners left
 * empty are dropped, so the index never grows with ids that moved away.
 */
export function reslot(index: Map<string, SortedIds>, id: string, before: Slot | null, after: Slot | null): void {
  if (before && after && before.owner === after.owner && before.key === after.key) return;
  if (before) {
    const ids = index.get(before.owner);
    ids?.remove(before.key, id);
    if (ids?.size === 0) index.delete(before.owner);
  }
  if (after) {
    let ids = index.get(after.owner);
    if (!ids) {
      ids = new SortedIds();
      index.set(after.owner, ids);
    }
    ids.add(after.key, id);
  }
}

/** The same for one index of the whole tenant: a null key means "not in it". */
export function rekey(ids: SortedIds, id: string, before: string | null, after: string | null): void {
  if (before === after) return;
  if (before !== null) ids.remove(before, id);
  if (after !== null) ids.add(after, id);
}
