// Servers for the hot-path benchmark, each in its own process so that the load generator
// does not share their event loop. Prints one JSON line when ready.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../packages/sandbox/dist/index.js';

const [kind, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 0);

if (kind === 'bare') {
  // The baseline: a bare Fastify route answering a customer-sized JSON body.
  const app = Fastify();
  const body = { id: '00000000-0000-0000-0000-000000000000', companyProfile: { domain: 'x'.repeat(400) } };
  app.get('/v1/customers/:id', async () => body);
  await app.listen({ host: '127.0.0.1', port });
  console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` }));
} else {
  // `sqlite-nojournal`: the same server with the request journal off, to price the journal.
  const [storeKind, variant] = kind.split('-');
  const store =
    storeKind === 'postgres'
      ? { kind: 'postgres', connectionString: process.env.PARTNERBOX_BENCH_DATABASE_URL }
      : { kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'pbx-bench-')), 'partnerbox.db') };
  const app = await buildApp({ store, adminKey: 'bench', ...(variant === 'nojournal' ? { journalSize: 0 } : {}) });
  await app.listen({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const token = (
    await (
      await fetch(`${url}/_sandbox/tokens`, {
        method: 'POST',
        headers: { Authorization: 'Bearer bench', 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).json()
  ).access_token;
  const label = `bench${Date.now()}`;
  const customer = await (
    await fetch(`${url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        companyProfile: { domain: `${label}.onmicrosoft.com` },
        billingProfile: {
          email: 'a@b.com',
          culture: 'en-US',
          language: 'en',
          companyName: label,
          defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way' },
        },
      }),
    })
  ).json();
  console.log(JSON.stringify({ url, token, customerId: customer.id }));
}
