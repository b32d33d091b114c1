// The self-contained browser bundle: every element and lit, minified, one ES module.
// `node scripts/bundle.mjs` writes dist/browser/sessions-elements.js (run by `build`);
// scripts/size.mjs measures the same build against the budget, and the browser tests load it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Build the bundle in memory: `{ code, map, metafile }`. `contents` bundles that
 * source instead of the entry (resolved from the package: the size check's lit-only baseline).
 */
export async function bundleElements({
  entry = join(root, 'src/browser.ts'),
  contents,
  minify = true,
  sourcemap = true,
} = {}) {
  const result = await build({
    ...(contents === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'baseline.ts' } }),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: sourcemap ? 'external' : false,
    legalComments: 'none',
    absWorkingDir: root,
    tsconfig: join(root, 'tsconfig.build.json'),
    // Source, not dist: workspace packages resolve to their TypeScript (types only from core: erased).
    conditions: ['@sessions/source'],
    outfile: join(root, 'dist/browser/sessions-elements.js'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
  return { code, map, metafile: result.metafile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { code, map } = await bundleElements();
  const out = join(root, 'dist/browser/sessions-elements.js');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  if (map) writeFileSync(`${out}.map`, map);
  console.log(`wrote ${out} (${code.length} bytes)`);
}
