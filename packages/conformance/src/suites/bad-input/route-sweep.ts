/**
 * @module No 500, whatever the input: the sweep of every `/v1` route of the app's route table
 * (see route-table.ts and sweep-plan.ts) with malformed ids, bodies, queries and headers.
 */
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '@partnerbox/contract';
import type { ApiResponse } from '../../http.js';
import { schemaErrors } from '../../schema.js';
import type { BadInputContext, BadInputTheme } from './bad-input-context.js';
import { sweptOperations } from './route-table.js';
import { pathValuesFor, planSweep, type SweepRequest } from './sweep-plan.js';

function labelOf(request: SweepRequest): string {
  const body = String(request.options?.rawBody ?? '').slice(0, 60);
  return `${request.method} ${request.path.slice(0, 120)} ${body}`;
}

/** What is wrong with the answer to `request`, or undefined when it is a proper one. */
async function failureOf(context: BadInputContext, request: SweepRequest): Promise<string | undefined> {
  const label = labelOf(request);
  let response: ApiResponse;
  try {
    response = await context.send(request);
  } catch (error) {
    return `${label} → ${(error as Error).message}`;
  }
  if (response.status >= 500) return `${label} → ${response.status} ${response.text.slice(0, 200)}`;
  if (request.mustBeRejected && response.status < 400)
    return `${label} → ${response.status}: a body that breaks the schema was accepted`;
  if (response.status >= 400 && request.method !== 'HEAD' && schemaErrors(ErrorBodySchema, response.body).length)
    return `${label} → ${response.status} without the Partner Center error body: ${response.text.slice(0, 200)}`;
  return undefined;
}

export const routeSweep: BadInputTheme = (context) => {
  describe('no 500, whatever the input', () => {
    it('a sweep of malformed ids, bodies, queries and headers over every /v1 route stays below 500', async () => {
      const operations = await sweptOperations(context.suite);
      const requests = planSweep(operations, pathValuesFor(context.fixture));
      const failures: string[] = [];
      for (const request of requests) {
        const failure = await failureOf(context, request);
        if (failure) failures.push(failure);
      }
      expect(requests.length).toBeGreaterThan(250);
      expect(failures).toEqual([]);
      // Hundreds of requests one after another: on two PostgreSQL instances, each answer checked
      // against the OpenAPI document on the way (suite.ts), ~30 s on an idle 2-core machine.
    }, 180_000);
  });
};
