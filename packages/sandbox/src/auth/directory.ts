/**
 * @module Looking up the tenant and the client an OAuth request names, as Entra ID does: a tenant
 * by id or by domain (or none, for `organizations`/`common`), a client by its app id, which may
 * be the built-in public client.
 */
import { isGuid } from '@partnerbox/contract';
import type { AppRecord, PartnerRecord } from '../domain/records.js';
import type { Store } from '../store/store.js';
import { OAuthError, unknownTenant } from './oauth-error.js';
import { isPublicClient, publicClientFor } from './public-client.js';

export const isMultiTenant = (tenant: string): boolean => {
  const lower = tenant.toLowerCase();
  return lower === 'common' || lower === 'organizations';
};

/** The partner a tenant segment names; undefined for `organizations`/`common`; 400 90002 otherwise. */
export async function resolveTenant(
  store: Store,
  tenant: string,
  error: 'invalid_request' | 'invalid_tenant' = 'invalid_request',
): Promise<PartnerRecord | undefined> {
  if (isMultiTenant(tenant)) return undefined;
  const lower = tenant.toLowerCase();
  const partner = isGuid(lower) ? await store.getPartner(lower) : await store.findPartnerByDomain(lower);
  if (!partner) throw unknownTenant(tenant, error);
  return partner;
}

export type Client = { kind: 'public'; clientId: string; name: string } | { kind: 'confidential'; app: AppRecord };

const missing = (name: string) =>
  new OAuthError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

const unknownApp = (clientId: string) =>
  new OAuthError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory.`,
  );

export async function findClient(store: Store, clientId: string | undefined): Promise<Client> {
  if (!clientId) throw missing('client_id');
  if (isPublicClient(clientId)) return { kind: 'public', clientId: clientId.toLowerCase(), name: 'Partnerbox' };
  const app = await store.getApp(clientId.toLowerCase());
  if (!app) throw unknownApp(clientId);
  return { kind: 'confidential', app };
}

export const clientIdOf = (client: Client): string =>
  client.kind === 'public' ? client.clientId : client.app.clientId;

export const clientName = (client: Client): string => (client.kind === 'public' ? client.name : client.app.displayName);

/** The client's registration in `partner`'s tenant: an app belongs to one tenant, the public client to all. */
export function appIn(client: Client, partner: PartnerRecord): AppRecord {
  if (client.kind === 'public') return publicClientFor(partner);
  if (client.app.partnerId !== partner.id) throw unknownApp(client.app.clientId);
  return client.app;
}

/** Whether the client may sign users of `partner` in. */
export const clientServes = (client: Client, partner: PartnerRecord): boolean =>
  client.kind === 'public' || client.app.partnerId === partner.id;
