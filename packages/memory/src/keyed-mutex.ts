/**
 * Exclusive locks on string keys, granted first come, first served. A waiter
 * is a resolved-later promise in the key's queue: no polling, no timers.
 */
export class KeyedMutex {
  private readonly queues = new Map<string, (() => void)[]>();

  /** Wait until `key` is free, then hold it; returns the function that releases it. */
  async acquire(key: string): Promise<() => void> {
    const queue = this.queues.get(key);
    if (queue === undefined) {
      this.queues.set(key, []);
    } else {
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver(key);
    };
  }

  private handOver(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    // The lock passes straight to the next waiter, so nobody can barge in between.
    if (next) next();
    else this.queues.delete(key);
  }
}
