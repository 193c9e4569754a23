/** @module Every suite, in the order they run. */
import type { Suite } from '../suite.js';
import { customerSuite } from './customers.js';

export const ALL_SUITES: readonly Suite[] = [customerSuite];
