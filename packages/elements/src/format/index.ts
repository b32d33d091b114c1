export * from './dates.js';
export * from './money.js';
export * from './numbers.js';
