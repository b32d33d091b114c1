import { z } from 'zod';
import { amountIn } from '../blocks/create-block.js';
import { idSchema } from '../blocks/schemas.js';
import { notFound, SessionsError } from '../errors.js';
import { nonNegativeMoneySchema } from '../money.js';
import type { CommandContext, CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { BUILT_IN_TYPES } from './charges.js';
import { BASE_STATUSES, type CompletionType, type Modifier } from './completion-type.js';

const percent = z
  .number({ error: 'must be a whole percentage from 0 to 100' })
  .int({ error: 'must be a whole percentage from 0 to 100' })
  .min(0, { error: 'must not be negative' })
  .max(100, { error: 'must be at most 100 %' });

/** A percentage of the service's cost and wage, or fixed amounts in the practice currency. */
const modifierSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentage'), client: percent, wage: percent }).strict(),
  z.object({ kind: z.literal('fixed'), client: nonNegativeMoneySchema, wage: nonNegativeMoneySchema }).strict(),
]);

const typeShape = {
  label: z.string().trim().min(1, { error: 'label is required' }).max(15, { error: 'must be at most 15 characters' }),
  description: z.string().max(500).nullable().default(null),
  /** The broad outcome it maps onto; there is no wrong choice. */
  baseStatus: z.enum(BASE_STATUSES),
  modifier: modifierSchema,
  enabled: z.boolean().default(true),
};

export const createCompletionTypeInput = z.object(typeShape).strict();
export const updateCompletionTypeInput = z
  .object({
    id: idSchema,
    label: typeShape.label.optional(),
    description: z.string().max(500).nullable().optional(),
    baseStatus: typeShape.baseStatus.optional(),
    modifier: modifierSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const idInput = z.object({ id: idSchema }).strict();

/** The shape a host lists: built-in and custom types side by side. */
export interface CompletionTypeView {
  readonly id: string;
  readonly label: string;
  readonly description: string | null;
  readonly baseStatus: CompletionType['baseStatus'];
  /** Null for `cost_override`, whose cost and wage are set each time. */
  readonly modifier: Modifier | null;
  readonly enabled: boolean;
  readonly builtIn: boolean;
  /** Only staff and admins may apply it. */
  readonly staffOnly: boolean;
}

function modifierIn(ctx: CommandContext, modifier: z.output<typeof modifierSchema>): Modifier {
  if (modifier.kind === 'percentage') return modifier;
  const currency = ctx.settings.currency;
  return {
    kind: 'fixed',
    client: amountIn(modifier.client, currency, ['modifier', 'client']),
    wage: amountIn(modifier.wage, currency, ['modifier', 'wage']),
  };
}

export const createCompletionType: CommandSpec<typeof createCompletionTypeInput, CompletionType> = {
  name: 'completionTypes.create',
  input: createCompletionTypeInput,
  allowed: ['admin'],
  action: 'create a completion type',
  locks: () => [],
  async run(ctx, input) {
    const type: CompletionType = {
      tenantId: ctx.actor.tenantId,
      id: ctx.ids(),
      label: input.label,
      description: input.description,
      baseStatus: input.baseStatus,
      modifier: modifierIn(ctx, input.modifier),
      enabled: input.enabled,
      deletedAt: null,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    await ctx.tx.completionTypes.insert(type);
    return type;
  },
};

async function loadCustom(ctx: CommandContext, id: string): Promise<CompletionType> {
  if (id in BUILT_IN_TYPES || id === 'cost_override') {
    throw new SessionsError('FORBIDDEN', `"${id}" is a built-in completion type; built-in types cannot be changed.`, {
      issues: [{ path: ['id'], message: 'is a built-in type' }],
    });
  }
  const type = await ctx.tx.completionTypes.get(id);
  if (!type || type.deletedAt !== null) throw notFound('completion type', id);
  return type;
}

/** The cancellation policy may not point at a type that can no longer be applied. */
function assertNotInPolicy(ctx: CommandContext, type: CompletionType, change: string): void {
  const tier = ctx.settings.cancellationPolicy.tiers.find((t) => t.completionTypeId === type.id);
  if (tier) {
    throw new SessionsError(
      'CONFLICT',
      `Completion type "${type.label}" is used by the cancellation policy (under ${tier.withinHours} h): change the policy before you ${change} it.`,
      { id: type.id, withinHours: tier.withinHours },
    );
  }
}

/** Edit a custom type. Sessions already settled with it keep the snapshot they were settled with. */
export const updateCompletionType: CommandSpec<typeof updateCompletionTypeInput, CompletionType> = {
  name: 'completionTypes.update',
  input: updateCompletionTypeInput,
  allowed: ['admin'],
  action: 'change a completion type',
  locks: (_tx, input) => [`completion_type:${input.id}`, 'settings'],
  async run(ctx, input) {
    const current = await loadCustom(ctx, input.id);
    if (input.enabled === false && current.enabled) assertNotInPolicy(ctx, current, 'disable');
    const next: CompletionType = {
      ...current,
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.baseStatus !== undefined ? { baseStatus: input.baseStatus } : {}),
      ...(input.modifier !== undefined ? { modifier: modifierIn(ctx, input.modifier) } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      updatedAt: ctx.at,
    };
    await ctx.tx.completionTypes.update(next);
    return next;
  },
};

/** Remove a custom type from use. Past sessions keep it; its id is never reused. */
export const deleteCompletionType: CommandSpec<typeof idInput, CompletionType> = {
  name: 'completionTypes.delete',
  input: idInput,
  allowed: ['admin'],
  action: 'delete a completion type',
  locks: (_tx, input) => [`completion_type:${input.id}`, 'settings'],
  async run(ctx, input) {
    const current = await loadCustom(ctx, input.id);
    assertNotInPolicy(ctx, current, 'delete');
    const next = { ...current, deletedAt: ctx.at, enabled: false, updatedAt: ctx.at };
    await ctx.tx.completionTypes.update(next);
    return next;
  },
};

const listInput = z
  .object({ includeDisabled: z.boolean().default(false) })
  .strict()
  .default({ includeDisabled: false });

/** Every type that can close a session: the built-ins, then custom types oldest first. */
export const listCompletionTypes: QuerySpec<typeof listInput, CompletionTypeView[]> = {
  name: 'completionTypes.list',
  input: listInput,
  allowed: ['practitioner', 'staff', 'admin'],
  action: 'list completion types',
  async run({ tx }, input) {
    const builtIns: CompletionTypeView[] = [
      ...Object.values(BUILT_IN_TYPES).map((t) => ({
        id: t.typeId,
        label: t.label,
        description: null,
        baseStatus: t.baseStatus,
        modifier: t.modifier,
        enabled: true,
        builtIn: true,
        staffOnly: false,
      })),
      {
        id: 'cost_override',
        label: 'Cost override',
        description: 'Staff set the cost and the wage.',
        baseStatus: 'completed',
        modifier: null,
        enabled: true,
        builtIn: true,
        staffOnly: true,
      },
    ];
    const custom = (await tx.completionTypes.list())
      .filter((t) => t.deletedAt === null && (input.includeDisabled || t.enabled))
      .map((t) => ({
        id: t.id,
        label: t.label,
        description: t.description,
        baseStatus: t.baseStatus,
        modifier: t.modifier,
        enabled: t.enabled,
        builtIn: false,
        staffOnly: false,
      }));
    return [...builtIns, ...custom];
  },
};
