import { z } from 'zod';
import type { BlockTemplate } from '../blocks/block.js';
import { amountIn } from '../blocks/create-block.js';
import { blockTermsShape, expiryShape } from '../blocks/schemas.js';
import type { Money } from '../money.js';
import { blockPrice } from '../pricing/block-pricing.js';
import { assertModeCurrency } from '../settings/settings-commands.js';
import { patchShape } from '../validation.js';
import type { RecordKind } from './crud.js';
import {
  type Client,
  clientInputSchema,
  clientPatchSchema,
  type Practitioner,
  practitionerInputSchema,
  practitionerPatchSchema,
} from './people.js';
import { type Service, serviceInputSchema, servicePatchSchema } from './service.js';

export const clientKind: RecordKind<Client, typeof clientInputSchema, typeof clientPatchSchema> = {
  noun: 'client',
  plural: 'clients',
  repo: (tx) => tx.clients,
  create: clientInputSchema,
  patch: clientPatchSchema,
  build(ctx, input) {
    assertModeCurrency((input as Partial<Client>).accountMode, ctx.settings.currency, ['accountMode', 'minimum']);
    return input as Partial<Client>;
  },
};

export const practitionerKind: RecordKind<
  Practitioner,
  typeof practitionerInputSchema,
  typeof practitionerPatchSchema
> = {
  noun: 'practitioner',
  plural: 'practitioners',
  repo: (tx) => tx.practitioners,
  create: practitionerInputSchema,
  patch: practitionerPatchSchema,
  build: (_ctx, input) => input as Partial<Practitioner>,
};

export const serviceKind: RecordKind<Service, typeof serviceInputSchema, typeof servicePatchSchema> = {
  noun: 'service',
  plural: 'services',
  repo: (tx) => tx.services,
  create: serviceInputSchema,
  patch: servicePatchSchema,
  build(ctx, input) {
    const { price, wage, ...rest } = input as { price?: Money; wage?: Money };
    return {
      ...(rest as Partial<Service>),
      ...(price ? { price: amountIn(price, ctx.settings.currency, ['price']) } : {}),
      ...(wage ? { wage: amountIn(wage, ctx.settings.currency, ['wage']) } : {}),
    };
  },
};

export const templateInputSchema = z
  .object({
    ...blockTermsShape,
    name: blockTermsShape.name,
    description: blockTermsShape.description.default(null),
    unitKind: blockTermsShape.unitKind.default('sessions'),
    firstUnitPrice: blockTermsShape.firstUnitPrice.default(null),
    coveredServiceIds: blockTermsShape.coveredServiceIds.default(null),
    bookablePractitionerIds: blockTermsShape.bookablePractitionerIds.default(null),
    validForDays: expiryShape.validForDays.default(null),
  })
  .strict();
export const templatePatchSchema = z
  .object({ id: z.string().min(1) })
  .extend(patchShape(templateInputSchema.shape))
  .strict();

export const templateKind: RecordKind<BlockTemplate, typeof templateInputSchema, typeof templatePatchSchema> = {
  noun: 'template',
  plural: 'templates',
  repo: (tx) => tx.templates,
  create: templateInputSchema,
  patch: templatePatchSchema,
  build(ctx, input, current) {
    const { price, firstUnitPrice, ...rest } = input as {
      price?: { total: Money } | { perUnit: Money };
      firstUnitPrice?: Money | null;
      unitKind?: BlockTemplate['unitKind'];
      quantity?: number;
    };
    const currency = ctx.settings.currency;
    const first = firstUnitPrice
      ? amountIn(firstUnitPrice, currency, ['firstUnitPrice'])
      : (firstUnitPrice ?? undefined);
    if (!price)
      return { ...(rest as Partial<BlockTemplate>), ...(first !== undefined ? { firstUnitPrice: first } : {}) };
    const total = blockPrice({
      unitKind: rest.unitKind ?? current?.unitKind ?? 'sessions',
      quantity: rest.quantity ?? current?.quantity ?? 1,
      firstUnitPrice: first ?? null,
      ...('total' in price
        ? { total: amountIn(price.total, currency, ['price', 'total']) }
        : { perUnit: amountIn(price.perUnit, currency, ['price', 'perUnit']) }),
    });
    return { ...(rest as Partial<BlockTemplate>), price: total, firstUnitPrice: first ?? null };
  },
};
