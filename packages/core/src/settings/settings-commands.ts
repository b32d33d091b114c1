import { z } from 'zod';
import type { AccountMode } from '../accounts/account-mode.js';
import { amountIn } from '../blocks/create-block.js';
import { isBuiltInTypeId } from '../completion/charges.js';
import { SessionsError } from '../errors.js';
import type { StoreTransaction } from '../ports/store.js';
import type { CommandSpec, QuerySpec } from '../runtime/runtime.js';
import { parseInput } from '../validation.js';
import { type TenantSettings, tenantSettingsPatchSchema, tenantSettingsSchema } from './settings.js';

const noInput = z.object({}).strict().optional();

/** Anyone in the practice may read its settings: the booking widget needs its currency and zone. */
export const getSettings: QuerySpec<typeof noInput, TenantSettings> = {
  name: 'settings.get',
  input: noInput,
  allowed: ['client', 'practitioner', 'staff', 'admin'],
  action: 'read the practice settings',
  run: async ({ settings }) => settings,
};

/**
 * Change the practice's settings. Only fields given change. A practice that
 * has never stored settings starts from the defaults passed to
 * `createSessions`; without those, the first update must name at least the
 * currency and the time zone.
 *
 * The currency of a practice whose blocks already carry prices cannot change:
 * amounts are never converted.
 */
export const updateSettings: CommandSpec<typeof tenantSettingsPatchSchema, TenantSettings> = {
  name: 'settings.update',
  input: tenantSettingsPatchSchema,
  allowed: ['admin'],
  action: 'change the practice settings',
  requiresSettings: false,
  locks: () => ['settings'],
  async run(ctx, patch) {
    const stored = await ctx.tx.settings.get();
    const base: Partial<TenantSettings> = stored ?? ctx.defaults ?? {};
    const next = parseInput(tenantSettingsSchema, { ...base, ...patch }, 'settings');
    if (base.currency !== undefined && next.currency !== base.currency) {
      const blocks = await ctx.tx.blocks.list();
      if (blocks.length > 0) {
        throw new SessionsError(
          'CONFLICT',
          `The practice's currency cannot change from ${base.currency} to ${next.currency}: it already has ${blocks.length} block(s) priced in ${base.currency}.`,
          { issues: [{ path: ['currency'], message: `must stay ${base.currency}` }] },
        );
      }
    }
    await assertPolicyTypesUsable(ctx.tx, next);
    assertModeCurrency(next.accountMode, next.currency, ['accountMode', 'minimum']);
    await ctx.tx.settings.put(next);
    return next;
  },
};

/** Every tier of the cancellation policy must name a type a client's cancellation can be settled with. */
async function assertPolicyTypesUsable(tx: StoreTransaction, settings: TenantSettings): Promise<void> {
  for (const [index, tier] of settings.cancellationPolicy.tiers.entries()) {
    const id = tier.completionTypeId;
    const path = ['cancellationPolicy', 'tiers', index, 'completionTypeId'];
    if (id === 'cost_override') {
      throw new SessionsError(
        'VALIDATION_FAILED',
        'Invalid settings: a cancellation tier cannot use cost_override, whose cost is set by hand each time.',
        {
          issues: [{ path, message: 'cost_override cannot be a tier' }],
        },
      );
    }
    if (isBuiltInTypeId(id)) continue;
    const type = await tx.completionTypes.get(id);
    if (!type || type.deletedAt !== null || !type.enabled) {
      throw new SessionsError(
        'VALIDATION_FAILED',
        `Invalid settings: ${path.join('.')}: no enabled completion type "${id}" exists.`,
        {
          issues: [{ path, message: `unknown or disabled completion type "${id}"` }],
        },
      );
    }
  }
}

/** A threshold is an amount in the practice's currency. */
export function assertModeCurrency(
  mode: AccountMode | null | undefined,
  currency: string,
  path: (string | number)[],
): void {
  if (mode?.kind === 'minimum_threshold') amountIn(mode.minimum, currency, path);
}
