import { ALL_SUITES, createTestDatabase, defineConformance, startEmbeddedTarget } from '@partnerbox/conformance';

defineConformance(
  'sandbox on PostgreSQL',
  async () => {
    const database = await createTestDatabase();
    const target = await startEmbeddedTarget({ store: { kind: 'postgres', connectionString: database.url } });
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
