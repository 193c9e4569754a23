/**
 * @module Authentication: missing tokens, other schemes, expired, forged and refresh tokens all
 * get 401 800001 with a Bearer challenge.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customerBody } from '../../fixtures.js';
import { partnerOf } from '../helpers.js';
import { decodeJwt, signWithForeignKey, withAlgNone, withTamperedPayload } from '../jwt.js';
import { expectUnauthorized, json, type BadInputTheme, type Call } from './bad-input-context.js';

export const authentication: BadInputTheme = (context) => {
  const { customerPath, orderPath, subscriptionPath } = context;
  describe('authentication', () => {
    /** Operations that must refuse a request without a valid token before anything else. */
    const guardedCalls = (): Call[] => [
      { method: 'GET', path: '/v1/customers' },
      { method: 'POST', path: '/v1/customers', options: json(customerBody()) },
      { method: 'GET', path: customerPath() },
      { method: 'DELETE', path: customerPath() },
      {
        method: 'PATCH',
        path: orderPath(),
        options: json({ id: context.fixture.softwareOrderId, status: 'cancelled' }),
      },
      { method: 'PATCH', path: subscriptionPath(), options: json({ status: 'suspended' }) },
    ];

    it('a missing token, or another scheme, gets 401 800001 with the documented WWW-Authenticate challenge', async () => {
      for (const call of guardedCalls()) {
        expectUnauthorized(await context.suite.api.request(call.method, call.path, { ...call.options }));
        for (const authorization of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', `Token ${context.fixture.token}`])
          expectUnauthorized(
            await context.suite.api.request(call.method, call.path, {
              ...call.options,
              headers: { ...call.options?.headers, Authorization: authorization },
            }),
          );
      }
    });

    if (context.capabilities.control)
      it('an expired token gets 401 800001', async () => {
        const expired = await context.suite.api.control.mintToken({ partner: 'sandbox', expiresInSeconds: -120 });
        for (const call of guardedCalls()) expectUnauthorized(await context.send(call, expired.access_token));
      });

    it('forged tokens (another key, a tampered payload, alg none, garbage) get 401 800001', async () => {
      const validToken = context.fixture.token;
      const { header, payload } = decodeJwt(validToken);
      const forged = [
        signWithForeignKey(header, payload),
        signWithForeignKey({ ...header, kid: 'partnerbox-forged' }, payload),
        withTamperedPayload(validToken, { tid: randomUUID() }),
        withTamperedPayload(validToken, { exp: Math.floor(Date.now() / 1000) + 86_400 * 365 }),
        withTamperedPayload(validToken, { scp: 'user_impersonation', idtyp: 'user' }),
        withAlgNone(validToken),
        validToken.split('.').slice(0, 2).join('.'),
        `${validToken}x`,
        'not-a-jwt',
      ];
      for (const token of forged)
        for (const call of guardedCalls()) expectUnauthorized(await context.send(call, token));
    });

    it('a token for another audience (a refresh token) gets 401 800001', async () => {
      const partner = partnerOf(context.suite, 'sandbox');
      if (!partner.userName || !partner.password) throw new Error('The sandbox partner needs a user for this test');
      const form = new URLSearchParams({
        grant_type: 'password',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
        username: partner.userName,
        password: partner.password,
        scope: 'https://api.partnercenter.microsoft.com/user_impersonation offline_access',
      });
      const response = await fetch(`${context.suite.target.authority}/${partner.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const tokens = (await response.json()) as { refresh_token?: string };
      expect(tokens.refresh_token).toBeTruthy();
      const refreshToken = tokens.refresh_token as string;
      for (const call of guardedCalls()) expectUnauthorized(await context.send(call, refreshToken));
    });
  });
};
