/**
 * @module `/v1/customers`: create, get, list (seek paging, filter), delete from the
 * integration sandbox, remove the reseller relationship or DAP, and the invitation URL.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import {
  CollectionSchema,
  CreateCustomerRequestSchema,
  CustomerSchema,
  ErrorBodySchema,
  HEADERS,
  RelationshipRequestSchema,
  UpdateCustomerRequestSchema,
  type CreateCustomerRequest,
  type Customer,
  type UpdateCustomerRequest,
} from '@partnerbox/contract';
import type { SandboxContext } from '../../context.js';
import { customerPatch } from '../../domain/customer-patch.js';
import type { CustomerAggregate, PartnerKind } from '../../domain/records.js';
import {
  assertVisible,
  buildCustomer,
  checkDeletable,
  existingAggregate,
  normalizeDomain,
  removeDelegatedAccess,
  removeRelationship,
  visibleAggregate,
} from '../../domain/customers.js';
import { errors } from '../../errors.js';
import type { CustomerListItem, ListCustomersQuery, Mutation } from '../../store/store.js';
import { requireAppUser } from '../auth.js';
import {
  DEFAULT_PAGE_SIZE,
  decodeContinuationToken,
  encodeContinuationToken,
  MAX_PAGE_SIZE,
  type Cursor,
} from '../continuation-token.js';
import { parseCustomerFilter } from '../customer-filter.js';
import { collectionJson, customerJson, customerListItemJson, JSON_CONTENT_TYPE, ListingTexts } from '../json-text.js';
import { collection, link, renderCustomer } from '../render.js';
import {
  created,
  CustomerParams,
  customerIdFrom,
  errorResponses,
  NO_CONTENT,
  ok,
  replayKey,
  security,
  send,
  type Reply,
} from './common.js';

const ListQuery = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: 0, description: `Page size; 0 or absent means ${DEFAULT_PAGE_SIZE}.` })),
  filter: Type.Optional(Type.String({ description: 'URL-encoded JSON: {"Field","Value","Operator":"starts_with"}.' })),
  seekOperation: Type.Optional(Type.String({ description: '"Next", with the MS-ContinuationToken header.' })),
});

type ListRequest = FastifyRequest<{ Querystring: Static<typeof ListQuery> }>;

/** The first page (size, filter), or the next one a continuation token points at. */
function listCursor(request: ListRequest): Cursor {
  const { query } = request;
  const requestedSize = query.size ? Math.min(query.size, MAX_PAGE_SIZE) : undefined;
  if (query.seekOperation === undefined) {
    const cursor: Cursor = { afterSeq: 0, size: requestedSize ?? DEFAULT_PAGE_SIZE };
    if (query.filter !== undefined) cursor.filter = parseCustomerFilter(query.filter);
    return cursor;
  }
  if (query.seekOperation.toLowerCase() !== 'next')
    throw errors.unableToParseEnum(query.seekOperation, 'seekOperation');
  const header = request.headers[HEADERS.continuationToken];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw errors.invalidInput(HEADERS.continuationToken, 'Required with seekOperation=Next.');
  const cursor = decodeContinuationToken(token);
  if (requestedSize) cursor.size = requestedSize;
  return cursor;
}

/**
 * One page of the list as JSON text (json-text.ts keeps each item's); `rows` has one customer
 * more than the page when there is a next page.
 */
function customerPage(
  rows: readonly CustomerListItem[],
  cursor: Cursor,
  filterText: string | undefined,
  keepItems: boolean,
): string {
  const page = rows.slice(0, cursor.size);
  const selfQuery = new URLSearchParams({ size: String(cursor.size) });
  if (filterText !== undefined) selfQuery.set('filter', filterText);
  const result = collection([], `/customers?${selfQuery.toString()}`, { totalCount: page.length });
  const last = page.at(-1);
  if (rows.length > cursor.size && last) {
    const token = encodeContinuationToken({ ...cursor, afterSeq: last.seq });
    result.links = {
      self: link(`/customers?${selfQuery.toString()}`),
      next: link(`/customers?size=${cursor.size}&seekOperation=Next`, 'GET', [
        { key: 'MS-ContinuationToken', value: token },
      ]),
    };
    result.continuationToken = token;
  }
  return collectionJson(
    result,
    page.map((item) => customerListItemJson(item, keepItems)),
  );
}

/**
 * Everything a page's text depends on: the partner, the position, the size, the filter as
 * parsed (a continuation token carries it) and as the client wrote it (the self link echoes it).
 */
function listingKey(partnerId: string, cursor: Cursor, filterText: string | undefined): string {
  const filter = cursor.filter ? JSON.stringify(cursor.filter) : '';
  return JSON.stringify([partnerId, cursor.afterSeq, cursor.size, filter, filterText ?? null]);
}

/** Relationship removal: the integration sandbox deletes the customer, a production account hides it. */
function relationshipRemoval(
  aggregate: CustomerAggregate,
  partnerKind: PartnerKind,
  now: number,
): Mutation<Reply<Customer>> {
  const removal = removeRelationship(aggregate, partnerKind, now);
  return {
    changes: { customer: removal.kind === 'delete' ? 'delete' : removal.customer },
    result: ok(renderCustomer(removal.customer)),
  };
}

function delegatedAccessRemoval(aggregate: CustomerAggregate): Mutation<Reply<Customer>> {
  const updated = removeDelegatedAccess(aggregate);
  return { changes: updated ? { customer: updated } : {}, result: ok(renderCustomer(updated ?? aggregate.customer)) };
}

export function customerRoutes(ctx: SandboxContext): FastifyPluginAsync {
  return async (app) => {
    const { store } = ctx;
    const listings = new ListingTexts();

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          operationId: 'listCustomers',
          summary: 'List customers (seek-paged; filter by company name or domain prefix)',
          security,
          headerParameters: ['MS-ContinuationToken'],
          querystring: ListQuery,
          response: { 200: CollectionSchema(CustomerSchema, 'CustomerCollection'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const cursor = listCursor(request);
        const partnerId = request.principal.partner.id;
        reply.type(JSON_CONTENT_TYPE);
        // Before the rows: a write committed after this read makes the next version differ.
        const version = store.listingVersion();
        const key = listingKey(partnerId, cursor, request.query.filter);
        const kept = version === undefined ? undefined : listings.get(key, version);
        if (kept !== undefined) return kept;
        const listQuery: ListCustomersQuery = { afterSeq: cursor.afterSeq, limit: cursor.size + 1 };
        if (cursor.filter) listQuery.filter = cursor.filter;
        const rows = await store.listCustomers(partnerId, listQuery, request.control);
        // A page asked for the first time is made without keeping it, or its items' texts. A
        // shared store keeps no page (no version) and its items' texts as it always did.
        const keepPage = version !== undefined && listings.askedBefore(key);
        const text = customerPage(rows, cursor, request.query.filter, keepPage || version === undefined);
        if (keepPage) listings.set(key, version, text);
        return text;
      },
    );

    app.post<{ Body: CreateCustomerRequest }>(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          operationId: 'createCustomer',
          summary: 'Create a customer (idempotent by MS-RequestId)',
          security,
          body: CreateCustomerRequestSchema,
          response: { 201: CustomerSchema, ...errorResponses, 409: ErrorBodySchema },
        },
      },
      async (request, reply) => {
        const domain = normalizeDomain(request.body.companyProfile.domain);
        const now = await ctx.now(request.control);
        const answer = await store.createCustomer(
          request.principal.partner.id,
          domain,
          (context) => {
            const { customer, password } = buildCustomer(request.body, domain, context, now);
            return { customer, result: created(renderCustomer(customer, { userName: 'admin', password })) };
          },
          replayKey(request, now, 'create-customer'),
          request.control,
        );
        return send(reply, answer);
      },
    );

    app.get(
      '/customers/relationshiprequests',
      {
        schema: {
          tags: ['customers'],
          operationId: 'getRelationshipRequest',
          summary: 'Get the URL a customer accepts to establish a reseller relationship (App+User)',
          security,
          response: { 200: RelationshipRequestSchema, ...errorResponses },
        },
      },
      async (request) => {
        requireAppUser(request);
        const partnerId = request.principal.partner.id;
        return {
          url: `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=${partnerId}&msppId=0&DAP=true#/BillingAccounts/partner-invitation`,
          attributes: { objectType: 'RelationshipRequest' },
        };
      },
    );

    app.get<{ Params: { customerId: string } }>(
      '/customers/:customerId',
      {
        schema: {
          tags: ['customers'],
          operationId: 'getCustomer',
          summary: 'Get a customer by id',
          security,
          params: CustomerParams,
          response: { 200: CustomerSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const customer = await store.getCustomer(
          request.principal.partner.id,
          customerIdFrom(request.params.customerId),
          request.control,
        );
        assertVisible(customer);
        reply.type(JSON_CONTENT_TYPE);
        return customerJson(customer);
      },
    );

    app.patch<{ Params: { customerId: string }; Body: UpdateCustomerRequest }>(
      '/customers/:customerId',
      {
        schema: {
          tags: ['customers'],
          operationId: 'updateCustomer',
          summary:
            'Remove the reseller relationship (relationshipToPartner: none) or delegated admin access (App+User)',
          security,
          params: CustomerParams,
          body: UpdateCustomerRequestSchema,
          response: { 200: CustomerSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const customerId = customerIdFrom(request.params.customerId);
        const patch = customerPatch(request.body);
        requireAppUser(request);
        const partner = request.principal.partner;
        const now = await ctx.now(request.control);
        const answer = await store.mutateCustomer(
          partner.id,
          customerId,
          (found) => {
            const aggregate = existingAggregate(found);
            return patch === 'remove-relationship'
              ? relationshipRemoval(aggregate, partner.kind, now)
              : delegatedAccessRemoval(aggregate);
          },
          // A retry after a lost answer finds the relationship gone (or the customer deleted).
          replayKey(request, now, 'update-customer', customerId),
          request.control,
        );
        return send(reply, answer);
      },
    );

    app.delete<{ Params: { customerId: string } }>(
      '/customers/:customerId',
      {
        schema: {
          tags: ['customers'],
          operationId: 'deleteCustomer',
          summary: 'Delete a customer from the integration sandbox (all RI and software orders cancelled first)',
          security,
          params: CustomerParams,
          response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const customerId = customerIdFrom(request.params.customerId);
        const partner = request.principal.partner;
        // Partner Center refuses a production account's DELETE (900127) before it looks the
        // customer up, so any id, even a made-up one, tells the account kind: the SDK's and CLI's
        // offboarding guard probes exactly that. The lookup's 404 20002 must not come first.
        if (partner.kind !== 'sandbox') throw errors.notSupportedInEnvironment();
        const now = await ctx.now(request.control);
        const answer = await store.mutateCustomer(
          partner.id,
          customerId,
          (found) => {
            const aggregate = visibleAggregate(found);
            checkDeletable(aggregate, partner.kind, now);
            return { changes: { customer: 'delete' }, result: NO_CONTENT };
          },
          // A retry after a lost 204 would otherwise get 404 20002 for the customer it deleted.
          replayKey(request, now, 'delete-customer', customerId),
          request.control,
        );
        return send(reply, answer);
      },
    );
  };
}
