/**
 * Exclusive locks on string keys, granted first come, first served. A waiter
 * is a resolved-later promise in the key's queue: no polling, no timers.
 */
export class KeyedMutex {
  /** Held keys, with the waiters queued behind each (null: held, nobody waiting). */
  private readonly held = new Map<string, (() => void)[] | null>();

  /** Wait until `key` is free, then hold it until `release(key)`. */
  acquire(key: string): Promise<void> | undefined {
    if (!this.held.has(key)) {
      // Uncontended, the common case: take it at once, without a promise.
      this.held.set(key, null);
      return undefined;
    }
    return new Promise<void>((resolve) => {
      const queue = this.held.get(key);
      if (queue) queue.push(resolve);
      else this.held.set(key, [resolve]);
    });
  }

  /** Pass the key to the next waiter, or free it. */
  release(key: string): void {
    const next = this.held.get(key)?.shift();
    // The lock passes straight to the next waiter, so nobody can barge in between.
    if (next) next();
    else this.held.delete(key);
  }
}
