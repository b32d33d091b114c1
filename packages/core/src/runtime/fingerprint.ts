/**
 * A stable digest of a command's validated input: JSON with object keys
 * sorted, so `{ a, b }` and `{ b, a }` are the same request. Used to refuse an
 * idempotency key reused for a different request.
 */
export function fingerprint(command: string, input: unknown): string {
  return `${command}:${stableJson(input)}`;
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
