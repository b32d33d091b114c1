import { z } from 'zod';
import { nonNegativeMoneySchema } from '../money.js';

/**
 * How strictly a client must have paid before a session is added:
 * - open: no restriction; bill before or after.
 * - minimum_threshold: the account balance must be at least `minimum`.
 * - available_credit: payments − completed costs − scheduled costs must cover the new session.
 * - package: the session needs a remaining unit on a block (cost per session is the block's unit price).
 * A session linked to a block that takes it is always covered: the block has paid for it.
 */
export const ACCOUNT_MODE_KINDS = ['open', 'minimum_threshold', 'available_credit', 'package'] as const;
export type AccountModeKind = (typeof ACCOUNT_MODE_KINDS)[number];

export const accountModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open') }).strict(),
  z.object({ kind: z.literal('minimum_threshold'), minimum: nonNegativeMoneySchema }).strict(),
  z.object({ kind: z.literal('available_credit') }).strict(),
  z.object({ kind: z.literal('package') }).strict(),
]);

export type AccountMode = z.output<typeof accountModeSchema>;
