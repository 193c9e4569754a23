/** @module The error of an offboarding whose order cancellations outlasted the deadline. */

/**
 * Order cancellations were still pending when the deadline passed; the customer was not
 * deleted. Nothing is left half-done: run the offboarding again later and it picks up where
 * this one stopped.
 *
 * @example
 * ```ts
 * try {
 *   await offboardSandboxCustomer(client, customerId, { deadlineInMs: 120_000 });
 * } catch (error) {
 *   if (error instanceof OffboardingDeadlineError) console.error('still cancelling:', error.pendingOrderIds);
 * }
 * ```
 */
export class OffboardingDeadlineError extends Error {
  override readonly name = 'OffboardingDeadlineError';
  readonly customerId: string;
  /** Orders whose cancellation had not completed. */
  readonly pendingOrderIds: string[];
  /** Orders seen cancelled before the deadline. */
  readonly cancelledOrderIds: string[];
  readonly deadline: Date;

  constructor(customerId: string, pendingOrderIds: string[], cancelledOrderIds: string[], deadline: Date) {
    super(
      `Offboarding customer ${customerId}: the deadline (${deadline.toISOString()}) passed while ${
        pendingOrderIds.length
      } order cancellation(s) were still pending: ${pendingOrderIds.join(', ')}. The customer was not deleted; run again to resume.`,
    );
    this.customerId = customerId;
    this.pendingOrderIds = pendingOrderIds;
    this.cancelledOrderIds = cancelledOrderIds;
    this.deadline = deadline;
  }
}
