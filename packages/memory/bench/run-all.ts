/** `pnpm bench`: every memory-store benchmark in turn (each reads --quick from the command line). */
export {};

await import('./reserve-consume.bench.js');
await import('./schedule-complete.bench.js');
await import('./series.bench.js');
await import('./slots.bench.js');
