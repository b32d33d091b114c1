import type { ActorRef } from '../actor.js';
import { chargeFor } from '../completion/charges.js';
import type { CompletionSnapshot } from '../completion/completion-type.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Books } from './books.js';
import type { Attendance, CancellationRecord } from './session.js';
import type { OpenSession } from './session-command.js';

/**
 * Close scheduled attendances with a completion type: each one's cost and
 * wage come from the type and the service, its hold becomes a charge or is
 * released (see `Books.settle`), and it keeps a snapshot of the type.
 */
export async function settleAttendances(
  ctx: CommandContext,
  books: Books,
  open: OpenSession,
  targets: readonly Attendance[],
  type: CompletionSnapshot,
  cancellation: CancellationRecord | null = null,
): Promise<Attendance[]> {
  const settledBy: ActorRef = { kind: ctx.actor.kind, id: ctx.actor.id };
  const reason = cancellation
    ? cancellation.tier
      ? `cancelled less than ${cancellation.tier.withinHours} h before the start: ${type.label}`
      : 'cancelled in time'
    : type.label.toLowerCase();
  const settled: Attendance[] = [];
  for (const attendance of targets) {
    const charge = chargeFor(type, open.service, open.session.durationMinutes);
    const cost = await books.settle(attendance, charge, reason);
    settled.push({
      ...attendance,
      status: type.baseStatus,
      cost,
      wage: charge.wage,
      completion: type,
      cancellation,
      settledAt: ctx.at,
      settledBy,
    });
  }
  return settled;
}
