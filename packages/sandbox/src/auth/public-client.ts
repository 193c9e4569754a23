/**
 * @module The built-in public client (docs/sandbox.md, "Signing users in"): one app id registered
 * in every partner tenant, with no secret, so a person can sign in without an app registration.
 */
import { PARTNERBOX_PUBLIC_CLIENT_ID, PARTNERBOX_PUBLIC_CLIENT_NAME } from '@partnerbox/contract';
import type { AppRecord, PartnerRecord } from '../domain/records.js';

export const isPublicClient = (clientId: string): boolean => clientId.toLowerCase() === PARTNERBOX_PUBLIC_CLIENT_ID;

export function publicClientFor(partner: PartnerRecord): AppRecord {
  return {
    clientId: PARTNERBOX_PUBLIC_CLIENT_ID,
    partnerId: partner.id,
    clientSecret: '',
    displayName: PARTNERBOX_PUBLIC_CLIENT_NAME,
    createdAt: partner.createdAt,
  };
}
