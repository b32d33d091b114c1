import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleElements } from '../scripts/bundle.mjs';

const BUDGET = 25 * 1024;

describe('the browser bundle', () => {
  it('ships lit and the elements only: no Temporal, zod, dinero.js or anything of core at run time', async () => {
    const { metafile } = await bundleElements({ sourcemap: false });
    const inputs = Object.keys(metafile.inputs);
    const foreign = inputs.filter(
      (path) => !/(^src\/|\/(lit|lit-html|lit-element|@lit\+[\w-]+|@lit\/[\w-]+)[@/])/.test(path),
    );
    expect(foreign).toEqual([]);
    expect(inputs.some((path) => /temporal|zod|dinero|packages\/core/.test(path))).toBe(false);
  });

  it(`fits the budget: every element with lit, min+gzip ≤ ${BUDGET / 1024} KB`, async () => {
    const { code } = await bundleElements({ sourcemap: false });
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUDGET);
  });
});
