import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@partnerbox/conformance';
import { buildApp } from '@partnerbox/sandbox';
import { MIGRATIONS } from '../src/store/migrations.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('several instances starting at once on one PostgreSQL database', () => {
  it('migrate once under the lock, and share one signing key, one admin key and one set of partners', async () => {
    const apps = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        buildApp({ store: { kind: 'postgres', connectionString: database.url }, serverId: `s${i}` }),
      ),
    );
    try {
      const keys = new Set(apps.map((a) => a.sandbox.settings.adminKey));
      expect(keys.size).toBe(1);
      const jwks = new Set(apps.map((a) => JSON.stringify(a.sandbox.tokens.jwks)));
      expect(jwks.size).toBe(1);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const migrations = await client.query('select version from partnerbox_migrations order by version');
        expect(migrations.rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
        const partners = await client.query('select kind from partners order by kind');
        expect(partners.rows.map((r) => r.kind)).toEqual(['production', 'sandbox']);
        const signing = await client.query('select count(*)::int as n from signing_keys');
        expect(signing.rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});
