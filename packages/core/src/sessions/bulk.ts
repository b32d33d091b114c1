import { z } from 'zod';
import { parseActor, requireKind } from '../actor.js';
import { idSchema } from '../blocks/schemas.js';
import { isSessionsError, type SessionsError } from '../errors.js';
import { type CommandOptions, type CommandSpec, type Runtime, runCommand } from '../runtime/runtime.js';
import { parseInput } from '../validation.js';
import { cancelInput, cancelSession } from './cancel.js';
import { completeInput, completeSession } from './complete.js';
import { deleteSession } from './removal.js';
import { sessionIdInput } from './schemas.js';
import type { SessionView } from './session-view.js';

/** One session's outcome in a bulk action: done, or refused with the reason. */
export type BulkItem =
  | { readonly sessionId: string; readonly ok: true; readonly session: SessionView }
  | { readonly sessionId: string; readonly ok: false; readonly error: SessionsError };

const sessionIds = z
  .array(idSchema)
  .min(1, { error: 'name at least one session' })
  .max(500, { error: 'at most 500 sessions at a time' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'a session is listed twice' });

export const bulkCompleteInput = completeInput
  .omit({ sessionId: true, clientIds: true })
  .extend({ sessionIds })
  .strict();
export const bulkCancelInput = cancelInput.omit({ sessionId: true, clientIds: true }).extend({ sessionIds }).strict();
export const bulkDeleteInput = sessionIdInput.omit({ sessionId: true }).extend({ sessionIds }).strict();

/**
 * Run one command per session, each in its own transaction, so one refusal
 * (a session already completed, say) does not hold back the rest. The input
 * as a whole is validated first: a bad one changes nothing. With an
 * idempotency key, each session's command gets `key:sessionId`, so a retried
 * bulk action repeats nothing that already happened.
 */
async function runEach<S extends z.ZodType>(
  runtime: Runtime,
  spec: CommandSpec<S, SessionView>,
  bulkInput: z.ZodType<{ sessionIds: string[] } & Record<string, unknown>>,
  rawActor: unknown,
  rawInput: unknown,
  options: CommandOptions = {},
): Promise<BulkItem[]> {
  const actor = parseActor(rawActor);
  requireKind(actor, spec.allowed, spec.action);
  const { sessionIds: ids, ...rest } = parseInput(bulkInput, rawInput, `${spec.name} (bulk) input`);
  const items: BulkItem[] = [];
  for (const sessionId of ids) {
    const key = options.idempotencyKey === undefined ? undefined : `${options.idempotencyKey}:${sessionId}`;
    try {
      const session = await runCommand(
        runtime,
        spec,
        actor,
        { ...rest, sessionId },
        key === undefined ? {} : { idempotencyKey: key },
      );
      items.push({ sessionId, ok: true, session });
    } catch (error) {
      if (!isSessionsError(error)) throw error;
      items.push({ sessionId, ok: false, error });
    }
  }
  return items;
}

export function bulkActions(runtime: Runtime) {
  return {
    /** Complete many sessions with one completion type. */
    bulkComplete: (actor: unknown, input: z.input<typeof bulkCompleteInput>, options?: CommandOptions) =>
      runEach(runtime, completeSession, bulkCompleteInput, actor, input, options),
    /** Cancel many sessions under the cancellation policy. */
    bulkCancel: (actor: unknown, input: z.input<typeof bulkCancelInput>, options?: CommandOptions) =>
      runEach(
        runtime,
        cancelSession as CommandSpec<typeof cancelInput, SessionView>,
        bulkCancelInput,
        actor,
        input,
        options,
      ),
    /** Soft-delete many sessions. */
    bulkDelete: (actor: unknown, input: z.input<typeof bulkDeleteInput>, options?: CommandOptions) =>
      runEach(runtime, deleteSession, bulkDeleteInput, actor, input, options),
  };
}
