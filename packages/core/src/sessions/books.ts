import { AccountLedger } from '../accounts/account-ledger.js';
import { BlockLedger } from '../blocks/block-ledger.js';
import type { Charge } from '../completion/charges.js';
import type { BookingRequest } from '../credits/eligibility.js';
import { consumeHold, releaseHold, reportMoves, returnConsumed, takeForBooking } from '../credits/moves.js';
import { SessionsError } from '../errors.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Attendance } from './session.js';

/**
 * The blocks and client accounts one session command touches, each loaded
 * once, and the moves that keep every attendance at exactly one live effect:
 *
 *                 scheduled        settled, charged    settled, free     deleted
 *   on a block    reserve (hold)   consume             release           none
 *   on account    hold             charge              release           none
 *
 * Ledger entries name the attendance (the block ledger's `sessionId` is the
 * attendance id: one client's place in one session). `save` writes every
 * ledger touched and emits the block events once per command.
 */
export class Books {
  private readonly blocks = new Map<string, BlockLedger>();
  private readonly accounts = new Map<string, AccountLedger>();

  constructor(readonly ctx: CommandContext) {}

  /**
   * The block's ledger, loaded once per command with the entries of the
   * session asked about; a client actor gets NOT_FOUND for a block not theirs.
   */
  async block(blockId: string, sessionId?: string): Promise<BlockLedger> {
    let ledger = this.blocks.get(blockId);
    if (!ledger) {
      ledger = await BlockLedger.load(this.ctx, blockId, { sessions: sessionId === undefined ? [] : [sessionId] });
      this.blocks.set(blockId, ledger);
    }
    return ledger;
  }

  async account(clientId: string): Promise<AccountLedger> {
    let ledger = this.accounts.get(clientId);
    if (!ledger) {
      ledger = await AccountLedger.load(this.ctx, clientId);
      this.accounts.set(clientId, ledger);
    }
    return ledger;
  }

  /** Hold the units a booking needs on a block; returns the value held (the session's cost to the block). */
  async holdOnBlock(blockId: string, request: BookingRequest): Promise<number> {
    const entry = await takeForBooking(this.ctx, await this.block(blockId, request.sessionId), request, 'reserve');
    return entry.value;
  }

  /** Hold a scheduled session's expected cost on the client's account. */
  async holdOnAccount(attendance: Pick<Attendance, 'id' | 'sessionId' | 'clientId'>, amount: number): Promise<void> {
    const account = await this.account(attendance.clientId);
    account.post({ kind: 'hold', held: amount, sessionId: attendance.sessionId, attendanceId: attendance.id });
  }

  /**
   * Settle a scheduled attendance with a charge: on its block, a type that
   * charges uses the held unit(s) whole, one that does not returns them; on
   * the account, the hold becomes the charge (or is released when it is free).
   * Returns what the attendance cost.
   */
  async settle(attendance: Attendance, charge: Charge, reason: string): Promise<number> {
    if (attendance.blockId !== null) {
      const ledger = await this.block(attendance.blockId, attendance.id);
      const hold = (await ledger.effectOf(attendance.id))?.hold;
      if (!hold) throw lostEffect(attendance);
      if (!charge.charges) {
        releaseHold(ledger, attendance.id, hold, reason);
        return 0;
      }
      return consumeHold(ledger, attendance.id, hold, reason).value;
    }
    const account = await this.account(attendance.clientId);
    const held = account.heldFor(attendance.id);
    const ids = { sessionId: attendance.sessionId, attendanceId: attendance.id, reason };
    if (charge.cost > 0) account.post({ kind: 'charge', amount: -charge.cost, held: -held, ...ids });
    else account.post({ kind: 'release', held: -held, ...ids });
    return charge.cost;
  }

  /** Charge a settled attendance that had no live effect (recovered, or moved between block and account). */
  async charge(attendance: Attendance, request: BookingRequest, cost: number, reason: string): Promise<number> {
    if (attendance.blockId !== null) {
      const entry = await takeForBooking(
        this.ctx,
        await this.block(attendance.blockId, attendance.id),
        request,
        'consume',
        reason,
      );
      return entry.value;
    }
    if (cost > 0) {
      const account = await this.account(attendance.clientId);
      account.post({
        kind: 'charge',
        amount: -cost,
        sessionId: attendance.sessionId,
        attendanceId: attendance.id,
        reason,
      });
    }
    return cost;
  }

  /**
   * Take away whatever live effect the attendance has: a hold is released, a
   * charge is given back (units return to the block, money to the account).
   */
  async undo(attendance: Attendance, reason: string): Promise<void> {
    if (attendance.blockId !== null) {
      const ledger = await this.block(attendance.blockId, attendance.id);
      const effect = await ledger.effectOf(attendance.id);
      if (effect?.hold) releaseHold(ledger, attendance.id, effect.hold, reason);
      if (effect?.consumed) {
        if (ledger.block.status === 'cancelled') {
          throw new SessionsError(
            'CONFLICT',
            `Block "${ledger.block.name}" was cancelled, so the unit this session used cannot go back to it: leave the session as it is, or grant the client a unit on another block.`,
            { blockId: ledger.block.id, attendanceId: attendance.id },
          );
        }
        returnConsumed(ledger, attendance.id, effect.consumed, reason);
      }
      return;
    }
    const account = await this.account(attendance.clientId);
    const held = account.heldFor(attendance.id);
    const ids = { sessionId: attendance.sessionId, attendanceId: attendance.id, reason };
    if (held !== 0) account.post({ kind: 'release', held: -held, ...ids });
    const charged = account.chargedFor(attendance.id);
    if (charged.amount !== 0)
      account.post({ kind: 'adjust', amount: charged.amount, correctsEntryId: charged.entryId, ...ids });
  }

  /** Write every ledger touched, and emit the block events (credit moves, low balance, last unit). */
  async save(): Promise<void> {
    for (const ledger of this.blocks.values()) await reportMoves(this.ctx, ledger);
    for (const account of this.accounts.values()) await account.save();
  }
}

function lostEffect(attendance: Attendance): SessionsError {
  return new SessionsError(
    'CONFLICT',
    `Session attendance "${attendance.id}" holds nothing on block "${attendance.blockId}"; its ledger was changed outside the sessions API.`,
    { attendanceId: attendance.id, blockId: attendance.blockId },
  );
}
