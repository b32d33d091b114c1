import { type Actor, isStaff } from '../actor.js';
import { chargeFor, resolveCompletionType } from '../completion/charges.js';
import type { CompletionSnapshot } from '../completion/completion-type.js';
import { notFound, SessionsError } from '../errors.js';
import { formatMoney, type Money } from '../money.js';
import type { StoreTransaction } from '../ports/store.js';
import type { Service } from '../records/service.js';
import type { Attendance, Session } from '../sessions/session.js';
import type { TenantSettings } from '../settings/settings.js';
import type { CancellationTier } from './policy.js';

/** What cancelling does to one client's place in a session. */
export interface CancellationOutcome {
  readonly attendanceId: string;
  readonly clientId: string;
  readonly blockId: string | null;
  /** The policy tier that applies, or null: cancelled in time (or the policy waived). */
  readonly tier: CancellationTier | null;
  /** The completion type the attendance is settled with: `cancelled` when no tier applies. */
  readonly type: CompletionSnapshot;
  /** Whether the client is charged. */
  readonly charges: boolean;
  /** What the client is charged: the held unit's value on a block, the type's cost on the account. */
  readonly cost: Money;
  readonly wage: Money;
  /** On a block: whether its unit comes back or is used. Null for a session billed to the account. */
  readonly unit: 'returned' | 'used' | null;
  /** One sentence for the person about to cancel. */
  readonly summary: string;
}

export interface CancellationDecision {
  readonly sessionId: string;
  /** When the cancellation happens (or would). */
  readonly at: string;
  /** Hours from then to the start (negative once the session has started). */
  readonly hoursBefore: number;
  readonly waived: boolean;
  readonly outcomes: readonly CancellationOutcome[];
}

export interface CancellationAsk {
  readonly clientIds?: readonly string[] | undefined;
  readonly waivePolicy?: boolean | undefined;
}

/**
 * Decide what a cancellation does, without doing it: `previewCancellation`
 * returns this, and `cancel` applies exactly this. Checks who may cancel
 * (a client needs the practice's switch and their own permission; only staff
 * and admins waive the policy), finds the tightest tier that applies, and
 * prices each open attendance with its type.
 */
export async function decideCancellation(
  read: { tx: StoreTransaction; actor: Actor; settings: TenantSettings },
  open: { session: Session; attendances: readonly Attendance[]; service: Service },
  ask: CancellationAsk,
  at: { instant: string; epochMilliseconds: number },
): Promise<CancellationDecision> {
  const { tx, actor, settings } = read;
  const { session } = open;
  const policy = settings.cancellationPolicy;
  if (actor.kind === 'client') {
    if (!policy.clientsMayCancel) {
      throw new SessionsError(
        'FORBIDDEN',
        'This practice does not let clients cancel sessions themselves: contact the practice to cancel.',
        {
          reason: 'client cancellation disabled',
        },
      );
    }
    const client = await tx.clients.get(actor.id);
    if (!client) throw notFound('client', actor.id);
    if (!client.canCancelSessions) {
      throw new SessionsError(
        'FORBIDDEN',
        'Your account does not have permission to cancel sessions: contact the practice to cancel.',
        {
          reason: 'client lacks permission',
        },
      );
    }
    if (ask.clientIds?.some((id) => id !== actor.id)) {
      throw new SessionsError('FORBIDDEN', 'A client may cancel only their own place in a session.', {
        issues: [{ path: ['clientIds'], message: 'must name only you' }],
      });
    }
  }
  if (actor.kind === 'practitioner' && session.practitionerId !== actor.id) {
    throw new SessionsError('FORBIDDEN', 'A practitioner may only cancel their own sessions.', {
      sessionId: session.id,
    });
  }
  if (ask.waivePolicy && !isStaff(actor)) {
    throw new SessionsError(
      'FORBIDDEN',
      `A ${actor.kind} may not waive the cancellation policy; staff and admins may.`,
      {
        issues: [{ path: ['waivePolicy'], message: 'only staff and admins may waive the policy' }],
      },
    );
  }
  const targets = cancellationTargets(
    open.attendances,
    actor.kind === 'client' ? [actor.id] : ask.clientIds,
    session.id,
  );
  const hoursBefore = (Date.parse(session.startsAt) - at.epochMilliseconds) / 3_600_000;
  if (actor.kind === 'client' && hoursBefore <= 0) {
    // After the start it is a no-show or a late arrival: the practice decides which.
    throw new SessionsError(
      'INVALID_TRANSITION',
      'The session has already started, so it can no longer be cancelled here: contact the practice.',
      { from: 'scheduled', to: 'cancelled', sessionId: session.id, action: 'cancel after the start' },
    );
  }
  const waived = ask.waivePolicy === true;
  const tier = waived ? null : tightestTier(policy.tiers, hoursBefore);
  const type = await resolveCompletionType(tx, actor, tier?.completionTypeId ?? 'cancelled');
  const charge = chargeFor(type, open.service, session.durationMinutes);
  const m = (amount: number): Money => ({ amount, currency: settings.currency });
  const outcomes = targets.map((attendance): CancellationOutcome => {
    // A charged block session uses its held unit whole: the unit's value is its cost.
    const cost = attendance.blockId !== null ? (charge.charges ? attendance.cost : 0) : charge.cost;
    const unit = attendance.blockId === null ? null : charge.charges ? 'used' : 'returned';
    return {
      attendanceId: attendance.id,
      clientId: attendance.clientId,
      blockId: attendance.blockId,
      tier,
      type,
      charges: charge.charges,
      cost: m(cost),
      wage: m(charge.wage),
      unit,
      summary: summarise(unit, cost, tier, type, settings.currency),
    };
  });
  return { sessionId: session.id, at: at.instant, hoursBefore, waived, outcomes };
}

/** The tightest tier that applies: the smallest "less than N hours" the cancellation falls under. */
export function tightestTier(tiers: readonly CancellationTier[], hoursBefore: number): CancellationTier | null {
  let found: CancellationTier | null = null;
  for (const tier of tiers) {
    if (hoursBefore < tier.withinHours && (found === null || tier.withinHours < found.withinHours)) found = tier;
  }
  return found;
}

function cancellationTargets(
  attendances: readonly Attendance[],
  clientIds: readonly string[] | undefined,
  sessionId: string,
): Attendance[] {
  const named = clientIds
    ? clientIds.map((id) => {
        const attendance = attendances.find((a) => a.clientId === id);
        if (!attendance) throw notFound('attendance', `${sessionId}/${id}`);
        return attendance;
      })
    : attendances;
  const settled = named.find((a) => a.status !== 'scheduled');
  if ((clientIds && settled) || !named.some((a) => a.status === 'scheduled')) {
    const status = settled?.status ?? 'settled';
    throw new SessionsError(
      'INVALID_TRANSITION',
      `Cannot cancel: the session is already ${status}. Only a scheduled session can be cancelled.`,
      { from: status, to: 'cancelled', sessionId, action: 'cancel the session' },
    );
  }
  return named.filter((a) => a.status === 'scheduled');
}

function summarise(
  unit: 'returned' | 'used' | null,
  cost: number,
  tier: CancellationTier | null,
  type: CompletionSnapshot,
  currency: string,
): string {
  const why = tier ? `: less than ${tier.withinHours} h before the start (${type.label})` : '';
  if (unit === 'used') return `Cancelling now uses 1 credit${why}.`;
  if (unit === 'returned')
    return tier ? `Cancelling now returns the credit${why}.` : 'Cancelling now returns the credit.';
  if (cost > 0) return `Cancelling now costs ${formatMoney({ amount: cost, currency })}${why}.`;
  return tier ? `Cancelling now is free${why}.` : 'Cancelling now is free.';
}
