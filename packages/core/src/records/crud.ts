import { z } from 'zod';
import { notFound } from '../errors.js';
import type { RecordRepository, StoreTransaction } from '../ports/store.js';
import type { CommandContext, CommandSpec, QuerySpec } from '../runtime/runtime.js';
import type { RecordBase } from './people.js';

/**
 * Create / update / get / list commands for a simple record type (clients,
 * practitioners, services, templates). Only staff and admins change records;
 * who may read them is up to `readers`.
 */
export interface RecordKind<R extends RecordBase, C extends z.ZodType, P extends z.ZodType> {
  /** "client", "service": used in names and messages. */
  readonly noun: string;
  readonly plural: string;
  readonly repo: (tx: StoreTransaction) => RecordRepository<R>;
  readonly create: C;
  readonly patch: P;
  /** Turn validated input into record fields, checking anything that needs the tenant (currency). */
  readonly build: (ctx: CommandContext, input: Record<string, unknown>, current: R | null) => Partial<R>;
}

export function recordCommands<R extends RecordBase, C extends z.ZodType, P extends z.ZodType>(
  kind: RecordKind<R, C, P>,
) {
  const create: CommandSpec<C, R> = {
    name: `${kind.plural}.create`,
    input: kind.create,
    allowed: ['staff', 'admin'],
    action: `create a ${kind.noun}`,
    locks: () => [],
    async run(ctx, input) {
      const record = {
        ...kind.build(ctx, input as Record<string, unknown>, null),
        tenantId: ctx.actor.tenantId,
        id: ctx.ids(),
        createdAt: ctx.at,
        updatedAt: ctx.at,
      } as R;
      await kind.repo(ctx.tx).insert(record);
      return record;
    },
  };
  const update: CommandSpec<P, R> = {
    name: `${kind.plural}.update`,
    input: kind.patch,
    allowed: ['staff', 'admin'],
    action: `update a ${kind.noun}`,
    locks: (_tx, input) => [`${kind.noun}:${(input as { id: string }).id}`],
    async run(ctx, input) {
      const { id, ...patch } = input as { id: string } & Record<string, unknown>;
      const current = await kind.repo(ctx.tx).get(id);
      if (!current) throw notFound(kind.noun, id);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const record = { ...current, ...kind.build(ctx, defined, current), updatedAt: ctx.at } as R;
      await kind.repo(ctx.tx).update(record);
      return record;
    },
  };
  const idInput = z.object({ id: z.string().min(1) }).strict();
  const get: QuerySpec<typeof idInput, R> = {
    name: `${kind.plural}.get`,
    input: idInput,
    allowed: ['client', 'practitioner', 'staff', 'admin'],
    action: `read a ${kind.noun}`,
    async run({ tx, actor }, { id }) {
      const record = await kind.repo(tx).get(id);
      // Clients may read services and practitioners, and only their own client record.
      if (!record || (kind.noun === 'client' && actor.kind === 'client' && actor.id !== id))
        throw notFound(kind.noun, id);
      return record;
    },
  };
  const listInput = z.object({}).strict().optional();
  const list: QuerySpec<typeof listInput, R[]> = {
    name: `${kind.plural}.list`,
    input: listInput,
    allowed: kind.noun === 'client' ? ['practitioner', 'staff', 'admin'] : ['client', 'practitioner', 'staff', 'admin'],
    action: `list ${kind.plural}`,
    run: ({ tx }) => kind.repo(tx).list(),
  };
  return { create, update, get, list };
}
