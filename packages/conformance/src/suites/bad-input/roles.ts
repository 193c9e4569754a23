/** @module Roles: an App-only token on the operations that need App+User. */
import { describe, expect, it } from 'vitest';
import { expectError } from '../helpers.js';
import { json, type BadInputTheme, type Call } from './bad-input-context.js';

export const roles: BadInputTheme = (context) => {
  const { customerPath } = context;
  describe('roles', () => {
    it('an App-only token on App+User operations gets 403 900150 and changes nothing', async () => {
      const calls: Call[] = [
        {
          method: 'PATCH',
          path: customerPath(),
          options: json({ relationshipToPartner: 'none', attributes: { objectType: 'Customer' } }),
        },
        {
          method: 'PATCH',
          path: customerPath(),
          options: json({ allowDelegatedAccess: false, attributes: { objectType: 'Customer' } }),
        },
        { method: 'GET', path: '/v1/customers/relationshiprequests' },
      ];
      for (const call of calls) expectError(await context.send(call), 403, 900150);
      const after = await context.send({ method: 'GET', path: customerPath() });
      expect(after.status).toBe(200);
      expect(after.body.relationshipToPartner).toBe('reseller');
      expect(after.body.allowDelegatedAccess).toBe(true);
    });
  });
};
