/**
 * @module The identities a fresh data directory starts with: one integration-sandbox partner
 * and one production partner, each with an app registration and a user for App+User sign-in.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { newGuid, newPassword, newSecret } from '../domain/ids.js';
import type { PartnerKind, PartnerRecord } from '../domain/records.js';
import type { IdentitySeed } from '../store/store.js';

function partner(kind: PartnerKind, now: number, name?: string) {
  const suffix = randomBytes(3).toString('hex');
  const record: PartnerRecord = {
    id: newGuid(),
    kind,
    name: name ?? (kind === 'sandbox' ? 'Partnerbox Integration Sandbox' : 'Partnerbox Production Partner'),
    domain: `partnerbox${kind === 'sandbox' ? 'tip' : 'prod'}${suffix}.onmicrosoft.com`,
    mpnId: String(randomInt(1_000_000, 9_999_999)),
    createdAt: now,
  };
  return {
    partner: record,
    app: {
      clientId: newGuid(),
      partnerId: record.id,
      clientSecret: newSecret(),
      displayName: `${record.name} app`,
      createdAt: now,
    },
    user: {
      id: newGuid(),
      partnerId: record.id,
      userName: `admin@${record.domain}`,
      password: newPassword(16),
      displayName: 'Admin Agent',
      createdAt: now,
    },
  };
}

export function defaultIdentities(now = Date.now()): IdentitySeed {
  // The production partner is created a millisecond later so listings order them stably.
  const parts = [partner('sandbox', now), partner('production', now + 1)];
  return {
    partners: parts.map((p) => p.partner),
    apps: parts.map((p) => p.app),
    users: parts.map((p) => p.user),
  };
}

/** One more partner with an app and a user: each test can have its own (`POST /_sandbox/partners`). */
export function newPartnerIdentity(kind: PartnerKind, name?: string, now = Date.now()): IdentitySeed {
  const p = partner(kind, now, name);
  return { partners: [p.partner], apps: [p.app], users: [p.user] };
}
