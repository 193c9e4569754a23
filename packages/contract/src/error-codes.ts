/**
 * @module The Partner Center error codes Partnerbox uses, with their HTTP status and the
 * description Microsoft lists (or the sandbox's choice where the docs are silent: see
 * docs/compatibility.md). `{0}`, `{1}` are filled by the server.
 */

export interface ErrorCodeEntry {
  readonly status: number;
  readonly code: number;
  readonly description: string;
  /** The entry's key in {@link PartnerCenterErrorCode}, on the one entry per code that names it. */
  readonly clientName?: string;
}

function entry<const Code extends number>(
  status: number,
  code: Code,
  description: string,
): ErrorCodeEntry & { readonly code: Code } {
  return { status, code, description };
}

/** An entry whose code clients branch on, under `clientName` in {@link PartnerCenterErrorCode}. */
function named<const Name extends string, const Code extends number>(
  clientName: Name,
  status: number,
  code: Code,
  description: string,
): ErrorCodeEntry & { readonly code: Code; readonly clientName: Name } {
  return { status, code, description, clientName };
}

export const ERROR_CODES = {
  tenantIdNotGuid: named('BadIdFormat', 400, 2000, 'Tenant Id must be a GUID.'),
  invalidProperty: named('InvalidProperty', 400, 3000, 'Invalid property: {0}'),
  relationshipDoesNotExist: entry(400, 3000, 'The relationship between the partner and customer does not exist'),
  /**
   * `{0}` names what blocks, `{1}` what to do. With reserved instances alone it reads as the
   * real service's text: "… due to active Azure reserved instances. Please cancel the following
   * orders: <ids>" (Partner-Center-PowerShell issue 215); software and an Azure plan are named
   * as themselves (docs/compatibility.md).
   */
  customerHasActiveOrders: entry(400, 3000, 'Customer relationship cannot be removed due to {0}. Please {1}'),
  customerHasActiveSubscriptions: entry(
    400,
    3000,
    'Customer relationship cannot be removed while subscriptions are active. Please suspend the following subscriptions: {0}',
  ),
  noRelationship: named('NoRelationship', 404, 20002, 'No relationship between caller and account.'),
  orderNotFound: named('OrderNotFound', 404, 20000, 'Order Id not found'),
  subscriptionNotFound: named('SubscriptionNotFound', 404, 20003, 'Subscription with id {0} not found.'),
  subscriptionDeleted: named(
    'SubscriptionDeleted',
    400,
    2011,
    'Subscription with id {0} and deleted status cannot be updated.',
  ),
  etagInvalid: named('EtagInvalid', 400, 2055, 'Etag is no longer valid'),
  tokenMissing: named('TokenMissing', 401, 800001, 'Partner Token missing in request context'),
  adminKeyMissing: entry(401, 800001, 'The control plane needs the admin key as a bearer token.'),
  invalidInput: named('InvalidInput', 400, 800002, 'Invalid request input'),
  sandboxLimitMet: named('SandboxLimitMet', 400, 800018, 'The sandbox limit has been met'),
  nonSandboxCancel: named(
    'NonSandboxCancel',
    403,
    800019,
    'Non-Sandbox tenants are not allowed to cancel purchases other than software subscriptions and perpetual software',
  ),
  orderCannotBeCancelled: named('OrderCannotBeCancelled', 400, 800061, 'Order cannot be cancelled'),
  useSubscriptionPatch: named(
    'UseSubscriptionPatch',
    400,
    800063,
    'This order {0} cannot be cancelled. Use PATCH /customers/{1}/subscriptions/<subscriptionId> to suspend subscriptions',
  ),
  subscriptionQuotaExceeded: named(
    'SubscriptionQuotaExceeded',
    403,
    800066,
    'The number of subscriptions per customer has been exceeded ({0})',
  ),
  seatQuotaExceeded: named('SeatQuotaExceeded', 403, 800067, 'The seat count per subscription has been exceeded ({0})'),
  subscriptionSuspended: named(
    'SubscriptionSuspended',
    400,
    800091,
    'Cannot update a subscription with suspended status',
  ),
  cancellationWindowPassed: named(
    'CancellationWindowPassed',
    400,
    900117,
    'You have passed your {0}-day cancellation window. We are unable to cancel your purchase',
  ),
  invalidCustomerId: named('InvalidCustomerId', 400, 900118, 'Invalid Customer Id'),
  invalidSubscriptionId: entry(400, 900118, 'Invalid Subscription Id'),
  unableToParseEnum: named('UnableToParseEnum', 400, 900126, 'Unable to parse enum: {0}'),
  notSupportedInEnvironment: named(
    'NotSupportedInEnvironment',
    400,
    900127,
    'This operation is not supported in this environment',
  ),
  roleNotAllowed: named(
    'RoleNotAllowed',
    403,
    900150,
    'The supplied role does not have the rights to perform the requested operation',
  ),
  domainInUse: named('DomainInUse', 409, 600013, 'The domain name {0} is already in use'),
  offerNotFound: entry(400, 600039, 'The offer {0} was not found in the catalog'),
  notFound: entry(404, 3000, 'Resource not found'),
  unsupportedMediaType: entry(415, 800002, 'Invalid request input'),
  payloadTooLarge: entry(413, 800002, 'Invalid request input'),
  serviceUnavailable: entry(503, 3001, 'The service is temporarily unavailable. Please retry later.'),
  internalError: entry(500, 500, 'An internal error occurred'),
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

type NamedEntry = Extract<(typeof ERROR_CODES)[ErrorCodeName], { clientName: string }>;

/**
 * Numeric codes by name, for clients that branch on them; derived from {@link ERROR_CODES}
 * (the entries with a `clientName`), so a code and its name are written down once. The names
 * are public API: removing a named entry breaks SDK users.
 */
export const PartnerCenterErrorCode = Object.fromEntries(
  Object.values(ERROR_CODES).flatMap((e: ErrorCodeEntry) =>
    e.clientName === undefined ? [] : [[e.clientName, e.code]],
  ),
) as { readonly [E in NamedEntry as E['clientName']]: E['code'] };

/** Fills `{0}`, `{1}`… in a description template. */
export function formatDescription(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
