import type { RecordBase } from '../records/people.js';
import type { InstantString } from '../time.js';

/** The broad outcome a completion type maps onto: what the session's status becomes. */
export const BASE_STATUSES = ['completed', 'missed', 'cancelled'] as const;
export type BaseStatus = (typeof BASE_STATUSES)[number];

/** The built-in types, by id. Custom types get generated ids. */
export const BUILT_IN_COMPLETION_TYPE_IDS = ['completed', 'cancelled', 'missed', 'cost_override'] as const;
export type BuiltInCompletionTypeId = (typeof BUILT_IN_COMPLETION_TYPE_IDS)[number];

/**
 * How a type sets the client's cost and the practitioner's wage from the
 * service's: a whole percentage (0–100) of each, or fixed amounts (minor units).
 */
export type Modifier =
  | { readonly kind: 'percentage'; readonly client: number; readonly wage: number }
  | { readonly kind: 'fixed'; readonly client: number; readonly wage: number };

/**
 * A practice's own way to close a session ("Late Cancel": 50 % of the cost,
 * 50 % of the wage). Editing or deleting one never changes a past session:
 * attendances keep a snapshot of the type they were settled with.
 */
export interface CompletionType extends RecordBase {
  /** Shown when closing a session; at most 15 characters. */
  readonly label: string;
  readonly description: string | null;
  readonly baseStatus: BaseStatus;
  readonly modifier: Modifier;
  /** Disabled types are not offered and cannot be applied; past sessions keep them. */
  readonly enabled: boolean;
  /** Soft deletion, so a deleted type's id is never reused. */
  readonly deletedAt: InstantString | null;
}

/** The type as an attendance was settled with it. */
export interface CompletionSnapshot {
  /** A built-in id (`completed`, `cancelled`, `missed`, `cost_override`) or a custom type's id. */
  readonly typeId: string;
  readonly label: string;
  readonly baseStatus: BaseStatus;
  /** For `cost_override`, the fixed cost and wage staff set. */
  readonly modifier: Modifier;
  readonly builtIn: boolean;
}
