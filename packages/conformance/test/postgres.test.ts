import { ALL_SUITES, defineConformance, startPostgresTarget } from '@partnerbox/conformance';

defineConformance(
  'sandbox on PostgreSQL',
  () => startPostgresTarget(),
  { control: true, production: true },
  ALL_SUITES,
);
