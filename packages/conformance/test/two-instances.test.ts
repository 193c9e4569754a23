import { ALL_SUITES, defineConformance, startPostgresTarget } from '@partnerbox/conformance';

// Two sandbox instances on one PostgreSQL database; every request alternates between them.
defineConformance(
  'two sandbox instances on one PostgreSQL database',
  () => startPostgresTarget({ instances: 2 }),
  { control: true, production: true },
  ALL_SUITES,
);
