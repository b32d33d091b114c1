import { z } from 'zod';
import { accountModeSchema } from '../accounts/account-mode.js';
import { cancellationPolicySchema } from '../cancellation/policy.js';
import { currencyCodeSchema } from '../money.js';
import { timeZoneSchema } from '../time.js';
import { patchShape } from '../validation.js';

/** When a block's credits become usable. */
export const UNLOCK_MOMENTS = ['payment', 'invoice', 'creation'] as const;
export type UnlockMoment = (typeof UNLOCK_MOMENTS)[number];

const settingsShape = {
  /** One currency per practice: every amount in the tenant is in it. */
  currency: currencyCodeSchema,
  /** The practice's IANA zone: expiry and due dates are days on its calendar. */
  timeZone: timeZoneSchema,
  /** Credits unlock when the invoice is paid in full (default), when it is issued, or at once. */
  unlockCreditsOn: z.enum(UNLOCK_MOMENTS).default('payment'),
  /** How many live (draft, pending or active) blocks a client may hold at once. */
  maxActiveBlocksPerClient: z.number().int().min(1).max(100).default(1),
  /** "Low balance" when this percentage or less of a block's units remain. */
  lowBalanceThresholdPercent: z.number().int().min(0).max(100).default(20),
  /** Days from issue to the invoice's due date, when the invoice does not name one. */
  invoiceDueDays: z.number().int().min(0).max(365).default(14),
  /** Prefix of invoice numbers: "INV-" gives INV-0001, INV-0002, … */
  invoicePrefix: z.string().max(20).default('INV-'),
  /** How strictly clients must have paid before sessions are added; clients may override it. */
  accountMode: accountModeSchema.default({ kind: 'open' }),
  /** Whether clients may cancel, and what a late cancellation costs. */
  cancellationPolicy: cancellationPolicySchema.default({ clientsMayCancel: false, tiers: [] }),
};

export const tenantSettingsSchema = z.object(settingsShape);
export const tenantSettingsPatchSchema = z.object(patchShape(settingsShape)).strict();

export type TenantSettings = z.output<typeof tenantSettingsSchema>;
export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;
