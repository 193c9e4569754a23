/**
 * @module Bad input: ids that are not GUIDs, malformed JSON, wrong types, missing fields,
 * unknown enum values, oversized bodies, missing, expired or forged tokens, the wrong role,
 * another partner's customer, unknown routes and odd query strings. Each gets the documented
 * status and Partner Center error body, never a 500, and none of them changes anything. The
 * themes live in `bad-input/`, one file each; they run in this order, "changes nothing" after
 * every bad request and before the odd-but-valid input that creates customers.
 */
import { beforeAll, describe } from 'vitest';
import type { Suite } from '../suite.js';
import { authentication } from './bad-input/authentication.js';
import { createBadInputContext, type BadInputSetUp } from './bad-input/bad-input-context.js';
import { changesNothing } from './bad-input/changes-nothing.js';
import { setUpFixture, stateOf } from './bad-input/fixture.js';
import { foreignCustomers } from './bad-input/foreign-customers.js';
import { oddButValidInput } from './bad-input/odd-but-valid.js';
import { pathIds } from './bad-input/path-ids.js';
import { queryStrings } from './bad-input/query-strings.js';
import { requestBodies } from './bad-input/request-bodies.js';
import { roles } from './bad-input/roles.js';
import { routeSweep } from './bad-input/route-sweep.js';
import { unknownRoutes } from './bad-input/unknown-routes.js';

const THEMES = [
  pathIds,
  requestBodies,
  queryStrings,
  authentication,
  roles,
  foreignCustomers,
  unknownRoutes,
  routeSweep,
  changesNothing,
  oddButValidInput,
];

export const badInputSuite: Suite = (ctx, capabilities) => {
  describe('bad input', () => {
    let setUp: BadInputSetUp | undefined;
    const context = createBadInputContext(ctx, capabilities, () => {
      if (!setUp) throw new Error('The bad-input fixture is set up in beforeAll');
      return setUp;
    });

    beforeAll(async () => {
      if (capabilities.control) await ctx.api.control.reset();
      const fixture = await setUpFixture(ctx, capabilities);
      setUp = { fixture, stateBefore: await stateOf(ctx, capabilities, fixture) };
    });

    for (const theme of THEMES) theme(context);
  });
};
