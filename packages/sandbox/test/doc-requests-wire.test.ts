/**
 * The docs' DELETE and PATCH request examples sent over a raw socket to a real listening server
 * (SQLite file and PostgreSQL) as published: the absolute-form request line, the docs' own
 * headers and `MS-RequestId` values, PascalCase path forms and trailing slashes. Each is then
 * replayed byte for byte: the same answer, and the state exactly as the first call left it.
 *
 * What is substituted, and why, is all a client has to change: the placeholders (`<customer-tenant-id>`,
 * `<token>`, `<etag>`, the ids in bodies), an `Authorization` header where an example omits it, a
 * `Host` header where it omits it (HTTP/1.1 requires one; the docs' other examples send
 * `api.partnercenter.microsoft.com`), and `Content-Length` computed from the body as published
 * (the published lengths, such as 74 for a 96-byte body, are of other bodies). The DAP example
 * lost its blank line before the body when the page was rendered; it is put back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  OFFERS,
  customerBody,
  startEmbeddedTarget,
  startPostgresTarget,
  type Target,
} from '@partnerbox/conformance';
import {
  CANCEL_LINE_ITEM,
  CANCEL_ORDER,
  DELETE_CUSTOMER,
  REMOVE_DAP,
  REMOVE_RELATIONSHIP,
  SUSPEND_SUBSCRIPTION,
} from './support/doc-requests.js';
import { connect } from 'node:net';
import { parseResponses, type RawResponse } from './support/raw-http.js';

const DOCS_HOST = 'api.partnercenter.microsoft.com';

/** The first final (non-1xx) response once all of it has arrived; undefined until then. */
function finalAnswer(received: string): RawResponse | undefined {
  let rest = received;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = rest.slice(0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? '0');
    if (rest.length < end + 4 + length) return undefined;
    const [answer] = parseResponses(rest.slice(0, end + 4 + length));
    if (answer && answer.status >= 200) return answer;
    rest = rest.slice(end + 4 + length);
  }
}

/** The docs' request text made sendable, as the module comment lists; `path` rewrites the request target. */
function wireRequest(
  example: string,
  values: Record<string, string>,
  options: { token: string; path?: (published: string) => string },
): string {
  let text = example.replace(/\\</g, '<').replace(/\\>/g, '>');
  for (const [placeholder, value] of Object.entries(values)) text = text.split(placeholder).join(value);
  const lines = text.split('\n');
  // The headers end at the blank line, or (the rendered DAP example) where the JSON body starts.
  const end = lines.findIndex((line) => line === '' || line.startsWith('{'));
  const head = lines.slice(0, end < 0 ? lines.length : end);
  const body = end < 0 ? '' : lines.slice(lines[end] === '' ? end + 1 : end).join('\n');
  const [method, target, version] = (head[0] ?? '').split(' ');
  const requestLine = [method, options.path ? options.path(target ?? '') : target, version].join(' ');
  const headers = head.slice(1).filter((line) => !/^content-length:/i.test(line));
  const has = (name: string) => headers.some((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!has('Host')) headers.push(`Host: ${DOCS_HOST}`);
  if (!has('Authorization')) headers.push(`Authorization: Bearer ${options.token}`);
  headers.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${[requestLine, ...headers].join('\r\n')}\r\n\r\n${body}`;
}

/** `https://api…/v1/customers/{id}` → `https://api…/v1/Customers/{id}/`: the form Microsoft's sandbox page shows. */
const pascalWithSlash = (target: string) =>
  `${target.replace(/\/v1\/customers\//, '/v1/Customers/').replace(/\/(orders|subscriptions)\//, (m, s: string) => `/${s.charAt(0).toUpperCase()}${s.slice(1)}/`)}/`;
/** The same in origin form, as a client with the sandbox's base URL sends it. */
const originPascal = (target: string) => pascalWithSlash(target).replace(`https://${DOCS_HOST}`, '');

describe.each([
  { store: 'SQLite file', start: () => startEmbeddedTarget({ cancellationDelaySeconds: 5 }) },
  { store: 'PostgreSQL', start: () => startPostgresTarget({ cancellationDelaySeconds: 5 }) },
])("the docs' DELETE and PATCH examples on the wire ($store)", ({ start }) => {
  let target: Target;
  let api: ApiClient;
  let base: string;
  let app: string;
  let user: string;

  beforeAll(async () => {
    target = await start();
    api = new ApiClient(target);
    base = target.baseUrls[0] as string;
    app = await api.token(target.sandboxPartner);
    user = await api.token(target.sandboxPartner, 'user');
  });
  afterAll(() => target.close());

  /** The final answer to `request` (a `100 Continue` before it skipped), on a connection of its own. */
  function send(request: string): Promise<RawResponse> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(request));
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        const answer = finalAnswer(received);
        if (answer) {
          socket.destroy();
          resolve(answer);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`closed before a whole answer: ${JSON.stringify(received)}`)));
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    });
  }

  /** The state a replay must leave alone. */
  async function state(): Promise<unknown> {
    const snapshot = await api.control.ok('GET', '/snapshot');
    return { customers: snapshot.customers, orders: snapshot.orders, subscriptions: snapshot.subscriptions };
  }

  /** Sends `request`, then the same bytes again: the same answer, and nothing more changed. */
  async function sendAndReplay(request: string): Promise<RawResponse> {
    const first = await send(request);
    const after = await state();
    const replay = await send(request);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: first.status, body: first.body });
    expect(replay.headers['ms-requestid']).toBe(first.headers['ms-requestid']);
    expect(await state()).toEqual(after);
    return first;
  }

  async function newCustomer(): Promise<string> {
    const created = await api.request('POST', '/v1/customers', { token: app, body: customerBody() });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const customerStatus = async (id: string) => (await api.request('GET', `/v1/customers/${id}`, { token: app })).status;

  it.each([
    { form: 'as published', path: undefined },
    { form: 'PascalCase with a trailing slash', path: pascalWithSlash },
    { form: 'in origin form, PascalCase with a trailing slash', path: originPascal },
  ])('#1 DELETE a customer $form: 204 echoing the docs ids, and its replay too', async ({ path }) => {
    const id = await newCustomer();
    const bystander = await newCustomer();
    const answer = await sendAndReplay(
      wireRequest(DELETE_CUSTOMER, { '<customer-tenant-id>': id }, { token: app, ...(path ? { path } : {}) }),
    );
    expect(answer.status).toBe(204);
    expect(answer.body).toBe('');
    expect(answer.headers['ms-requestid']).toBe('655890ba-4d2b-4d09-a95f-4ea1348686a5');
    expect(answer.headers['ms-correlationid']).toBe('1438ea3d-b515-45c7-9ec1-27ee0cc8e6bd');
    expect(answer.headers['ms-serverid']).toMatch(/^\d+$/);
    expect(await customerStatus(id)).toBe(404);
    expect(await customerStatus(bystander)).toBe(200);
  });

  it('#45 then #3 on one customer: the docs give both the same MS-RequestId, and each is its own call', async () => {
    const id = await newCustomer();
    const dap = await sendAndReplay(
      wireRequest(REMOVE_DAP, { '<customer-tenant-id>': id, '<token>': user }, { token: user }),
    );
    expect(dap.status).toBe(200);
    expect(JSON.parse(dap.body)).toMatchObject({ id, allowDelegatedAccess: false, relationshipToPartner: 'reseller' });
    const removal = await sendAndReplay(
      wireRequest(REMOVE_RELATIONSHIP, { '<customer-tenant-id>': id, '<token>': user }, { token: user }),
    );
    expect(removal.status).toBe(200);
    expect(removal.headers['ms-requestid']).toBe('9fef8b23-6e3e-45d2-8678-e9fe89c35af5');
    expect(JSON.parse(removal.body)).toMatchObject({ id, relationshipToPartner: 'none' });
    // An integration sandbox account's removal deletes the customer.
    expect(await customerStatus(id)).toBe(404);
  });

  it('#3 remove the relationship, PascalCase with a trailing slash', async () => {
    const id = await newCustomer();
    const removal = await sendAndReplay(
      wireRequest(
        REMOVE_RELATIONSHIP,
        { '<customer-tenant-id>': id, '<token>': user },
        { token: user, path: pascalWithSlash },
      ),
    );
    expect(removal.status).toBe(200);
    expect(JSON.parse(removal.body).relationshipToPartner).toBe('none');
  });

  it('#20 cancel an order (no Content-Type, a trailing comma): replayed after the cancellation completed, the first answer', async () => {
    const id = await newCustomer();
    const order = await api.request('POST', `/v1/customers/${id}/orders`, {
      token: app,
      body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS.perpetualSoftware, quantity: 1 }] },
    });
    const orderId = order.body.id as string;
    const request = wireRequest(
      CANCEL_ORDER,
      { '<customer-tenant-id>': id, '<order-id>': orderId, UKXASSO1dezh3HdxClHxSp5UEFXGbAnt1: orderId },
      { token: app, path: originPascal },
    );
    const first = await send(request);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ id: orderId, status: 'pending' });
    await api.control.advanceClock(6);
    const cancelled = await api.request('GET', `/v1/customers/${id}/orders/${orderId}`, { token: app });
    expect(cancelled.body.status).toBe('cancelled');
    const settled = await state();
    const replay = await send(request);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: first.status, body: first.body });
    expect(await state()).toEqual(settled);
  });

  it('#22 cancel one software line item as published, and its replay', async () => {
    const id = await newCustomer();
    const order = await api.request('POST', `/v1/customers/${id}/orders`, {
      token: app,
      body: {
        lineItems: [
          { lineItemNumber: 0, offerId: OFFERS.softwareSubscription, quantity: 1 },
          { lineItemNumber: 1, offerId: OFFERS.perpetualSoftware, quantity: 1 },
        ],
      },
    });
    const orderId = order.body.id as string;
    const answer = await sendAndReplay(
      wireRequest(
        CANCEL_LINE_ITEM,
        { '<customer-tenant-id>': id, '<order-id>': orderId, '2y6dF_rVgDAXMxypQPPnTquuXhKVK_3N1': orderId },
        { token: app },
      ),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).id).toBe(orderId);
  });

  it('#28 suspend a subscription (If-Match, Expect: 100-continue): the replay gets 200, not 2055', async () => {
    const id = await newCustomer();
    const order = await api.request('POST', `/v1/customers/${id}/orders`, {
      token: app,
      body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS.licence, quantity: 2 }] },
    });
    const subscriptionId = order.body.lineItems[0].subscriptionId as string;
    const read = await api.request('GET', `/v1/customers/${id}/subscriptions/${subscriptionId}`, { token: app });
    const etag = read.body.attributes.etag as string;
    const values = {
      '<customer-tenant-id>': id,
      '<id-for-subscription>': subscriptionId,
      '<token>': app,
      '<etag>': etag,
      '83ef9d05-4169-4ef9-9657-0e86b1eab1de': subscriptionId,
    };
    const answer = await sendAndReplay(
      wireRequest(SUSPEND_SUBSCRIPTION, values, { token: app, path: pascalWithSlash }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      id: subscriptionId,
      status: 'suspended',
      friendlyName: 'nickname',
    });
    expect(answer.headers['ms-requestid']).toBe('ca7c39f7-1a80-43bc-90d8-ee7d1cad3831');
  });
});
