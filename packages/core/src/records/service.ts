import { z } from 'zod';
import { nonNegativeMoneySchema } from '../money.js';
import { patchShape } from '../validation.js';
import type { RecordBase } from './people.js';

/**
 * What a practice sells by the session. A fixed service costs its price per
 * session whatever the length; an hourly one costs price × duration / 60.
 */
export const serviceInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'name is required' }).max(200),
  durationMinutes: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 minute' })
    .max(24 * 60),
  price: nonNegativeMoneySchema,
  wage: nonNegativeMoneySchema,
  pricing: z.enum(['fixed', 'hourly']).default('fixed'),
});
export const servicePatchSchema = z.object({ id: z.string().min(1) }).extend(patchShape(serviceInputSchema.shape));

export interface Service extends RecordBase {
  readonly name: string;
  readonly durationMinutes: number;
  /** Minor units of the tenant currency. */
  readonly price: number;
  readonly wage: number;
  readonly pricing: 'fixed' | 'hourly';
}
