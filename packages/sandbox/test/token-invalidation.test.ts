/**
 * Two instances on one PostgreSQL database: after a snapshot from another deployment is
 * imported through one of them, the other stops accepting the tokens it had verified for the
 * partners the import removed (401, as for any unknown tenant), instead of answering as if the
 * old partner still existed (404 for its customers) until the tokens expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  customerBody,
  startEmbeddedTarget,
  startPostgresTarget,
  type Target,
} from '@partnerbox/conformance';
import { send } from './support/http.js';

let shared: Target;
let foreign: Target;

beforeAll(async () => {
  shared = await startPostgresTarget({ instances: 2 });
  foreign = await startEmbeddedTarget({ store: { kind: 'memory' } });
});
afterAll(async () => {
  await shared?.close();
  await foreign?.close();
});

describe('verified tokens after a snapshot import on another instance', () => {
  it('are refused with 401 by every instance once the import replaced their partner', async () => {
    const [first, second] = shared.baseUrls as [string, string];
    const api = new ApiClient(shared);
    const token = await api.token(shared.sandboxPartner);
    const created = await send(`${second}/v1/customers`, 'POST', { token, body: customerBody() });
    expect(created.status).toBe(201);
    // Verified, and so cached, by the second instance.
    expect((await send(`${second}/v1/customers/${created.body.id}`, 'GET', { token })).status).toBe(200);

    const exported = await new ApiClient(foreign).control.ok<Record<string, unknown>>('GET', '/snapshot');
    const adminKey = shared.control?.adminKey ?? '';
    const imported = await send(`${first}/_sandbox/snapshot`, 'PUT', { token: adminKey, body: exported });
    expect(imported.status, imported.text).toBe(200);

    for (const base of [first, second]) {
      const response = await send(`${base}/v1/customers/${created.body.id}`, 'GET', { token });
      expect(response.status, `${base}: ${response.text}`).toBe(401);
      expect(response.body.code).toBe(800001);
    }
    // The imported partners' own tokens work on both.
    const foreignToken = (await send(`${first}/_sandbox/tokens`, 'POST', { token: adminKey, body: {} })).body
      .access_token as string;
    for (const base of [first, second])
      expect((await send(`${base}/v1/customers`, 'GET', { token: foreignToken })).status).toBe(200);
  });
});
