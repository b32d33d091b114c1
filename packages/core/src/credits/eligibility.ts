import { Temporal } from 'temporal-polyfill';
import type { Block } from '../blocks/block.js';
import { expiryInstant } from '../blocks/expiry.js';
import { notFound, SessionsError } from '../errors.js';
import { formatMoney, mulDivRoundHalfUp } from '../money.js';
import type { Service } from '../records/service.js';
import type { References } from '../runtime/references.js';
import type { CommandContext } from '../runtime/runtime.js';

/** What a booking asks of a block. */
export interface BookingRequest {
  readonly sessionId: string;
  readonly serviceId: string;
  readonly practitionerId: string;
  /** The session's start, an ISO UTC instant. */
  readonly startsAt: string;
  /** The session's length; defaults to the service's duration. */
  readonly minutes?: number | undefined;
}

/**
 * Check that a block may pay for a booking, in the order a person would want
 * to hear about it: is the block usable at all, is it still in date, does it
 * cover this service and practitioner. Remaining credit is checked by the
 * caller, against the units this returns.
 */
export async function checkEligibility(
  ctx: Pick<CommandContext, 'tx' | 'settings' | 'now'> & { refs?: References },
  block: Block,
  request: BookingRequest,
): Promise<{ units: number; service: Service }> {
  const expiry = expiryInstant(block, ctx.settings.timeZone);
  if (block.status === 'expired' || (expiry && ctx.now.epochMilliseconds >= expiry.epochMilliseconds)) {
    throw new SessionsError(
      'BLOCK_EXPIRED',
      `Block "${block.name}" expired at the end of ${block.expiresOn}; extend its expiry to book against it.`,
      { blockId: block.id, expiresOn: block.expiresOn },
    );
  }
  if (block.status !== 'active') throw notActive(ctx, block);
  if (expiry && startsAtOrAfter(request.startsAt, expiry)) {
    throw new SessionsError(
      'BLOCK_EXPIRED',
      `The session starts after block "${block.name}" expires (end of ${block.expiresOn}); book an earlier time or extend the block.`,
      { blockId: block.id, expiresOn: block.expiresOn, startsAt: request.startsAt },
    );
  }
  const service = await (ctx.refs ? ctx.refs.service(request.serviceId) : ctx.tx.services.get(request.serviceId));
  if (!service) throw notFound('service', request.serviceId);
  const practitioner = await (ctx.refs
    ? ctx.refs.practitioner(request.practitionerId)
    : ctx.tx.practitioners.get(request.practitionerId));
  if (!practitioner) throw notFound('practitioner', request.practitionerId);
  if (block.coveredServiceIds && !block.coveredServiceIds.includes(service.id)) {
    throw new SessionsError('NOT_COVERED', `Block "${block.name}" does not cover the service "${service.name}".`, {
      blockId: block.id,
      serviceId: service.id,
      coveredServiceIds: block.coveredServiceIds,
    });
  }
  if (block.bookablePractitionerIds && !block.bookablePractitionerIds.includes(request.practitionerId)) {
    throw new SessionsError('NOT_COVERED', `Block "${block.name}" cannot be booked with this practitioner.`, {
      blockId: block.id,
      practitionerId: request.practitionerId,
      bookablePractitionerIds: block.bookablePractitionerIds,
    });
  }
  return { units: unitsForBooking(block, service, request.minutes), service };
}

/**
 * Units a session uses: one session whatever its length; its minutes; or its
 * price in minor units of credit (an hourly service rounds half up to the cent).
 */
export function unitsForBooking(block: Pick<Block, 'unitKind'>, service: Service, minutes?: number): number {
  const length = minutes ?? service.durationMinutes;
  if (block.unitKind === 'sessions') return 1;
  if (block.unitKind === 'minutes') return length;
  return service.pricing === 'fixed' ? service.price : mulDivRoundHalfUp(service.price, length, 60);
}

export function insufficientCredit(block: Block, needed: number, remaining: number): SessionsError {
  const unit = block.unitKind === 'sessions' ? 'session' : block.unitKind === 'minutes' ? 'minute' : 'credit';
  const describe = (n: number) =>
    block.unitKind === 'money'
      ? formatMoney({ amount: n, currency: block.currency })
      : `${n} ${unit}${n === 1 ? '' : 's'}`;
  return new SessionsError(
    'INSUFFICIENT_CREDIT',
    `Block "${block.name}" has ${describe(remaining)} left but this booking needs ${describe(needed)}.`,
    { blockId: block.id, needed, remaining, missing: needed - remaining },
  );
}

function notActive(ctx: Pick<CommandContext, 'settings'>, block: Block): SessionsError {
  const hints: Record<string, string> = {
    draft: 'issue its invoice first',
    pending: `its credits unlock ${ctx.settings.unlockCreditsOn === 'payment' ? 'when the invoice is paid in full' : 'when the invoice is issued'}`,
    completed: 'every unit has been used',
    cancelled: 'it was cancelled',
  };
  const code = block.status === 'completed' ? 'INSUFFICIENT_CREDIT' : 'BLOCK_NOT_ACTIVE';
  return new SessionsError(
    code,
    `Block "${block.name}" is ${block.status}: ${hints[block.status] ?? 'it is not usable'}.`,
    {
      blockId: block.id,
      status: block.status,
    },
  );
}

function startsAtOrAfter(startsAt: string, instant: Temporal.Instant): boolean {
  return Temporal.Instant.compare(Temporal.Instant.from(startsAt), instant) >= 0;
}
