import { describe, expect, it } from 'vitest';
import { expectOutcome } from './test-records.js';
import { checkGeneration } from './generation.js';
import type { PartnerRecord } from './records.js';

const partner = (kind: 'sandbox' | 'production'): PartnerRecord => ({
  id: '11111111-2222-3333-4444-555555555555',
  kind,
  name: 'P',
  domain: 'p.onmicrosoft.com',
  mpnId: '1',
  createdAt: 0,
});

describe('checkGeneration', () => {
  it.each([
    ['sandbox', 0, 75, true],
    ['sandbox', 70, 5, true],
    ['sandbox', 70, 6, false],
    ['sandbox', 75, 1, false],
    ['sandbox', 0, 1_000_000, false],
    ['production', 0, 1_000_000, true],
    ['production', 5_000_000, 1_000_000, true],
  ] as const)('%s partner with %i customers, %i more: allowed %s', (kind, existing, requested, allowed) => {
    expectOutcome(() => checkGeneration(partner(kind), existing, requested), allowed ? undefined : { status: 400 });
  });

  it('refuses an unknown partner', () => {
    expectOutcome(() => checkGeneration(undefined, 0, 1), { status: 400 });
    expect(checkGeneration(partner('production'), 0, 1).kind).toBe('production');
  });
});
