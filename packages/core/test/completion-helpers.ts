import type { Practice } from './helpers.js';
import { schedule } from './session-helpers.js';

type Modifier = { kind: 'percentage'; client: number; wage: number };

/** A session billed to the client's account (no block): its cost is the type's charge, to the cent. */
export const onAccount = (p: Practice, input: Record<string, unknown> = {}) =>
  schedule(p, { clients: [{ clientId: p.clientId, blockId: null }], ...input });

/** The practice client's account balance. */
export const account = async (p: Practice) =>
  (await p.sessions.accounts.get(p.staff, { clientId: p.clientId })).balance;

/** The (first) attendance of a session, as staff read it. */
export const attendance = async (p: Practice, sessionId: string) =>
  (await p.sessions.sessions.get(p.staff, { sessionId })).attendances[0]?.attendance;

/** A custom "Late Cancel" type (base status cancelled), 50 % of cost and wage unless told otherwise. */
export const lateCancel = (p: Practice, modifier: Modifier = { kind: 'percentage', client: 50, wage: 50 }) =>
  p.sessions.completionTypes.create(p.admin, { label: 'Late Cancel', baseStatus: 'cancelled', modifier });
