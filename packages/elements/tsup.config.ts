import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  define: 'src/define.ts',
  'define/sessions-package': 'src/components/package/define.ts',
  'define/sessions-booking': 'src/components/booking/define.ts',
  'define/sessions-classes': 'src/components/classes/define.ts',
};

// The npm build: one module per entry, lit left to the host's bundler (shared with its other elements).
// The self-contained browser bundle (`dist/browser/sessions-elements.js`, lit included, minified) is
// written by scripts/bundle.mjs after this, the same build the size budget measures; only its types
// (dist/browser.d.ts) come from here. Each define entry makes its own `customElements.define` calls, so
// they stay in files package.json marks as having side effects, never in a shared chunk.
export default defineConfig({
  entry,
  format: ['esm'],
  platform: 'browser',
  dts: { entry: { ...entry, browser: 'src/browser.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
