import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// One setup for every package: tests import workspace packages from source,
// so `pnpm test` needs no build step.
export default defineConfig({
  resolve: {
    alias: {
      '@sessions/core': src('core'),
      '@sessions/memory': src('memory'),
      '@sessions/store-tests': src('store-tests'),
      '@sessions/postgres': src('postgres'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
