import type { Metafile } from 'esbuild';

export function bundleElements(options?: {
  entry?: string;
  contents?: string;
  minify?: boolean;
  sourcemap?: boolean;
}): Promise<{ code: string; map: string; metafile: Metafile }>;
