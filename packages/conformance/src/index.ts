/** @module The conformance suite: Partner Center HTTP scenarios for any target. */
export * from './target.js';
export * from './http.js';
export * from './fixtures.js';
export * from './schema.js';
export * from './suite.js';
export * from './targets.js';
export * from './offboarding.js';
export {
  ALL_SUITES,
  badInputSuite,
  controlPlaneSuite,
  customerSuite,
  docExamplesSuite,
  entitlementSuite,
  orderSuite,
  recipeSuite,
  routingSuite,
  seedOperationsSuite,
  subscriptionSuite,
  tokenSuite,
} from './suites/index.js';
export * from './postgres.js';
export * from './openapi-document.js';
export * from './contract.js';
