import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../src/domain/records.js';
import { openStore } from '../src/store/open-store.js';
import type { SqlStore } from '../src/store/sql-store.js';

// The embedded store caches the fault rules and keeps them current on every change. A read of
// the rules queued before a change (a request arriving as the control plane adds a rule) must
// not leave the rules as they were in the cache once the change is written.
const unlimited: FaultRule = { id: crypto.randomUUID(), method: '*', path: '/v1/**', kind: 'throttle', createdAt: 1 };
const once: FaultRule = { ...unlimited, id: crypto.randomUUID(), remaining: 1 };

describe('the embedded store’s fault rule cache', () => {
  it.each<[string, FaultRule[], (store: SqlStore) => Promise<unknown>, number]>([
    ['a rule added', [], (store) => store.addFaultRule(unlimited), 1],
    ['a rule removed', [unlimited], (store) => store.deleteFaultRule(unlimited.id), 0],
    ['every rule cleared', [unlimited], (store) => store.clearFaultRules(), 0],
    ['a limited rule used up', [once], (store) => store.consumeFaultRule(once.id), 0],
  ])('is current after %s while a read was in flight', async (_name, before, change, expected) => {
    const store = await openStore({ kind: 'memory' });
    try {
      for (const r of before) await store.addFaultRule(r);
      const reading = store.listFaultRules(); // the cache is cold after a change: this one queries
      await Promise.all([reading, change(store)]);
      expect(await store.listFaultRules()).toHaveLength(expected);
      expect((store.cachedGatewayState() ?? (await store.gatewayState())).faultRules).toHaveLength(expected);
    } finally {
      await store.close();
    }
  });
});
