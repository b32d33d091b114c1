import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// One setup for every package: tests import workspace packages from source,
// so `pnpm test` needs no build step.
//
// Two projects differ only in the host's time zone. Everything runs with
// TZ=UTC; the core tests (every date and zone rule lives in core) run again
// with TZ=Asia/Tokyo, so nothing may depend on the server's zone.
export default defineConfig({
  resolve: {
    alias: {
      '@sessions/core': src('core'),
      '@sessions/memory': src('memory'),
      '@sessions/store-tests': src('store-tests'),
      '@sessions/postgres': src('postgres'),
      '@sessions/http': src('http'),
      '@sessions/elements': src('elements'),
    },
  },
  test: {
    testTimeout: 20_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'TZ=UTC',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'TZ=Asia/Tokyo',
          include: ['packages/core/test/**/*.test.ts'],
          env: { TZ: 'Asia/Tokyo' },
        },
      },
    ],
  },
});
