/** @module Request and response header names Partner Center uses. */

export const HEADERS = {
  requestId: 'ms-requestid',
  correlationId: 'ms-correlationid',
  continuationToken: 'ms-continuationtoken',
  locale: 'x-locale',
  application: 'ms-partnercenter-application',
  contractVersion: 'ms-contract-version',
  cv: 'ms-cv',
  serverId: 'ms-serverid',
  retryAfter: 'retry-after',
  ifMatch: 'if-match',
} as const;
