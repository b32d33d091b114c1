/**
 * Turns by key, first come first served: `take(key)` resolves once every
 * earlier holder of `key` has released it. The store gives optimistic credit
 * moves on one block their turns, so bookings this process makes at the same
 * moment on one block run one after another, each resting on the last one's
 * snapshot, instead of all reading the same version and all but one failing
 * their commit check.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<void>>();

  async take(key: string): Promise<() => void> {
    const before = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before ? before.then(() => mine) : mine;
    this.tails.set(key, tail);
    if (before) await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      // The last in line leaves no entry behind.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
