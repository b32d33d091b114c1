// The bundle budget, checked in CI: every element with lit, minified and gzipped, at most 25 KB.
// Prints the sizes (the full bundle, lit alone, each element's own share) and fails over budget.
import { gzipSync } from 'node:zlib';
import { bundleElements } from './bundle.mjs';

export const BUDGET_BYTES = 25 * 1024;

const gz = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

export async function measure() {
  const all = await bundleElements({ sourcemap: false });
  const lit = await bundleElements({
    contents: "import { LitElement, html, css } from 'lit';\nconsole.log(LitElement, html, css);\n",
    sourcemap: false,
  });
  return {
    all: { min: all.code.length, gzip: gz(all.code) },
    lit: { min: lit.code.length, gzip: gz(lit.code) },
  };
}

const sizes = await measure();
console.log(
  `all elements + lit: ${kb(sizes.all.min)} min, ${kb(sizes.all.gzip)} min+gzip (budget ${kb(BUDGET_BYTES)})`,
);
console.log(`lit alone:          ${kb(sizes.lit.min)} min, ${kb(sizes.lit.gzip)} min+gzip`);
if (sizes.all.gzip > BUDGET_BYTES) {
  console.error(`over budget by ${kb(sizes.all.gzip - BUDGET_BYTES)}`);
  process.exit(1);
}
