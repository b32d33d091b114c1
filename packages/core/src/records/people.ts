import { z } from 'zod';
import { type AccountMode, accountModeSchema } from '../accounts/account-mode.js';
import type { InstantString } from '../time.js';
import { timeZoneSchema } from '../time.js';
import { patchShape } from '../validation.js';

/** Fields every stored record carries. */
export interface RecordBase {
  readonly tenantId: string;
  readonly id: string;
  readonly createdAt: InstantString;
  readonly updatedAt: InstantString;
}

const name = z.string().trim().min(1, { error: 'name is required' }).max(200);
const email = z.email().max(320).nullable().default(null);

export const clientInputSchema = z.object({
  name,
  email,
  phone: z.string().max(50).nullable().default(null),
  /** Client may cancel their own sessions (the tenant switch must also be on). */
  canCancelSessions: z.boolean().default(false),
  /** This client's account mode, overriding the practice's; null follows the practice. */
  accountMode: accountModeSchema.nullable().default(null),
});
export const clientPatchSchema = z.object({ id: z.string().min(1) }).extend(patchShape(clientInputSchema.shape));

export interface Client extends RecordBase {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly canCancelSessions: boolean;
  readonly accountMode: AccountMode | null;
}

export const practitionerInputSchema = z.object({
  name,
  email,
  /** The practitioner's own zone, for working hours. */
  timeZone: timeZoneSchema.nullable().default(null),
});
export const practitionerPatchSchema = z
  .object({ id: z.string().min(1) })
  .extend(patchShape(practitionerInputSchema.shape));

export interface Practitioner extends RecordBase {
  readonly name: string;
  readonly email: string | null;
  readonly timeZone: string | null;
}
