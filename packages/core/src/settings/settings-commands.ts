import { z } from 'zod';
import { SessionsError } from '../errors.js';
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
    await ctx.tx.settings.put(next);
    return next;
  },
};
