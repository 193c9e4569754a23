/**
 * @module Making sure `offboard` only ever runs against an integration sandbox account.
 *
 * Nothing in the `/v1` API says what kind of account a tenant is, and the offboarding recipe
 * writes before it deletes: it cancels orders first. A production account refuses the final
 * DELETE (900127) but accepts the cancellation of software purchases (only reserved instances
 * are refused, 800019), so finding out at the DELETE would be too late. Two guards, both before
 * the first write (see docs/cli.md, "Why offboard asks which kind of account it is"):
 *
 * 1. an acknowledgement that the profile is an integration sandbox (`--sandbox-account`,
 *    `integrationSandbox: true` in the profile, or `PARTNERBOX_INTEGRATION_SANDBOX=1`);
 * 2. a probe that cannot change anything: `DELETE /v1/customers/{a fresh random GUID}`. No
 *    customer has that id, so nothing can be deleted; a production account answers 900127
 *    ("This operation is not supported in this environment"), an integration sandbox 20002
 *    (no such customer).
 */
import { randomUUID } from 'node:crypto';
import { isPartnerCenterError, PartnerCenterErrorCode, type PartnerCenterClient } from '@partnerbox/sdk';
import { refusal } from './cli-error.js';
import { ENVIRONMENT_VARIABLES } from './resolve-profile.js';

/** What the probe saw. */
export interface IntegrationSandboxCheck {
  acknowledged: boolean;
  /** `integration-sandbox`: DELETE is supported here (the probe found no such customer). */
  probe: 'integration-sandbox';
  probeCustomerId: string;
  probeRequestId: string | undefined;
}

/**
 * Refuses (exit code 3) unless the account is acknowledged as an integration sandbox and the
 * probe does not say production. A dry run needs no acknowledgement (it writes nothing) but
 * still probes, so its plan is not a plan for a production account.
 *
 * @example
 * ```ts
 * await checkIntegrationSandbox(client, { acknowledged: flags.sandboxAccount === true, dryRun: false });
 * ```
 */
export async function checkIntegrationSandbox(
  client: PartnerCenterClient,
  options: { acknowledged: boolean; dryRun: boolean; abortSignal?: AbortSignal | undefined },
): Promise<IntegrationSandboxCheck> {
  if (!options.acknowledged && !options.dryRun) {
    throw refusal('offboard only runs against a Partner Center integration sandbox account.', [
      'offboarding cancels orders before it deletes; a production account would accept the cancellations',
      'of software purchases and only refuse the deletion. Confirm that this profile is an integration',
      `sandbox with --sandbox-account, "integrationSandbox": true in the profile, or ${ENVIRONMENT_VARIABLES.integrationSandbox}=1.`,
    ]);
  }
  const probeCustomerId = randomUUID();
  try {
    await client.customers.deleteFromSandbox(probeCustomerId, { abortSignal: options.abortSignal });
    // A 204 for an id made up a moment ago cannot come from a production account, which refuses
    // every DELETE; treat it like "no such customer".
    return {
      acknowledged: options.acknowledged,
      probe: 'integration-sandbox',
      probeCustomerId,
      probeRequestId: undefined,
    };
  } catch (error) {
    if (!isPartnerCenterError(error)) throw error;
    if (error.code === PartnerCenterErrorCode.NotSupportedInEnvironment) {
      throw refusal('This account is not an integration sandbox: offboard refused, nothing was changed.', [
        `DELETE /v1/customers/${probeCustomerId} (an id no customer has) answered ${error.statusCode} ${error.code}: ${error.description}`,
        `request id: ${error.requestId ?? '(none)'}`,
      ]);
    }
    // Only 900127 proves a production account. Whatever else the service says about an id no
    // customer has (Partner Center's 20002 at 403 or 404, the gateway's bare 404 without a code
    // seen in the wild, another 400) proves nothing either way: the acknowledgement vouches for
    // the account. Authentication, throttling and server errors are real failures.
    if (
      error.code === PartnerCenterErrorCode.NoRelationship ||
      error.statusCode === 400 ||
      error.statusCode === 403 ||
      error.statusCode === 404
    ) {
      return {
        acknowledged: options.acknowledged,
        probe: 'integration-sandbox',
        probeCustomerId,
        probeRequestId: error.requestId,
      };
    }
    throw error;
  }
}
