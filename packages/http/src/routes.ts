import {
  type Actor,
  type BlockView,
  type CommandOptions,
  type Sessions,
  SessionsError,
  type SessionView,
} from '@sessions/core';
import type { z } from 'zod';
import { validationFailed } from './errors.js';
import type { Params, RouteMethod, RouteShape } from './router.js';
import {
  availabilityQuery,
  bookingBody,
  cancelBody,
  cancellationQuery,
  closuresQuery,
  dropBody,
  enrolBody,
  myBlocksQuery,
  mySessionsQuery,
  noQuery,
  subjectQuery,
} from './schemas.js';

/** Everything a route's body gets: the facade, who asks, and the request's parsed parts. */
export interface RouteContext<I> {
  readonly sessions: Sessions;
  readonly actor: Actor;
  readonly params: Params;
  /** The parsed query (GET) or body (POST). */
  readonly input: I;
  /** `{ idempotencyKey }` from the `Idempotency-Key` header, for commands. */
  readonly options: CommandOptions | undefined;
}

export interface Route extends RouteShape {
  /** Where the input comes from: the query string for reads, the JSON body for commands. */
  readonly schema: z.ZodType;
  readonly run: (ctx: RouteContext<never>) => Promise<unknown>;
}

function route<S extends z.ZodType>(
  method: RouteMethod,
  path: string,
  schema: S,
  run: (ctx: RouteContext<z.output<S>>) => Promise<unknown>,
): Route {
  return { method, path, schema, run: run as Route['run'] };
}

/** The live statuses a block is listed with unless `?includeClosed=true`. */
const OPEN_STATUSES = ['draft', 'pending', 'active'] as const;

/**
 * Whose data a `/me` route serves. A client is always served their own: a
 * `?clientId=` naming anyone else is refused, never quietly rewritten. A
 * practitioner, staff member or admin names the client with `?clientId=`,
 * and core's rules for that actor apply.
 */
function subjectOf(actor: Actor, clientId: string | undefined): string {
  if (actor.kind === 'client') {
    if (clientId !== undefined && clientId !== actor.id) {
      throw new SessionsError('FORBIDDEN', 'A client may only read their own data: ?clientId= must be your own id.', {
        issues: [{ path: ['clientId'], message: 'must be your own client id' }],
      });
    }
    return actor.id;
  }
  if (clientId === undefined) {
    throw validationFailed('query', [
      { path: ['clientId'], message: `is required for a ${actor.kind}: name the client whose data to read` },
    ]);
  }
  return clientId;
}

/** The same answer core gives for a block that does not exist, so nothing is learned from it. */
function blockNotFound(blockId: string): SessionsError {
  return new SessionsError('NOT_FOUND', `No block with id "${blockId}" exists in this practice.`, {
    entity: 'block',
    id: blockId,
  });
}

/** Drop keys whose value is undefined, so core sees exactly what was sent. */
function defined<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

/** The table in docs/http.md, one entry per row. */
export const routes: readonly Route[] = [
  route('GET', '/settings', noQuery, async ({ sessions, actor }) => {
    const settings = await sessions.settings.get(actor);
    const { clientsMayCancel, tiers } = settings.cancellationPolicy;
    return {
      currency: settings.currency,
      timeZone: settings.timeZone,
      cancellation: {
        clientsMayCancel,
        tiers: tiers.map((t) => ({ withinHours: t.withinHours, completionTypeId: t.completionTypeId })),
      },
    };
  }),

  route('GET', '/services', noQuery, ({ sessions, actor }) => sessions.services.list(actor)),

  route('GET', '/practitioners', noQuery, async ({ sessions, actor }) =>
    (await sessions.practitioners.list(actor)).map((p) => ({ id: p.id, name: p.name, timeZone: p.timeZone })),
  ),

  route('GET', '/me/blocks', myBlocksQuery, ({ sessions, actor, input }) =>
    sessions.blocks.list(actor, {
      clientId: subjectOf(actor, input.clientId),
      ...(input.includeClosed === 'true' ? {} : { statuses: [...OPEN_STATUSES] }),
    }),
  ),

  route('GET', '/me/blocks/:blockId', subjectQuery, async ({ sessions, actor, params, input }) => {
    const clientId = subjectOf(actor, input.clientId);
    const blockId = params.blockId as string;
    const view: BlockView = await sessions.blocks.get(actor, { blockId });
    // Core hides other clients' blocks from a client; the subject check does it for staff naming a client.
    if (view.block.clientId !== clientId || view.block.deletedAt !== null) throw blockNotFound(blockId);
    const list: SessionView[] = await sessions.sessions.list(actor, { blockId, clientId });
    return { block: view.block, balance: view.balance, sessions: list };
  }),

  route('GET', '/me/sessions', mySessionsQuery, ({ sessions, actor, input }) =>
    sessions.sessions.list(
      actor,
      defined({ clientId: subjectOf(actor, input.clientId), from: input.from, to: input.to }),
    ),
  ),

  route('GET', '/me/reminders', subjectQuery, ({ sessions, actor, input }) =>
    sessions.reminders(actor, { clientId: subjectOf(actor, input.clientId) }),
  ),

  route('GET', '/availability', availabilityQuery, ({ sessions, actor, input }) =>
    sessions.availability.slots(actor, input),
  ),

  route('POST', '/bookings', bookingBody, ({ sessions, actor, input, options }) => {
    const clientId = input.clientId ?? (actor.kind === 'client' ? actor.id : undefined);
    if (clientId === undefined) {
      throw validationFailed('request body', [
        { path: ['clientId'], message: `is required for a ${actor.kind}: name the client who attends` },
      ]);
    }
    const attendee = input.blockId === undefined ? { clientId } : { clientId, blockId: input.blockId };
    return sessions.availability.book(
      actor,
      defined({
        practitionerId: input.practitionerId,
        serviceId: input.serviceId,
        start: input.start,
        clients: [attendee],
        publicNote: input.publicNote,
      }),
      options,
    );
  }),

  route('GET', '/sessions/:sessionId/cancellation', cancellationQuery, ({ sessions, actor, params, input }) =>
    sessions.sessions.previewCancellation(actor, defined({ sessionId: params.sessionId as string, at: input.at })),
  ),

  route('POST', '/sessions/:sessionId/cancel', cancelBody, ({ sessions, actor, params, input, options }) =>
    sessions.sessions.cancel(actor, defined({ sessionId: params.sessionId as string, reason: input.reason }), options),
  ),

  route('GET', '/classes', noQuery, ({ sessions, actor }) => sessions.classes.list(actor)),

  route('GET', '/classes/:classId', noQuery, ({ sessions, actor, params }) =>
    sessions.classes.get(actor, { classId: params.classId as string }),
  ),

  route('POST', '/classes/:classId/enrol', enrolBody, ({ sessions, actor, params, input, options }) =>
    sessions.classes.enrol(
      actor,
      defined({ classId: params.classId as string, blockId: input.blockId, clientId: input.clientId }),
      options,
    ),
  ),

  route('POST', '/classes/:classId/drop', dropBody, ({ sessions, actor, params, input, options }) =>
    sessions.classes.drop(actor, defined({ classId: params.classId as string, clientId: input.clientId }), options),
  ),

  route('GET', '/closures', closuresQuery, ({ sessions, actor, input }) =>
    sessions.closures.list(actor, defined({ from: input.from, to: input.to })),
  ),
];
