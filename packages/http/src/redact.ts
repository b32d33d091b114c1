/**
 * What a practitioner earns is the practice's business, not a client's. Core
 * hands the host whole records (a host's own screens show wages); over this
 * client-facing API, a client never sees them: every `wage`, `wagePerSession`
 * and `totalWages` field is left out of what a client actor receives.
 */
const WAGE_FIELDS = new Set(['wage', 'wagePerSession', 'totalWages']);

export function withoutWages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWages);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (WAGE_FIELDS.has(key)) continue;
    out[key] = withoutWages(field);
  }
  return out;
}
