/** Generates record ids. Inject a deterministic one in tests. */
export type IdGenerator = () => string;

export const randomIds: IdGenerator = () => crypto.randomUUID();

/** "prefix-1", "prefix-2", …: readable, deterministic ids for tests and examples. */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
