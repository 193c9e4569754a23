// A snapshot with `count` customers of the production partner (no quota), made from the one a
// fresh sandbox exports: companies named `c<i>-bench` so that a `starts_with` filter on
// `c<i>-` matches exactly one.
import { randomUUID } from 'node:crypto';

export function largeSnapshot(snapshot, count) {
  const production = snapshot.partners.find((p) => p.kind === 'production');
  const now = Date.now();
  const ids = [];
  const customers = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    ids.push(id);
    const name = `c${i}-bench`;
    const address = { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' };
    customers.push({
      id,
      partnerId: production.id,
      seq: i + 1,
      commerceId: randomUUID(),
      domain: `${name}.onmicrosoft.com`,
      companyName: name,
      relationship: 'reseller',
      allowDelegatedAccess: true,
      company: { address },
      billing: {
        id: randomUUID(),
        email: 'a@b.com',
        culture: 'en-US',
        language: 'en',
        companyName: name,
        defaultAddress: address,
        version: 1,
      },
      createdAt: now - (count - i),
    });
  }
  return { text: JSON.stringify({ ...snapshot, customers, orders: [], subscriptions: [] }), ids };
}
