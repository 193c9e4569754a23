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
