/**
 * @module The documented delete-customer recipe, coded as a client would code it (spec 1.1):
 * list entitlements → de-duplicated `referenceOrder` ids → PATCH each order to cancelled →
 * poll each until its status reads cancelled (case-insensitively) → DELETE the customer. Unlike
 * the published loop it PATCHes each order once, re-checks every pending order on each round,
 * and gives up after a bound, naming the orders still pending.
 */
import type { ApiClient, ApiResponse } from './http.js';

export interface OffboardOptions {
  api: ApiClient;
  token: string;
  customerId: string;
  /** Runs between polling rounds: advance the sandbox clock, or sleep. */
  wait: () => Promise<void>;
  /** Polling rounds before giving up. Default 60. */
  maxRounds?: number;
  /** A wall-clock deadline in ms since the epoch, checked between rounds. */
  deadline?: number;
}

export interface OffboardReport {
  /** The distinct orders the customer's entitlements reference, in first-seen order. */
  orderIds: string[];
  /** How many entitlements were listed at the start. */
  entitlementCount: number;
  /** The PATCH response per order id (absent when the order already read cancelled). */
  cancellations: Map<string, ApiResponse>;
  /** Polling rounds it took until every order read cancelled. */
  rounds: number;
  /** The DELETE response. */
  deleted: ApiResponse;
}

const isCancelled = (status: unknown) => typeof status === 'string' && status.toLowerCase() === 'cancelled';

export async function offboardCustomer(options: OffboardOptions): Promise<OffboardReport> {
  const { api, token, customerId } = options;
  const base = `/v1/customers/${customerId}`;
  const entitlements = await api.request('GET', `${base}/entitlements`, { token });
  if (entitlements.status !== 200) throw new Error(`GET entitlements → ${entitlements.status} ${entitlements.text}`);
  const items = (entitlements.body.items ?? []) as { referenceOrder?: { id?: string } }[];
  const orderIds = [...new Set(items.map((e) => e.referenceOrder?.id).filter((id): id is string => !!id))];

  const cancellations = new Map<string, ApiResponse>();
  for (const orderId of orderIds) {
    const order = await api.request('GET', `${base}/orders/${orderId}`, { token });
    if (order.status !== 200) throw new Error(`GET order ${orderId} → ${order.status} ${order.text}`);
    if (isCancelled(order.body.status)) continue;
    const patched = await api.request('PATCH', `${base}/orders/${orderId}`, {
      token,
      body: { id: orderId, status: 'cancelled' },
    });
    if (patched.status !== 200) throw new Error(`PATCH order ${orderId} → ${patched.status} ${patched.text}`);
    cancellations.set(orderId, patched);
  }

  const pending = new Set(orderIds);
  const maxRounds = options.maxRounds ?? 60;
  let rounds = 0;
  for (;;) {
    for (const orderId of [...pending]) {
      const order = await api.request('GET', `${base}/orders/${orderId}`, { token });
      if (order.status !== 200) throw new Error(`GET order ${orderId} → ${order.status} ${order.text}`);
      if (isCancelled(order.body.status)) pending.delete(orderId);
    }
    if (pending.size === 0) break;
    rounds++;
    if (rounds > maxRounds || (options.deadline !== undefined && Date.now() > options.deadline))
      throw new Error(`Orders still not cancelled after ${rounds - 1} rounds: ${[...pending].join(', ')}`);
    await options.wait();
  }

  const deleted = await api.request('DELETE', base, { token });
  return { orderIds, entitlementCount: items.length, cancellations, rounds, deleted };
}
