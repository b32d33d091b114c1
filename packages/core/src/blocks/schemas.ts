import { z } from 'zod';
import { type Money, nonNegativeMoneySchema } from '../money.js';
import { plainDateSchema } from '../time.js';
import { UNIT_KINDS } from './block.js';

export const idSchema = z.string().min(1, { error: 'id is required' }).max(200);

/** Upper bound on units in one block: enough for a year of money credit in minor units. */
export const MAX_BLOCK_UNITS = 100_000_000;

export const quantitySchema = z
  .number({ error: 'must be a whole number of units' })
  .int({ error: 'must be a whole number of units' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_BLOCK_UNITS, { error: `must be at most ${MAX_BLOCK_UNITS}` });

/**
 * A block's price: the whole amount, or a price per unit — exactly one. One
 * object rather than a union, so a bad amount is reported at its own path
 * (`price.total.amount`), not as "no union member matched".
 */
export const priceInputSchema = z
  .object({ total: nonNegativeMoneySchema.optional(), perUnit: nonNegativeMoneySchema.optional() })
  .strict()
  .refine((price) => (price.total === undefined) !== (price.perUnit === undefined), {
    error: 'give either total or perUnit',
  })
  .transform((price) => (price.total !== undefined ? { total: price.total } : { perUnit: price.perUnit as Money }));

const idList = z.array(idSchema).min(1, { error: 'list at least one, or pass null for all' }).nullable();

/** The terms shared by templates and ad-hoc blocks. */
export const blockTermsShape = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  unitKind: z.enum(UNIT_KINDS),
  quantity: quantitySchema,
  price: priceInputSchema,
  firstUnitPrice: nonNegativeMoneySchema.nullable(),
  coveredServiceIds: idList,
  bookablePractitionerIds: idList,
};

export const expiryShape = {
  /** The last day the block can be used (tenant calendar). */
  expiresOn: plainDateSchema.nullable(),
  /** Or: expire this many days after creation. */
  validForDays: z.number().int().min(1).max(3660).nullable(),
};
