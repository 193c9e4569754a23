/** @module `@partnerbox/sdk`: a typed Partner Center client and the customer-lifecycle workflows done right. */
export { SDK_VERSION } from './sdk-version.js';

// The wire types and error codes, so SDK users need not depend on @partnerbox/contract themselves.
export {
  PartnerCenterErrorCode,
  PARTNER_CENTER_DEFAULT_SCOPE,
  PARTNER_CENTER_USER_SCOPE,
  AUTHORITY_HOSTS,
  PARTNER_CENTER_ENDPOINTS,
} from '@partnerbox/contract/types';
export type {
  Address,
  Attributes,
  BillingProfile,
  CloudName,
  Collection,
  CompanyProfile,
  CreateCustomerRequest,
  CreateOrderRequest,
  Customer,
  CustomerFilterField,
  CustomerFilterOperator,
  Entitlement,
  EntitlementTypeFilter,
  Link,
  Order,
  OrderLineItem,
  OrderLineItemProvisioningStatus,
  PatchOrderRequest,
  RelationshipRequest,
  Subscription,
  UpdateSubscriptionRequest,
} from '@partnerbox/contract/types';

export {
  PartnerCenterClient,
  type PartnerCenterClientOptions,
  type OperationOptions,
  type SendRequestOptions,
  type PartnerCenterResponse,
  type HttpMethod,
  type AdditionalPolicy,
} from './partner-center-client.js';

export {
  PartnerCenterError,
  isPartnerCenterError,
  isNetworkError,
  type PartnerCenterErrorInit,
  type PartnerCenterErrorRequest,
  type PartnerCenterErrorResponse,
} from './partner-center-error.js';
// How the errors name a request, for tools that print their own messages (the CLI does).
export { pathOf } from './internal/url.js';
export { AbortError, isAbortError, type AbortErrorOptions } from './abort-error.js';
export { AuthenticationError, isAuthenticationError, type AuthenticationErrorInit } from './authentication-error.js';

export type { AccessToken, GetTokenOptions, TokenCredential } from './credentials/token-credential.js';
export {
  ClientSecretCredential,
  type ClientSecretCredentialOptions,
  type EntraCredentialOptions,
} from './credentials/client-secret-credential.js';
export { RefreshTokenCredential, type RefreshTokenCredentialOptions } from './credentials/refresh-token-credential.js';
export { StaticTokenCredential } from './credentials/static-token-credential.js';
export { DEFAULT_REFRESH_BEFORE_EXPIRY_IN_MS } from './credentials/access-token-cache.js';

export {
  Pipeline,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  type SendRequest,
  type AddPolicyOptions,
} from './pipeline/pipeline.js';
export { requestIdPolicy } from './pipeline/request-id-policy.js';
export { correlationIdPolicy } from './pipeline/correlation-id-policy.js';
export { localePolicy, DEFAULT_LOCALE } from './pipeline/locale-policy.js';
export { applicationPolicy, DEFAULT_APPLICATION } from './pipeline/application-policy.js';
export { bearerTokenPolicy, type BearerTokenPolicyOptions } from './pipeline/bearer-token-policy.js';
export {
  retryPolicy,
  computeRetryDelay,
  DEFAULT_RETRY_OPTIONS,
  RETRIABLE_STATUSES,
  type RetryOptions,
} from './pipeline/retry-policy.js';
export { timeoutPolicy } from './pipeline/timeout-policy.js';
export { loggingPolicy, type PartnerCenterLogEntry, type PartnerCenterLogger } from './pipeline/logging-policy.js';
export { fetchTransport } from './pipeline/fetch-transport.js';
export type { FetchLike, FetchInit, FetchResponseLike } from './internal/fetch-like.js';

export {
  createPagedIterator,
  type PagedAsyncIterableIterator,
  type PageSettings,
  type FetchPage,
} from './paging/paged-async-iterator.js';

export {
  CustomersOperations,
  type CustomerListFilter,
  type ListCustomersOptions,
  type GetCustomerOptions,
  type CreateCustomerOptions,
  type DeleteCustomerFromSandboxOptions,
  type RemoveCustomerRelationshipOptions,
  type RemoveDelegatedAccessOptions,
  type RequestResellerRelationshipOptions,
} from './resources/customers-operations.js';
export { EntitlementsOperations, type ListEntitlementsOptions } from './resources/entitlements-operations.js';
export {
  OrdersOperations,
  type ListOrdersOptions,
  type GetOrderOptions,
  type CreateOrderOptions,
  type CancelOrderOptions,
  type GetOrderProvisioningStatusOptions,
} from './resources/orders-operations.js';
export {
  SubscriptionsOperations,
  type ListSubscriptionsOptions,
  type GetSubscriptionOptions,
  type UpdateSubscriptionOptions,
  type SuspendSubscriptionOptions,
  type ReactivateSubscriptionOptions,
  type CancelSubscriptionOptions,
  type SubscriptionUpdate,
} from './resources/subscriptions-operations.js';

export {
  offboardSandboxCustomer,
  DEFAULT_OFFBOARDING_DEADLINE_IN_MS,
  DEFAULT_POLL_INTERVAL_IN_MS,
  DEFAULT_MAX_POLL_INTERVAL_IN_MS,
  DEFAULT_OFFBOARDING_CONCURRENCY,
  createOffboardingScheduler,
  type OffboardingScheduler,
  type OffboardingSchedulerOptions,
  type OffboardSandboxCustomerOptions,
  type OffboardSandboxCustomerResult,
  type OffboardingPlan,
  type OffboardProgressEvent,
} from './workflows/offboard-sandbox-customer.js';
export {
  offboardSandboxCustomers,
  type OffboardSandboxCustomersOptions,
} from './workflows/offboard-sandbox-customers.js';
export { CancellationPoller, type CancellationPollerOptions, type PollGroup } from './workflows/cancellation-poller.js';
export {
  removeResellerRelationship,
  type RemoveResellerRelationshipOptions,
  type RemoveResellerRelationshipResult,
  type RelationshipRemovalPlan,
  type RemoveRelationshipProgressEvent,
} from './workflows/remove-reseller-relationship.js';
export {
  removeResellerRelationships,
  type RemoveResellerRelationshipsOptions,
} from './workflows/remove-reseller-relationships.js';
export { runBulk, DEFAULT_BULK_CONCURRENCY, type BulkItemResult, type BulkOptions } from './workflows/run-bulk.js';
export { collectOrderIds } from './workflows/collect-order-ids.js';
export { OffboardingDeadlineError } from './workflows/offboarding-deadline-error.js';
export { RelationshipRemovalBlockedError } from './workflows/relationship-removal-blocked-error.js';
export { systemClock, type WorkflowClock } from './workflows/workflow-clock.js';
