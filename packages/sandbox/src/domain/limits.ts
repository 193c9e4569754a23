/** @module The integration sandbox's documented quotas (spec section 6). */

export const LIMITS = {
  customersPerSandbox: 75,
  subscriptionsPerCustomer: 5,
  seatsPerSubscription: 25,
  reservedInstancesPerCustomer: 2,
  cancellationWindowDays: 60,
  /** New-commerce subscriptions are cancelled (PATCH subscription, status deleted) within 7 days. */
  newCommerceCancellationWindowDays: 7,
} as const;

export const DAY_MS = 86_400_000;

/**
 * How long a write's answer is replayed to a retry with the same `MS-RequestId` (sandbox clock).
 * The headers doc asks a client to retry with the same id after a timeout, which happens within
 * seconds to minutes; a day covers any retry loop, and an id seen again later is a new call.
 */
export const REPLAY_WINDOW_MS = DAY_MS;
