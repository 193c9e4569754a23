/**
 * @module The Partner Center error codes this slice uses, with their HTTP status and the
 * description Microsoft lists (or the sandbox's choice where the docs are silent: see
 * docs/compatibility.md). `{0}`, `{1}` are filled by the server.
 */

export interface ErrorCodeEntry {
  readonly status: number;
  readonly code: number;
  readonly description: string;
}

function entry(status: number, code: number, description: string): ErrorCodeEntry {
  return { status, code, description };
}

export const ERROR_CODES = {
  tenantIdNotGuid: entry(400, 2000, 'Tenant Id must be a GUID.'),
  invalidProperty: entry(400, 3000, 'Invalid property: {0}'),
  relationshipDoesNotExist: entry(400, 3000, 'The relationship between the partner and customer does not exist'),
  customerHasActiveOrders: entry(
    400,
    3000,
    'Customer relationship cannot be removed due to active Azure reserved instances. Please cancel the following orders: {0}',
  ),
  customerHasActiveSubscriptions: entry(
    400,
    3000,
    'Customer relationship cannot be removed while subscriptions are active. Please suspend the following subscriptions: {0}',
  ),
  noRelationship: entry(404, 20002, 'No relationship between caller and account.'),
  orderNotFound: entry(404, 20000, 'Order Id not found'),
  subscriptionNotFound: entry(404, 20003, 'Subscription with id {0} not found.'),
  subscriptionDeleted: entry(400, 2011, 'Subscription with id {0} and deleted status cannot be updated.'),
  etagInvalid: entry(400, 2055, 'Etag is no longer valid'),
  tokenMissing: entry(401, 800001, 'Partner Token missing in request context'),
  invalidInput: entry(400, 800002, 'Invalid request input'),
  sandboxLimitMet: entry(400, 800018, 'The sandbox limit has been met'),
  nonSandboxCancel: entry(
    403,
    800019,
    'Non-Sandbox tenants are not allowed to cancel purchases other than software subscriptions and perpetual software',
  ),
  orderCannotBeCancelled: entry(400, 800061, 'Order cannot be cancelled'),
  useSubscriptionPatch: entry(
    400,
    800063,
    'This order {0} cannot be cancelled. Use PATCH /customers/{1}/subscriptions/<subscriptionId> to suspend subscriptions',
  ),
  subscriptionQuotaExceeded: entry(403, 800066, 'The number of subscriptions per customer has been exceeded ({0})'),
  seatQuotaExceeded: entry(403, 800067, 'The seat count per subscription has been exceeded ({0})'),
  subscriptionSuspended: entry(400, 800091, 'Cannot update a subscription with suspended status'),
  cancellationWindowPassed: entry(
    400,
    900117,
    'You have passed your {0}-day cancellation window. We are unable to cancel your purchase',
  ),
  invalidCustomerId: entry(400, 900118, 'Invalid Customer Id'),
  invalidSubscriptionId: entry(400, 900118, 'Invalid Subscription Id'),
  unableToParseEnum: entry(400, 900126, 'Unable to parse enum: {0}'),
  notSupportedInEnvironment: entry(400, 900127, 'This operation is not supported in this environment'),
  roleNotAllowed: entry(403, 900150, 'The supplied role does not have the rights to perform the requested operation'),
  domainInUse: entry(409, 600013, 'The domain name {0} is already in use'),
  offerNotFound: entry(400, 600039, 'The offer {0} was not found in the catalog'),
  notFound: entry(404, 3000, 'Resource not found'),
  methodNotAllowed: entry(405, 3000, 'The requested method is not supported for this resource'),
  unsupportedMediaType: entry(415, 800002, 'Invalid request input'),
  payloadTooLarge: entry(413, 800002, 'Invalid request input'),
  serviceUnavailable: entry(503, 3001, 'The service is temporarily unavailable. Please retry later.'),
  internalError: entry(500, 500, 'An internal error occurred'),
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** Numeric codes by name, for clients that branch on them. */
export const PartnerCenterErrorCode = {
  BadIdFormat: 2000,
  InvalidProperty: 3000,
  NoRelationship: 20002,
  OrderNotFound: 20000,
  SubscriptionNotFound: 20003,
  SubscriptionDeleted: 2011,
  EtagInvalid: 2055,
  TokenMissing: 800001,
  InvalidInput: 800002,
  SandboxLimitMet: 800018,
  NonSandboxCancel: 800019,
  OrderCannotBeCancelled: 800061,
  UseSubscriptionPatch: 800063,
  SubscriptionQuotaExceeded: 800066,
  SeatQuotaExceeded: 800067,
  SubscriptionSuspended: 800091,
  CancellationWindowPassed: 900117,
  InvalidCustomerId: 900118,
  UnableToParseEnum: 900126,
  NotSupportedInEnvironment: 900127,
  RoleNotAllowed: 900150,
  DomainInUse: 600013,
} as const;

/** Fills `{0}`, `{1}`… in a description template. */
export function formatDescription(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
