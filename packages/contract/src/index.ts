/** @module The Partner Center wire contract: schemas, their types, enums, error codes and a sample request body. */
export * from './common.js';
export * from './collection.js';
export * from './enum-values.js';
export * from './enums.js';
export * from './customer.js';
export * from './entitlement.js';
export * from './entitlement-type.js';
export * from './order.js';
export * from './subscription.js';
export * from './error-codes.js';
export * from './auth.js';
export * from './authorities.js';
export * from './headers.js';
export * from './sample-customer-request.js';
export * from './request-journal.js';
