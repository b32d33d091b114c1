import type { Actor } from '../actor.js';
import { notFound, SessionsError } from '../errors.js';
import { foldLedger, sessionEffects } from '../ledger/totals.js';
import type { StoreTransaction } from '../ports/store.js';
import type { Attendance, Session } from './session.js';

/** One client's place in a session, with the block paying for it. */
export interface AttendanceView {
  readonly attendance: Attendance;
  /**
   * The block paying for it, and the session's number within the block
   * ("session 3 of 10"): sessions holding or having used a unit of the block,
   * counted by date. `of` is the block's units for a block counted in sessions.
   * Null when the session is billed to the client's account.
   */
  readonly block: {
    readonly id: string;
    readonly name: string;
    readonly sessionNumber: number | null;
    readonly of: number | null;
  } | null;
}

export interface SessionView {
  readonly session: Session;
  /** A client sees only their own attendance; the practice sees everyone's. */
  readonly attendances: readonly AttendanceView[];
}

/**
 * Find a session the actor may see. Clients see the sessions they attend,
 * practitioners their own; a session someone may not see does not exist for
 * them. A deleted session is NOT_FOUND unless `allowDeleted`.
 */
export async function visibleSession(
  tx: StoreTransaction,
  actor: Actor,
  sessionId: string,
  options: { allowDeleted?: boolean } = {},
): Promise<{ session: Session; attendances: Attendance[] }> {
  const session = await tx.sessions.get(sessionId);
  if (!session) throw notFound('session', sessionId);
  if (actor.kind === 'practitioner' && session.practitionerId !== actor.id) throw notFound('session', sessionId);
  const attendances = await tx.attendances.listBySession(sessionId);
  if (actor.kind === 'client' && !attendances.some((a) => a.clientId === actor.id))
    throw notFound('session', sessionId);
  if (session.deletedAt !== null && !options.allowDeleted) {
    throw new SessionsError('NOT_FOUND', `Session "${sessionId}" was deleted; recover it before changing it.`, {
      entity: 'session',
      id: sessionId,
      deleted: true,
    });
  }
  return { session, attendances };
}

/** Numbers of the sessions using a block, by date, and the block's size. */
interface BlockNumbers {
  readonly name: string;
  readonly of: number | null;
  readonly numbers: ReadonlyMap<string, number>;
}

/** Builds views, reading each block's numbering once however many sessions use it. */
export class SessionViews {
  private readonly blocks = new Map<string, Promise<BlockNumbers | null>>();

  constructor(
    private readonly tx: StoreTransaction,
    private readonly actor: Actor,
  ) {}

  async view(session: Session, attendances?: readonly Attendance[]): Promise<SessionView> {
    const all = attendances ?? (await this.tx.attendances.listBySession(session.id));
    const client = this.actor.kind === 'client';
    const mine = client ? all.filter((a) => a.clientId === this.actor.id) : all;
    return {
      session: client ? { ...session, privateNote: null } : session,
      attendances: await Promise.all(mine.map((a) => this.attendance(a))),
    };
  }

  async attendance(attendance: Attendance): Promise<AttendanceView> {
    if (attendance.blockId === null) return { attendance, block: null };
    const numbers = await this.numbers(attendance.blockId);
    if (!numbers) return { attendance, block: null };
    return {
      attendance,
      block: {
        id: attendance.blockId,
        name: numbers.name,
        sessionNumber: numbers.numbers.get(attendance.id) ?? null,
        of: numbers.of,
      },
    };
  }

  private numbers(blockId: string): Promise<BlockNumbers | null> {
    let found = this.blocks.get(blockId);
    if (!found) {
      found = blockNumbers(this.tx, blockId);
      this.blocks.set(blockId, found);
    }
    return found;
  }
}

async function blockNumbers(tx: StoreTransaction, blockId: string): Promise<BlockNumbers | null> {
  const block = await tx.blocks.get(blockId);
  if (!block) return null;
  const entries = await tx.ledger.listByBlock(blockId);
  const effects = sessionEffects(entries);
  const numbers = new Map<string, number>();
  // Attendances come ordered by start, then id: the count follows the calendar.
  for (const attendance of await tx.attendances.listByBlock(blockId)) {
    const effect = effects.get(attendance.id);
    if (effect && (effect.hold !== null || effect.consumedUnits > 0)) numbers.set(attendance.id, numbers.size + 1);
  }
  return { name: block.name, of: block.unitKind === 'sessions' ? foldLedger(entries).purchased : null, numbers };
}

/**
 * The status a session has, from its attendances: scheduled while anyone is
 * still to attend, completed once someone attended (or missed it), cancelled
 * when everyone cancelled. A class session nobody is booked into keeps the
 * status it had: open for enrolment, or cancelled as a whole.
 */
export function sessionStatusOf(
  attendances: readonly Pick<Attendance, 'status'>[],
  current?: Pick<Session, 'status' | 'classId'>,
): Session['status'] {
  if (attendances.some((a) => a.status === 'scheduled')) return 'scheduled';
  if (attendances.some((a) => a.status === 'completed' || a.status === 'missed')) return 'completed';
  if (current && (current.classId !== null || attendances.length === 0)) return current.status;
  return 'cancelled';
}
