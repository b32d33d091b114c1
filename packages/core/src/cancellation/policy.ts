import { z } from 'zod';

/** One tier: a cancellation less than `withinHours` hours before the start is settled with a completion type. */
export const cancellationTierSchema = z
  .object({
    withinHours: z
      .number()
      .int({ error: 'must be a whole number of hours' })
      .min(1, { error: 'must be at least 1 hour' })
      .max(24 * 365),
    /** A built-in type (`missed`, `completed`, `cancelled`) or a custom type's id. */
    completionTypeId: z.string().min(1).max(200),
  })
  .strict();

/**
 * The practice's cancellation policy. Clients may cancel only when
 * `clientsMayCancel` is on and their own `canCancelSessions` permission is set.
 * Up to three tiers; the tightest tier that applies wins (with tiers at 24 h
 * and 2 h, a cancellation 1 h before uses the 2 h tier). Cancelling before
 * every tier is free: the session is cancelled and its unit returned.
 */
export const cancellationPolicySchema = z
  .object({
    clientsMayCancel: z.boolean().default(false),
    tiers: z
      .array(cancellationTierSchema)
      .max(3, { error: 'a policy has at most three tiers' })
      .default([])
      .refine((tiers) => new Set(tiers.map((t) => t.withinHours)).size === tiers.length, {
        error: 'two tiers name the same number of hours',
      }),
  })
  .strict();

export type CancellationPolicy = z.output<typeof cancellationPolicySchema>;
export type CancellationTier = z.output<typeof cancellationTierSchema>;
