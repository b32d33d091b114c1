import type { Actor } from '../actor.js';
import { isStaff } from '../actor.js';
import { notFound, SessionsError } from '../errors.js';
import { mulDivRoundHalfUp } from '../money.js';
import type { StoreTransaction } from '../ports/store.js';
import type { Service } from '../records/service.js';
import type { BuiltInCompletionTypeId, CompletionSnapshot, CompletionType } from './completion-type.js';

const full = { kind: 'percentage', client: 100, wage: 100 } as const;
const none = { kind: 'percentage', client: 0, wage: 0 } as const;

/** The three built-in types that need no input: full cost and wage, or none. */
export const BUILT_IN_TYPES: Readonly<Record<Exclude<BuiltInCompletionTypeId, 'cost_override'>, CompletionSnapshot>> = {
  completed: { typeId: 'completed', label: 'Completed', baseStatus: 'completed', modifier: full, builtIn: true },
  cancelled: { typeId: 'cancelled', label: 'Cancelled', baseStatus: 'cancelled', modifier: none, builtIn: true },
  missed: { typeId: 'missed', label: 'Missed', baseStatus: 'missed', modifier: full, builtIn: true },
};

export function isBuiltInTypeId(id: string): id is BuiltInCompletionTypeId {
  return id === 'completed' || id === 'cancelled' || id === 'missed' || id === 'cost_override';
}

/** What the caller may give with a type: the cost and wage of a cost override, in minor units. */
export interface OverrideAmounts {
  readonly cost?: number | undefined;
  readonly wage?: number | undefined;
}

/**
 * The snapshot an attendance will keep of a completion type. `cost_override`
 * is for staff and admins, who must say both the cost and the wage; a custom
 * type must exist and be enabled.
 */
export async function resolveCompletionType(
  tx: StoreTransaction,
  actor: Actor,
  typeId: string,
  amounts: OverrideAmounts = {},
): Promise<CompletionSnapshot> {
  if (typeId === 'cost_override') {
    if (!isStaff(actor)) {
      throw new SessionsError(
        'FORBIDDEN',
        `A ${actor.kind} may not set a session's cost: a cost override needs staff or an admin.`,
        {
          actorKind: actor.kind,
        },
      );
    }
    if (amounts.cost === undefined || amounts.wage === undefined) {
      const missing = (['cost', 'wage'] as const).filter((k) => amounts[k] === undefined);
      throw new SessionsError(
        'VALIDATION_FAILED',
        `A cost override needs both the cost and the wage: give ${missing.join(' and ')}.`,
        {
          issues: missing.map((k) => ({ path: [k], message: 'is required with cost_override' })),
        },
      );
    }
    return {
      typeId,
      label: 'Cost override',
      baseStatus: 'completed',
      modifier: { kind: 'fixed', client: amounts.cost, wage: amounts.wage },
      builtIn: true,
    };
  }
  if (amounts.cost !== undefined || amounts.wage !== undefined) {
    throw new SessionsError('VALIDATION_FAILED', 'A cost and wage can be given only with the cost_override type.', {
      issues: [{ path: [amounts.cost !== undefined ? 'cost' : 'wage'], message: 'only with type cost_override' }],
    });
  }
  if (typeId === 'completed' || typeId === 'cancelled' || typeId === 'missed') return BUILT_IN_TYPES[typeId];
  const custom = await tx.completionTypes.get(typeId);
  if (!custom || custom.deletedAt !== null) throw notFound('completion type', typeId);
  if (!custom.enabled) {
    throw new SessionsError(
      'VALIDATION_FAILED',
      `Completion type "${custom.label}" is disabled: enable it, or choose another.`,
      {
        issues: [{ path: ['type'], message: 'is disabled' }],
      },
    );
  }
  return snapshotOf(custom);
}

export function snapshotOf(type: CompletionType): CompletionSnapshot {
  return { typeId: type.id, label: type.label, baseStatus: type.baseStatus, modifier: type.modifier, builtIn: false };
}

/** The service's price for a session of `minutes`: fixed per session, or hourly (rounded half up to the minor unit). */
export function listPrice(service: Pick<Service, 'price' | 'pricing'>, minutes: number): number {
  return service.pricing === 'fixed' ? service.price : mulDivRoundHalfUp(service.price, minutes, 60);
}

/** The practitioner's wage for a session of `minutes`, by the same rule as the price. */
export function listWage(service: Pick<Service, 'wage' | 'pricing'>, minutes: number): number {
  return service.pricing === 'fixed' ? service.wage : mulDivRoundHalfUp(service.wage, minutes, 60);
}

export interface Charge {
  /** What the client is charged, minor units (before any block pays it). */
  readonly cost: number;
  /** What the practitioner earns, minor units. */
  readonly wage: number;
  /**
   * Whether the type charges the client at all. A block-linked session that
   * charges uses its whole unit (a unit is never split); one that does not
   * gets its unit back.
   */
  readonly charges: boolean;
}

/**
 * Apply a completion type to a session of a service: exact, in minor units.
 * A percentage of an hourly service is taken of price × minutes / 60 and
 * rounded once (half up), never rounded twice.
 */
export function chargeFor(
  type: CompletionSnapshot,
  service: Pick<Service, 'price' | 'wage' | 'pricing'>,
  minutes: number,
): Charge {
  const { modifier } = type;
  if (modifier.kind === 'fixed') return { cost: modifier.client, wage: modifier.wage, charges: modifier.client > 0 };
  const share = (amount: number, percent: number) =>
    service.pricing === 'fixed'
      ? mulDivRoundHalfUp(amount, percent, 100)
      : mulDivRoundHalfUp(amount, minutes * percent, 60 * 100);
  return {
    cost: share(service.price, modifier.client),
    wage: share(service.wage, modifier.wage),
    charges: modifier.client > 0,
  };
}
