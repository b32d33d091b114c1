import { z } from 'zod';
import { notFound, SessionsError } from '../errors.js';
import type { Money } from '../money.js';
import { blockPrice } from '../pricing/block-pricing.js';
import type { CommandContext, CommandSpec } from '../runtime/runtime.js';
import { todayIn } from '../time.js';
import type { Block, BlockTemplate } from './block.js';
import { BlockLedger, type BlockView } from './block-ledger.js';
import { assertLiveBlockLimit } from './limits.js';
import { blockTermsShape, expiryShape, idSchema } from './schemas.js';

export const createBlockInput = z
  .object({
    clientId: idSchema,
    /** Start from a template; every other field overrides the template's value. */
    templateId: idSchema.optional(),
  })
  .extend(z.object(blockTermsShape).partial().shape)
  .extend(z.object(expiryShape).partial().shape)
  .strict()
  .superRefine((input, ctx) => {
    if (input.templateId === undefined) {
      if (input.quantity === undefined)
        ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'is required without a template' });
      if (input.price === undefined)
        ctx.addIssue({ code: 'custom', path: ['price'], message: 'is required without a template' });
    }
    if (input.expiresOn != null && input.validForDays != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['validForDays'],
        message: 'give an expiry date or a number of days, not both',
      });
    }
  });

export type CreateBlockInput = z.input<typeof createBlockInput>;

export const createBlock: CommandSpec<typeof createBlockInput, BlockView> = {
  name: 'blocks.create',
  input: createBlockInput,
  allowed: ['staff', 'admin'],
  action: 'create a block',
  locks: (_tx, input) => [`client:${input.clientId}`],
  async run(ctx, input) {
    const { tx, settings } = ctx;
    if (!(await tx.clients.get(input.clientId))) throw notFound('client', input.clientId);
    const template = input.templateId ? await tx.templates.get(input.templateId) : null;
    if (input.templateId && !template) throw notFound('block template', input.templateId);

    const currency = settings.currency;
    const unitKind = input.unitKind ?? template?.unitKind ?? 'sessions';
    const quantity = input.quantity ?? template?.quantity ?? 0;
    const firstUnitPrice =
      input.firstUnitPrice != null
        ? amountIn(input.firstUnitPrice, currency, ['firstUnitPrice'])
        : input.firstUnitPrice === null
          ? null
          : (template?.firstUnitPrice ?? null);
    const price = blockPrice({
      unitKind,
      quantity,
      firstUnitPrice,
      ...priceFrom(input.price, template, currency),
    });
    const coveredServiceIds =
      input.coveredServiceIds !== undefined ? input.coveredServiceIds : (template?.coveredServiceIds ?? null);
    const bookablePractitionerIds =
      input.bookablePractitionerIds !== undefined
        ? input.bookablePractitionerIds
        : (template?.bookablePractitionerIds ?? null);
    await assertAllExist(ctx, coveredServiceIds, 'service', 'coveredServiceIds');
    await assertAllExist(ctx, bookablePractitionerIds, 'practitioner', 'bookablePractitionerIds');
    await assertLiveBlockLimit(ctx, input.clientId, null);

    const validForDays = input.validForDays ?? (input.expiresOn === undefined ? template?.validForDays : null) ?? null;
    const expiresOn =
      input.expiresOn ??
      (validForDays !== null ? todayIn(ctx.now, settings.timeZone).add({ days: validForDays }).toString() : null);
    const unlockNow = settings.unlockCreditsOn === 'creation';
    const block: Block = {
      tenantId: ctx.actor.tenantId,
      id: ctx.ids(),
      clientId: input.clientId,
      name: input.name ?? template?.name ?? defaultName(unitKind, quantity),
      description: input.description !== undefined ? input.description : (template?.description ?? null),
      unitKind,
      quantity,
      price,
      firstUnitPrice,
      currency,
      coveredServiceIds,
      bookablePractitionerIds,
      expiresOn,
      templateId: template?.id ?? null,
      status: unlockNow ? 'active' : 'draft',
      invoiceId: null,
      activatedAt: unlockNow ? ctx.at : null,
      closedAt: null,
      deletedAt: null,
      createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
      createdAt: ctx.at,
      updatedAt: ctx.at,
    };
    const ledger = BlockLedger.create(ctx, block);
    ledger.post({
      kind: 'purchase',
      from: null,
      to: 'available',
      units: quantity,
      value: price,
      firstUnit: firstUnitPrice !== null,
      reason: template ? `from template "${template.name}"` : null,
    });
    await ledger.save({ insert: true });
    const aggregate = { type: 'block', id: block.id } as const;
    ctx.emit('block.created', aggregate, { clientId: block.clientId, quantity, unitKind, price });
    if (unlockNow) ctx.emit('block.activated', aggregate, { clientId: block.clientId, unlockedOn: 'creation' });
    return ledger.view();
  },
};

function priceFrom(
  price: { total: Money } | { perUnit: Money } | undefined,
  template: BlockTemplate | null,
  currency: string,
): { total?: number; perUnit?: number } {
  if (price === undefined) return { total: template?.price ?? 0 };
  if ('total' in price) return { total: amountIn(price.total, currency, ['price', 'total']) };
  return { perUnit: amountIn(price.perUnit, currency, ['price', 'perUnit']) };
}

/** An amount in the tenant's currency; any other currency is refused, never converted. */
export function amountIn(money: Money, currency: string, path: (string | number)[]): number {
  if (money.currency !== currency) {
    throw new SessionsError(
      'CURRENCY_MISMATCH',
      `${path.join('.')} is in ${money.currency} but this practice works in ${currency}.`,
      {
        expected: currency,
        received: money.currency,
        issues: [{ path: [...path, 'currency'], message: `must be ${currency}` }],
      },
    );
  }
  return money.amount;
}

async function assertAllExist(
  ctx: CommandContext,
  ids: readonly string[] | null,
  what: 'service' | 'practitioner',
  field: string,
): Promise<void> {
  if (!ids) return;
  const repo = what === 'service' ? ctx.tx.services : ctx.tx.practitioners;
  for (const [index, id] of ids.entries()) {
    if (!(await repo.get(id))) {
      throw new SessionsError('VALIDATION_FAILED', `Invalid block: ${field}.${index}: no ${what} "${id}" exists.`, {
        issues: [{ path: [field, index], message: `unknown ${what} "${id}"` }],
      });
    }
  }
}

function defaultName(unitKind: Block['unitKind'], quantity: number): string {
  if (unitKind === 'sessions') return `${quantity} session${quantity === 1 ? '' : 's'}`;
  if (unitKind === 'minutes') return `${quantity} minutes`;
  return 'Prepaid credit';
}
