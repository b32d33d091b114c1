/**
 * A deep, frozen copy of plain JSON-like data (objects, arrays, primitives).
 * Stored records are frozen copies: a caller who keeps and mutates the object
 * it passed in cannot change what is stored, and readers can share the stored
 * object without copying it again, because nobody can mutate it.
 */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    // JSON drops undefined fields; so does this store, so it behaves like one that serialises.
    if (field !== undefined) copy[key] = frozenCopy(field);
  }
  return Object.freeze(copy) as T;
}
