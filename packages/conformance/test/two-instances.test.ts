import { ALL_SUITES, createTestDatabase, defineConformance, startEmbeddedTarget } from '@partnerbox/conformance';

// Two sandbox instances on one PostgreSQL database; every request alternates between them.
defineConformance(
  'two sandbox instances on one PostgreSQL database',
  async () => {
    const database = await createTestDatabase();
    const target = await startEmbeddedTarget({
      store: { kind: 'postgres', connectionString: database.url },
      instances: 2,
    });
    return {
      ...target,
      async close() {
        await target.close();
        await database.drop();
      },
    };
  },
  { control: true, production: true },
  ALL_SUITES,
);
