/** @module Changes nothing: a batch of bad requests, then the state the suite started from, exactly. */
import { describe, expect, it } from 'vitest';
import { customerBody, OFFERS, orderBody } from '../../fixtures.js';
import { decodeJwt, signWithForeignKey } from '../jwt.js';
import { json, raw, type BadInputTheme, type Call } from './bad-input-context.js';
import { stateOf } from './fixture.js';

export const changesNothing: BadInputTheme = (context) => {
  const { customerPath, orderPath, subscriptionPath } = context;
  describe('changes nothing', () => {
    it('a batch of bad requests leaves customers, orders and subscriptions exactly as they were', async () => {
      const { fixture } = context;
      const body = customerBody();
      const expired = context.capabilities.control
        ? (await context.suite.api.control.mintToken({ partner: 'sandbox', expiresInSeconds: -120 })).access_token
        : 'expired';
      const forged = signWithForeignKey(decodeJwt(fixture.token).header, decodeJwt(fixture.token).payload);
      const current = await context.send({ method: 'GET', path: subscriptionPath() });
      const orderStatusPatch = (status: string): Call => ({
        method: 'PATCH',
        path: orderPath(),
        options: json({ id: fixture.softwareOrderId, status }),
      });
      const batch: [Call, string | undefined][] = [
        [{ method: 'POST', path: '/v1/customers', options: raw('{"companyProfile":') }, undefined],
        [{ method: 'POST', path: '/v1/customers', options: json({ ...body, billingProfile: 'x' }) }, undefined],
        [{ method: 'POST', path: '/v1/customers', options: raw(`[${JSON.stringify(body)}]`) }, undefined],
        [{ method: 'POST', path: '/v1/customers', options: raw(`{"__proto__":${JSON.stringify(body)}}`) }, undefined],
        [
          {
            method: 'POST',
            path: '/v1/customers',
            options: raw(JSON.stringify({ ...body, pad: 'x'.repeat(1_100_000) })),
          },
          undefined,
        ],
        [{ method: 'POST', path: '/v1/customers', options: json(body) }, forged],
        [{ method: 'POST', path: '/v1/customers', options: json(body) }, expired],
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json(orderBody(OFFERS.licence, 'abc' as unknown as number)),
          },
          undefined,
        ],
        [
          {
            method: 'POST',
            path: `${customerPath()}/orders`,
            options: json({ billingCycle: 'weekly', ...orderBody(OFFERS.licence) }),
          },
          undefined,
        ],
        [{ method: 'POST', path: `${customerPath()}/orders`, options: json(orderBody('NO-SUCH-OFFER')) }, undefined],
        [{ method: 'POST', path: `${customerPath()}/orders`, options: json(orderBody(OFFERS.licence)) }, forged],
        [{ method: 'PATCH', path: customerPath(), options: json({ relationshipToPartner: 'bogus' }) }, undefined],
        [{ method: 'PATCH', path: customerPath(), options: json({ relationshipToPartner: 'none' }) }, undefined],
        [{ method: 'PATCH', path: customerPath(), options: json({ allowDelegatedAccess: false }) }, undefined],
        [{ method: 'PATCH', path: customerPath(), options: json({ relationshipToPartner: 'none' }) }, forged],
        [{ method: 'DELETE', path: customerPath() }, forged],
        [{ method: 'DELETE', path: customerPath() }, expired],
        [{ method: 'DELETE', path: customerPath() }, undefined],
        [orderStatusPatch('frozen'), undefined],
        [orderStatusPatch('completed'), undefined],
        [{ method: 'PATCH', path: orderPath(), options: raw('{"__proto__":{"status":"cancelled"}}') }, undefined],
        [orderStatusPatch('cancelled'), forged],
        [orderStatusPatch('cancelled'), expired],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ status: 'paused' }) }, undefined],
        [
          { method: 'PATCH', path: subscriptionPath(), options: json({ status: 'suspended', quantity: 'x' }) },
          undefined,
        ],
        [
          {
            method: 'PATCH',
            path: subscriptionPath(),
            options: { body: { status: 'suspended' }, headers: { 'If-Match': `"${current.body.attributes.etag}x"` } },
          },
          undefined,
        ],
        [{ method: 'PATCH', path: subscriptionPath(), options: json({ status: 'suspended' }) }, forged],
      ];
      if (fixture.production) {
        const production = fixture.production;
        batch.push(
          [{ method: 'DELETE', path: `/v1/customers/${production.customerId}` }, undefined],
          [
            {
              method: 'POST',
              path: `/v1/customers/${production.customerId}/orders`,
              options: json(orderBody(OFFERS.licence)),
            },
            undefined,
          ],
          [
            {
              method: 'PATCH',
              path: `/v1/customers/${production.customerId}/subscriptions/${production.subscriptionId}`,
              options: json({ status: 'suspended' }),
            },
            undefined,
          ],
          [{ method: 'PATCH', path: subscriptionPath(), options: json({ status: 'suspended' }) }, production.token],
          [orderStatusPatch('cancelled'), production.token],
          [
            { method: 'POST', path: `${customerPath()}/orders`, options: json(orderBody(OFFERS.licence)) },
            production.token,
          ],
        );
      }
      for (const [call, token] of batch) {
        const response = await context.send(call, token ?? fixture.token);
        expect(`${call.method} ${call.path} → ${response.status >= 400 && response.status < 500}`).toBe(
          `${call.method} ${call.path} → true`,
        );
      }
      expect(await stateOf(context.suite, context.capabilities, fixture)).toEqual(context.stateBefore);
    });
  });
};
