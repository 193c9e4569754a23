/** @module The Partner Center wire contract: schemas, their types, enums and error codes. */
export * from './common.js';
export * from './enums.js';
export * from './customer.js';
export * from './entitlement.js';
export * from './order.js';
export * from './subscription.js';
export * from './error-codes.js';
export * from './auth.js';
export * from './headers.js';
