/**
 * @module `@partnerbox/contract/types`: the contract without its schemas. Plain interfaces
 * generated from the schemas (wire-types.ts), the hand-written generic and recursive types,
 * and the constant tables (header names, error codes, scopes, endpoints, enum lists). Nothing
 * here imports TypeBox, so a program that uses it (the SDK and its users) never loads
 * TypeBox's declarations: see docs/architecture.md, "Lean declarations".
 */
export * from './wire-types.js';
export * from './collection.js';
export * from './entitlement-type.js';
export * from './enum-values.js';
export * from './authorities.js';
export * from './headers.js';
export * from './error-codes.js';
export * from './sample-customer-request.js';
export * from './request-journal.js';
