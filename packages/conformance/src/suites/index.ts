/** @module Every suite, in the order they run. */
import type { Suite } from '../suite.js';
import { badInputSuite } from './bad-input.js';
import { controlPlaneSuite } from './control-plane.js';
import { customerSuite } from './customers.js';
import { docExamplesSuite } from './doc-examples.js';
import { entitlementSuite } from './entitlements.js';
import { orderSuite } from './orders.js';
import { recipeSuite } from './recipe.js';
import { replaySuite } from './replays.js';
import { routingSuite } from './routing.js';
import { seedOperationsSuite } from './seed-operations.js';
import { subscriptionSuite } from './subscriptions.js';
import { tokenSuite } from './tokens.js';

export const ALL_SUITES: readonly Suite[] = [
  customerSuite,
  seedOperationsSuite,
  recipeSuite,
  orderSuite,
  subscriptionSuite,
  entitlementSuite,
  docExamplesSuite,
  routingSuite,
  replaySuite,
  badInputSuite,
  tokenSuite,
  controlPlaneSuite,
];

export {
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
};
