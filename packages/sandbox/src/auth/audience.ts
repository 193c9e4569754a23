/** @module What every grant must ask for: Partner Center, by scope (v2.0 endpoints) or by resource (v1). */
import { PARTNER_CENTER_AUDIENCE } from '@partnerbox/contract';
import { OAuthError } from './oauth-error.js';

const AUDIENCE_PREFIX = PARTNER_CENTER_AUDIENCE.toLowerCase();

/** The v2 endpoint asks for scopes, the v1 endpoint for a resource; both must name Partner Center. */
export function checkAudience(form: Record<string, string | undefined>): void {
  const resource = form['resource'];
  if (resource !== undefined) {
    if (resource.replace(/\/$/, '').toLowerCase() !== AUDIENCE_PREFIX)
      throw new OAuthError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant.`,
      );
    return;
  }
  const scopes = (form['scope'] ?? '').split(/\s+/).filter(Boolean);
  const ours = scopes.filter((s) => s.toLowerCase().startsWith(AUDIENCE_PREFIX));
  if (ours.length === 0)
    throw new OAuthError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. Use ${PARTNER_CENTER_AUDIENCE}/.default or ${PARTNER_CENTER_AUDIENCE}/user_impersonation.`,
    );
}
