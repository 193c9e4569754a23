/**
 * @module The server's one error type. Every error a client can see is made here, by a named
 * factory function per documented error, and rendered in one place (the error handler in
 * http/pipeline.ts).
 */
import { ERROR_CODES, formatDescription, type ErrorBody, type ErrorCodeName } from '@partnerbox/contract';
import type { DeleteBlockers } from './domain/delete-blockers.js';

/** What blocks a deletion and what to do, in the description's two places. */
function deleteBlockedWording(blockers: DeleteBlockers): [string, string] {
  const reasons: string[] = [];
  if (blockers.reservedInstanceOrderIds.length > 0) reasons.push('active Azure reserved instances');
  if (blockers.softwareOrderIds.length > 0) reasons.push('active software purchases');
  if (blockers.azurePlanOrderIds.length > 0) reasons.push('an active Azure plan');
  const toCancel = [...new Set([...blockers.reservedInstanceOrderIds, ...blockers.softwareOrderIds])];
  const actions: string[] = [];
  if (toCancel.length > 0) actions.push(`cancel the following orders: ${toCancel.join(', ')}`);
  if (blockers.azurePlanOrderIds.length > 0)
    actions.push(`suspend the Azure plan of the following orders: ${blockers.azurePlanOrderIds.join(', ')}`);
  const last = reasons.pop() ?? 'active orders';
  return [reasons.length > 0 ? `${reasons.join(', ')} and ${last}` : last, actions.join('; then ')];
}

export class PartnerCenterError extends Error {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** Extra response headers, e.g. `Retry-After` on 503. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(statusCode: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(body.description);
    this.name = 'PartnerCenterError';
    this.statusCode = statusCode;
    this.body = body;
    this.headers = headers;
  }
}

export function isPartnerCenterError(error: unknown): error is PartnerCenterError {
  return error instanceof PartnerCenterError;
}

interface ErrorExtras {
  headers?: Record<string, string>;
  /** Who answers: Partner Center's front door, or (for the control plane) Partnerbox itself. */
  source?: 'PartnerFD' | 'Partnerbox';
}

function make(
  name: ErrorCodeName,
  args: readonly (string | number)[] = [],
  data: readonly string[] = [],
  { headers = {}, source = 'PartnerFD' }: ErrorExtras = {},
): PartnerCenterError {
  const entry = ERROR_CODES[name];
  return new PartnerCenterError(
    entry.status,
    { code: entry.code, description: formatDescription(entry.description, args), data: [...data], source },
    headers,
  );
}

/** Replaced by the response's MS-CorrelationId when the error is sent. */
export const CORRELATION_ID = '{correlationId}';

export const errors = {
  invalidCustomerId: (id: string) => make('invalidCustomerId', [], [id]),
  invalidSubscriptionId: (id: string) => make('invalidSubscriptionId', [], [id]),
  /** Unknown customer, or another partner's: the two are never told apart. */
  noRelationship: () => make('noRelationship'),
  relationshipDoesNotExist: () => make('relationshipDoesNotExist'),
  orderNotFound: (id: string) => make('orderNotFound', [], [id]),
  subscriptionNotFound: (id: string) => make('subscriptionNotFound', [id], [id]),
  subscriptionDeleted: (id: string) => make('subscriptionDeleted', [id], [id]),
  subscriptionSuspended: (id: string) => make('subscriptionSuspended', [], [id]),
  etagInvalid: () => make('etagInvalid'),
  // The challenge Partner Center's error-codes page shows (docs/compatibility.md); sendError fills in
  // the response's correlation id for the placeholder.
  tokenMissing: (reason: string) =>
    make('tokenMissing', [], [reason], {
      headers: { 'WWW-Authenticate': `OAuth realm=urn:cpsvc:cpid:${CORRELATION_ID}` },
    }),
  adminKeyMissing: () =>
    make('adminKeyMissing', [], [], {
      headers: { 'WWW-Authenticate': 'Bearer realm="partnerbox-admin"' },
      source: 'Partnerbox',
    }),
  invalidInput: (field: string, reason: string) => make('invalidInput', [], [field, reason]),
  invalidProperty: (field: string, reason: string) => make('invalidProperty', [field], [field, reason]),
  unableToParseEnum: (value: string, field: string) => make('unableToParseEnum', [value], [field, value]),
  sandboxLimitMet: (limit: number) =>
    make('sandboxLimitMet', [], [`An integration sandbox account may have at most ${limit} customers.`]),
  subscriptionQuotaExceeded: (limit: number, what = 'subscriptions per customer') =>
    make('subscriptionQuotaExceeded', [limit], [`At most ${limit} ${what}.`]),
  seatQuotaExceeded: (limit: number, offerId: string) =>
    make('seatQuotaExceeded', [limit], [offerId, `At most ${limit} licences per subscription.`]),
  nonSandboxCancel: (orderId: string) => make('nonSandboxCancel', [], [orderId]),
  useSubscriptionPatch: (orderId: string, customerId: string) =>
    make('useSubscriptionPatch', [orderId, customerId], [orderId]),
  cancellationWindowPassed: (days: number, orderId: string) => make('cancellationWindowPassed', [days], [orderId]),
  customerHasActiveOrders: (blockers: DeleteBlockers) =>
    make('customerHasActiveOrders', deleteBlockedWording(blockers), blockers.orderIds),
  customerHasActiveSubscriptions: (subscriptionIds: readonly string[]) =>
    make('customerHasActiveSubscriptions', [subscriptionIds.join(', ')], subscriptionIds),
  notSupportedInEnvironment: () => make('notSupportedInEnvironment'),
  roleNotAllowed: () => make('roleNotAllowed', [], ['This operation requires an App+User (delegated) token.']),
  domainInUse: (domain: string) => make('domainInUse', [domain], [domain]),
  offerNotFound: (offerId: string) => make('offerNotFound', [offerId], [offerId]),
  notFound: (path: string) => make('notFound', [], [path]),
  unsupportedMediaType: (contentType: string) =>
    make('unsupportedMediaType', [], ['Content-Type', `Unsupported media type: ${contentType}`]),
  payloadTooLarge: (limit: number) => make('payloadTooLarge', [], ['body', `The body is larger than ${limit} bytes.`]),
  serviceUnavailable: (retryAfterSeconds: number, reason: string) =>
    make('serviceUnavailable', [], [reason], { headers: { 'Retry-After': String(retryAfterSeconds) } }),
  internal: () => make('internalError'),
};
