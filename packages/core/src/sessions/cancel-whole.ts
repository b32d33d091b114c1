import { BUILT_IN_TYPES } from '../completion/charges.js';
import type { CommandContext } from '../runtime/runtime.js';
import type { Books } from './books.js';
import type { Attendance, Session } from './session.js';
import { type OpenSession, saveSession } from './session-command.js';
import { settleAttendances } from './settle.js';

/**
 * Cancel a whole session as the practice (a closure, a series cancelled):
 * every place still scheduled is cancelled at no cost — units returned,
 * holds released, the policy waived and the reason recorded — and the
 * session itself is cancelled, a class session included. Returns the saved
 * session and the places cancelled (for events).
 */
export async function cancelWhole(
  ctx: CommandContext,
  books: Books,
  open: OpenSession,
  reason: string,
): Promise<{ session: Session; attendances: Attendance[]; cancelled: Attendance[] }> {
  const targets = open.attendances.filter((a) => a.status === 'scheduled');
  const hoursBefore = (Date.parse(open.session.startsAt) - ctx.now.epochMilliseconds) / 3_600_000;
  const cancelled = await settleAttendances(ctx, books, open, targets, BUILT_IN_TYPES.cancelled, {
    hoursBefore,
    tier: null,
    waived: true,
    reason,
  });
  const attended = open.attendances.some((a) => a.status === 'completed' || a.status === 'missed');
  const saved = await saveSession(ctx, open, cancelled, attended ? {} : { status: 'cancelled' });
  return { ...saved, cancelled };
}
