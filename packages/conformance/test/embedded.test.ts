import { ALL_SUITES, defineConformance, startEmbeddedTarget } from '@partnerbox/conformance';

defineConformance(
  'embedded sandbox (SQLite file)',
  () => startEmbeddedTarget(),
  { control: true, production: true },
  ALL_SUITES,
);
