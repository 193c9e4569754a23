/** @module An in-memory Partner Center for workflow tests, with cancellations that complete on a simulated clock. */
import { fakeFetch, type FakeFetch, type RecordedRequest, type Reply } from './fake-fetch.js';
import type { EntitlementType } from '@partnerbox/contract';
import { PartnerCenterClient, StaticTokenCredential, type WorkflowClock } from '../../src/index.js';

export interface FakeOrder {
  id: string;
  entitlementType: EntitlementType;
  /** Status before any cancellation. */
  status: string;
  cancelRequestedAt?: number;
  /** Time the cancellation takes once requested. */
  cancelDelayInMs: number;
  neverCancels: boolean;
  /** How the service spells "cancelled" (the docs' C# compares with "Cancelled"). */
  cancelledSpelling: string;
}

export interface FakeSubscription {
  id: string;
  status: string;
  etag: number;
  orderId: string;
}

interface FakeCustomer {
  id: string;
  relationshipToPartner: string;
  orders: Map<string, FakeOrder>;
  /** Entitlements as [orderId, entitlementType, included order ids][] */
  entitlements: { orderId: string; type: string; included: string[] }[];
  /** Orders the DELETE precondition knows about without an entitlement (still provisioning). */
  hiddenOrders: Set<string>;
  subscriptions: FakeSubscription[];
}

export interface AddOrderOptions {
  entitlementType?: EntitlementType;
  status?: string;
  cancelDelayInMs?: number;
  neverCancels?: boolean;
  /** Entitlements naming this order (a bundle and its parts name the same one). */
  entitlements?: number;
  /** No entitlement lists it (yet); only DELETE's error names it. */
  hidden?: boolean;
  cancelledSpelling?: string;
}

export class SimulatedClock implements WorkflowClock {
  time = Date.parse('2025-01-01T00:00:00Z');
  readonly sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  sleep(delayInMs: number, abortSignal?: AbortSignal): Promise<void> {
    if (abortSignal?.aborted) return Promise.reject(new Error('aborted'));
    this.sleeps.push(delayInMs);
    this.time += delayInMs;
    return Promise.resolve();
  }
}

export class FakePartnerCenter {
  readonly customers = new Map<string, FakeCustomer>();
  readonly clock: SimulatedClock;
  readonly http: FakeFetch;
  /** Entitlements of cancelled orders stay listed (true) or disappear as the sandbox does (false). */
  listCancelledEntitlements = true;
  /** Called before routing; return a reply to override (fault injection). */
  intercept: ((request: RecordedRequest) => Reply | undefined) | undefined;
  /** Orders the customer's order list leaves out (a list lagging behind a new order). */
  readonly unlistedOrderIds = new Set<string>();

  constructor(clock = new SimulatedClock()) {
    this.clock = clock;
    this.http = fakeFetch((request) => this.intercept?.(request) ?? this.#route(request));
  }

  get fetch() {
    return this.http.fetch;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** Requests other than GET, as "METHOD /path". */
  writes(): string[] {
    return this.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${new URL(r.url).pathname}`);
  }

  addCustomer(id: string, relationshipToPartner = 'reseller'): this {
    this.customers.set(id, {
      id,
      relationshipToPartner,
      orders: new Map(),
      entitlements: [],
      hiddenOrders: new Set(),
      subscriptions: [],
    });
    return this;
  }

  addOrder(customerId: string, orderId: string, options: AddOrderOptions = {}): this {
    const customer = this.#customer(customerId);
    const order: FakeOrder = {
      id: orderId,
      entitlementType: options.entitlementType ?? 'software',
      status: options.status ?? 'completed',
      cancelDelayInMs: options.cancelDelayInMs ?? 0,
      neverCancels: options.neverCancels ?? false,
      cancelledSpelling: options.cancelledSpelling ?? 'cancelled',
    };
    customer.orders.set(orderId, order);
    if (options.hidden) {
      customer.hiddenOrders.add(orderId);
      return this;
    }
    const count = options.entitlements ?? 1;
    // The first entitlement is a bundle whose parts name the same order, like the docs' example.
    const included = Array.from({ length: Math.max(0, count - 1) }, () => orderId);
    customer.entitlements.push({ orderId, type: order.entitlementType, included });
    return this;
  }

  addSubscription(customerId: string, id: string, status = 'active'): this {
    this.#customer(customerId).subscriptions.push({ id, status, etag: 1, orderId: 'order-of-' + id });
    return this;
  }

  orderStatus(customerId: string, orderId: string): string {
    const order = this.#customer(customerId).orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    return this.#statusOf(order);
  }

  /** Marks an order cancelled as if an earlier run had done it. */
  cancelNow(customerId: string, orderId: string): void {
    const order = this.#customer(customerId).orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    order.cancelRequestedAt = this.clock.now() - order.cancelDelayInMs;
  }

  #customer(id: string): FakeCustomer {
    const customer = this.customers.get(id);
    if (!customer) throw new Error(`no customer ${id}`);
    return customer;
  }

  #statusOf(order: FakeOrder): string {
    if (order.cancelRequestedAt === undefined || order.neverCancels) return order.status;
    return this.clock.now() >= order.cancelRequestedAt + order.cancelDelayInMs ? order.cancelledSpelling : 'pending';
  }

  #orderJson(customerId: string, order: FakeOrder): unknown {
    return {
      id: order.id,
      referenceCustomerId: customerId,
      billingCycle: 'one_time',
      lineItems: [{ lineItemNumber: 0, offerId: 'DZH318Z0BQ3W:0001:DZH318Z0BQ3Q', quantity: 1 }],
      creationDate: '2025-01-01T00:00:00Z',
      status: this.#statusOf(order),
      attributes: { objectType: 'Order' },
    };
  }

  #subscriptionJson(subscription: FakeSubscription): unknown {
    return {
      id: subscription.id,
      offerId: 'CFQ7TTC0LH18:0001',
      quantity: 1,
      creationDate: '2025-01-01T00:00:00Z',
      effectiveStartDate: '2025-01-01T00:00:00Z',
      commitmentEndDate: '2026-01-01T00:00:00Z',
      status: subscription.status,
      autoRenewEnabled: true,
      billingType: 'license',
      contractType: 'subscription',
      orderId: subscription.orderId,
      attributes: { objectType: 'Subscription', etag: `etag-${subscription.etag}` },
    };
  }

  #customerJson(customer: FakeCustomer): unknown {
    return {
      id: customer.id,
      companyProfile: {
        tenantId: customer.id,
        domain: `${customer.id.slice(0, 8)}.onmicrosoft.com`,
        companyName: 'Test',
        attributes: { objectType: 'CustomerCompanyProfile' },
      },
      relationshipToPartner: customer.relationshipToPartner,
      attributes: { objectType: 'Customer' },
    };
  }

  #route(request: RecordedRequest): Reply {
    const url = new URL(request.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v1' || parts[1] !== 'customers' || parts[2] === undefined) return notFound();
    const customer = this.customers.get(parts[2]);
    if (!customer) return error(404, 20002, 'No relationship between caller and account.');
    const [, , , resource, resourceId] = parts;

    if (resource === undefined) {
      if (request.method === 'GET') return { body: this.#customerJson(customer) };
      if (request.method === 'DELETE') {
        const open = [...customer.orders.values()].filter((o) => this.#statusOf(o).toLowerCase() !== 'cancelled');
        if (open.length > 0) {
          const ids = open.map((o) => o.id);
          return error(
            400,
            3000,
            `Customer relationship cannot be removed due to active Azure reserved instances. Please cancel the following orders: ${ids.join(', ')}`,
            ids,
          );
        }
        this.customers.delete(customer.id);
        return { status: 204 };
      }
      if (request.method === 'PATCH') {
        if (customer.relationshipToPartner === 'none') {
          return error(400, 3000, 'The relationship between the partner and customer does not exist');
        }
        const active = customer.subscriptions.filter((s) => s.status === 'active').map((s) => s.id);
        if (active.length > 0) return error(400, 3000, `Active subscriptions: ${active.join(', ')}`, active);
        customer.relationshipToPartner = 'none';
        return { body: this.#customerJson(customer) };
      }
    }

    if (resource === 'entitlements' && request.method === 'GET') {
      const type = url.searchParams.get('entitlementType')?.toLowerCase();
      const items = customer.entitlements
        .filter((e) => {
          const order = customer.orders.get(e.orderId);
          if (!order) return false;
          if (!this.listCancelledEntitlements && this.#statusOf(order).toLowerCase() === 'cancelled') return false;
          return type === undefined || e.type === type;
        })
        .map((e) => entitlementJson(e.orderId, e.type, e.included));
      return { body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
    }

    if (resource === 'orders' && resourceId === undefined && request.method === 'GET') {
      const items = [...customer.orders.entries()]
        .filter(([orderId]) => !this.unlistedOrderIds.has(orderId))
        .map(([, order]) => this.#orderJson(customer.id, order));
      return { body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
    }

    if (resource === 'orders' && resourceId !== undefined) {
      const order = customer.orders.get(resourceId);
      if (!order) return error(404, 20000, 'Order Id not found');
      if (request.method === 'GET') return { body: this.#orderJson(customer.id, order) };
      if (request.method === 'PATCH') {
        order.cancelRequestedAt ??= this.clock.now();
        return { body: this.#orderJson(customer.id, order) };
      }
    }

    if (resource === 'subscriptions') {
      if (resourceId === undefined && request.method === 'GET') {
        const items = customer.subscriptions.map((s) => this.#subscriptionJson(s));
        return { body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
      }
      const subscription = customer.subscriptions.find((s) => s.id === resourceId);
      if (!subscription) return error(404, 20003, `Subscription with id ${resourceId} not found.`);
      if (request.method === 'GET') return { body: this.#subscriptionJson(subscription) };
      if (request.method === 'PATCH') {
        if (request.headers['if-match'] !== `"etag-${subscription.etag}"`)
          return error(400, 2055, 'Etag is no longer valid');
        const body = request.body as { status: string };
        subscription.status = body.status;
        subscription.etag++;
        return { body: this.#subscriptionJson(subscription) };
      }
    }
    return notFound();
  }
}

function entitlementJson(orderId: string, type: string, included: string[]): unknown {
  const base = (id: string) => ({
    includedEntitlements: [] as unknown[],
    referenceOrder: { id, lineItemId: '0' },
    productId: 'DG7GMGF0DWTJ',
    skuId: '0001',
    quantity: 1,
    entitledArtifacts: [],
    entitlementType: type,
  });
  return { ...base(orderId), includedEntitlements: included.map(base) };
}

export function error(status: number, code: number, description: string, data: string[] = []): Reply {
  return { status, body: { code, description, data, source: 'PartnerFD' } };
}

function notFound(): Reply {
  return error(404, 3000, 'Resource not found');
}

/** Customer ids the workflow tests use. */
export const C1 = '11111111-1111-4111-8111-111111111111';
export const C2 = '22222222-2222-4222-8222-222222222222';
export const C3 = '33333333-3333-4333-8333-333333333333';

/** A fresh fake Partner Center and a client of it whose retries do not wait. */
export function fakePartnerCenterClient(token: string): { pc: FakePartnerCenter; client: PartnerCenterClient } {
  const pc = new FakePartnerCenter();
  const client = new PartnerCenterClient({
    credential: new StaticTokenCredential(token),
    fetch: pc.fetch,
    retry: { sleep: () => Promise.resolve() },
  });
  return { pc, client };
}
