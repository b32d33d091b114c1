import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

describe('the documentation runs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the README’s 30-line example does what its comments say', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /## In 30 lines\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'README has a "## In 30 lines" TypeScript block').toBeDefined();
    expect((code as string).trim().split('\n').length).toBeLessThanOrEqual(30);
    const dir = mkdtempSync(join(here, '.readme-'));
    const file = join(dir, 'snippet.ts');
    writeFileSync(file, code as string);
    const printed: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [number, sessionNumber, remaining, refund] = printed[0] ?? [];
    expect([number, sessionNumber, remaining, refund]).toEqual(['INV-0001', 1, 2, { amount: 6666, currency: 'EUR' }]);
    const history = printed[1]?.[0] as { kind: string }[];
    expect(history.map((e) => e.kind)).toEqual(['purchase', 'payment', 'reserve', 'consume', 'refund']);
  });

  it('the block-lifecycle example prints the whole life with exact amounts', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    await import('../src/main.js');
    const out = lines.join('\n');
    expect(out).toContain('2 × Six sessions of physio: session @ €83.34 = €166.68');
    expect(out).toContain('Refund quote for 2 units');
    expect(out).toMatch(/10\s+refund available→refunded\s+2\s+€166\.66\s+-€166\.66\s+moving away/);
    expect(out).toContain('paid €500.00 = used €166.68 + booked €0.00 + remaining €166.66 + refunded €166.66');
    expect(out).toContain('invariant holds to the cent: true');
  });
});
