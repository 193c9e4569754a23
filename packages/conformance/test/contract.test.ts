/**
 * The contract check that every conformance run of a sandbox goes through (suite.ts): it passes
 * what the document promises, reports what breaks it, and passes the sandbox's answers through
 * unchanged (a 413 before the body is read, a dropped connection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  OpenApiContract,
  startEmbeddedTarget,
  withContractCheck,
  type ContractDocument,
  type ContractTarget,
} from '@partnerbox/conformance';

let checked: ContractTarget;
let document: ContractDocument;
beforeAll(async () => {
  checked = await withContractCheck(await startEmbeddedTarget());
  document = (await (await fetch(`${checked.target.baseUrls[0]}/openapi.json`)).json()) as ContractDocument;
});
afterAll(() => checked.target.close());

const GUID = '4f4a2a79-7b3a-4f0e-9d7b-3f7a5d0b2c11';
const json = 'application/json; charset=utf-8';
const error = JSON.stringify({ code: 20002, description: 'No relationship', data: [], source: 'PartnerFD' });

describe('the contract check', () => {
  it('checks every answer through the proxy, and finds none of these at fault', async () => {
    const api = new ApiClient(checked.target);
    const token = await api.token(checked.target.sandboxPartner);
    expect((await api.request('GET', '/v1/customers', { token })).status).toBe(200);
    expect((await api.request('GET', `/v1/customers/${GUID}`, { token })).status).toBe(404);
    expect((await api.request('GET', '/v1/nothing-here', { token })).status).toBe(404);
    expect((await api.control.call('GET', '/clock')).status).toBe(200);
    expect(checked.takeViolations()).toEqual([]);
    expect([...checked.contract.checked.keys()]).toEqual(
      expect.arrayContaining([
        'GET /v1/customers 200',
        'GET /v1/customers/{customerId} 404',
        'GET /_sandbox/clock 200',
        'POST /{tenant}/oauth2/v2.0/token 200',
      ]),
    );
  });

  it('reports a status the operation does not list, a body its schema refuses, and an unknown route answered', () => {
    const stripped = structuredClone(document) as ContractDocument;
    const get = stripped.paths['/v1/customers/{customerId}']?.['get'];
    if (get?.responses) delete get.responses['404'];
    const contract = new OpenApiContract(stripped);
    expect(contract.problems('GET', `/v1/customers/${GUID}`, 404, json, error)).toEqual([
      expect.stringContaining('status 404 is not in the document'),
    ]);
    expect(contract.problems('GET', '/v1/customers?size=1', 200, json, '{"totalCount":"two","items":[]}')).not.toEqual(
      [],
    );
    expect(contract.problems('GET', '/v1/customers', 200, 'text/plain', 'hello')).toEqual([
      expect.stringContaining('content type text/plain'),
    ]);
    expect(contract.problems('GET', '/v1/invoices', 200, json, '{}')).toEqual([
      expect.stringContaining('not in the document, yet answered 200'),
    ]);
    // Case, a trailing slash and literal segments before parameters, as the router matches them.
    expect(contract.problems('GET', `/V1/Customers/${GUID}/`, 404, json, error)).toEqual([
      expect.stringContaining('status 404'),
    ]);
    expect(
      contract.problems('GET', '/v1/customers/relationshiprequests', 200, json, '{"url":"u","attributes":{}}'),
    ).not.toEqual([]);
  });

  it('passes a 413 answered before the body is read, and drops what the sandbox drops', async () => {
    const api = new ApiClient(checked.target);
    const token = await api.token(checked.target.sandboxPartner);
    const big = await api.request('POST', '/v1/customers', { token, rawBody: `"${'x'.repeat(1_100_000)}"` });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 800002 });
    await api.control.addFault({ path: '/v1/customers', kind: 'drop', times: 1 });
    await expect(api.request('GET', '/v1/customers', { token })).rejects.toThrow(/fetch failed/);
    await api.control.call('DELETE', '/faults');
    expect(checked.takeViolations()).toEqual([]);
  });
});
