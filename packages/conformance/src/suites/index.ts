/** @module Every suite, in the order they run. */
import type { Suite } from '../suite.js';
import { customerSuite } from './customers.js';
import { entitlementSuite } from './entitlements.js';
import { orderSuite } from './orders.js';
import { recipeSuite } from './recipe.js';
import { seedOperationsSuite } from './seed-operations.js';
import { subscriptionSuite } from './subscriptions.js';

export const ALL_SUITES: readonly Suite[] = [
  customerSuite,
  seedOperationsSuite,
  recipeSuite,
  orderSuite,
  subscriptionSuite,
  entitlementSuite,
];
