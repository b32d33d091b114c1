import { CONFORMANCE_TESTS, runStoreConformance } from '@sessions/store-tests';
import { describe, expect, it } from 'vitest';

const CONCERNS = [
  'records',
  'ledger',
  'ledger summary',
  'pages',
  'transactions',
  'concurrency',
  'tenancy',
  'idempotency',
  'outbox',
  'blocks',
  'sessions',
  'accounts',
  'session races',
  'classes',
  'reminder reads',
  'lock reads',
];
const neverCalled = async () => {
  throw new Error('createStore must not be called when the options are refused');
};

describe('the conformance suite itself', () => {
  it('names every test once, as "<concern>: <rule>"', () => {
    expect(CONFORMANCE_TESTS.length).toBeGreaterThan(50);
    expect(new Set(CONFORMANCE_TESTS).size).toBe(CONFORMANCE_TESTS.length);
    for (const name of CONFORMANCE_TESTS) expect(CONCERNS).toContain(name.split(': ')[0]);
    for (const concern of CONCERNS) expect(CONFORMANCE_TESTS.some((n) => n.startsWith(`${concern}: `))).toBe(true);
  });

  it('refuses to skip a test it does not know', () => {
    expect(() =>
      runStoreConformance({ name: 'x', createStore: neverCalled, skip: { 'records: no such test': 'typo' } }),
    ).toThrow(/unknown test "records: no such test"/);
  });

  it('refuses to skip a test without a reason', () => {
    const name = CONFORMANCE_TESTS[0] as string;
    expect(() => runStoreConformance({ name: 'x', createStore: neverCalled, skip: { [name]: ' ' } })).toThrow(
      /needs a reason/,
    );
  });
});
