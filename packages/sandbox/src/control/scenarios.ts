/**
 * @module Named scenarios the control plane seeds: customers with the orders and
 * subscriptions that exercise the lifecycle, created through the same domain rules as the API.
 */
import { sampleCustomerRequest, type CreateCustomerRequest, type CreateOrderRequest } from '@partnerbox/contract';
import type { SandboxContext } from '../context.js';
import { buildCustomer, visibleAggregate } from '../domain/customers.js';
import { createOrder } from '../domain/orders.js';
import type { PartnerRecord } from '../domain/records.js';
import { errors, isPartnerCenterError } from '../errors.js';
import { LIMITS } from '../domain/limits.js';
import { randomBytes } from 'node:crypto';

export interface ScenarioCustomer {
  id: string;
  domain: string;
  companyName: string;
  orderIds: string[];
  subscriptionIds: string[];
}

export interface ScenarioResult {
  scenario: string;
  partnerTenantId: string;
  customers: ScenarioCustomer[];
}

type Purchase = 'reservedInstance' | 'perpetualSoftware' | 'softwareSubscription' | 'licence' | 'newCommerce';

const OFFERS: Record<Purchase, { offerId: string; quantity: number }> = {
  reservedInstance: { offerId: 'DZH318Z0BQ4B:0047:DZH318Z0DSM8', quantity: 1 },
  perpetualSoftware: { offerId: 'DG7GMGF0DWT0:0001:DG7GMGF0DSQR', quantity: 1 },
  softwareSubscription: { offerId: 'DG7GMGF0FKZV:0003:DG7GMGF0DWMS', quantity: 1 },
  licence: { offerId: 'E59159FC-6F67-4599-B3CB-17FF4020F643', quantity: 5 },
  newCommerce: { offerId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K5BD', quantity: 3 },
};

interface ScenarioDefinition {
  description: string;
  partner: 'sandbox' | 'production';
  defaultCount: number;
  purchases: (index: number) => Purchase[];
}

export const SCENARIOS: Record<string, ScenarioDefinition> = {
  offboarding: {
    description:
      'Sandbox customers holding a reserved instance, perpetual software, a software subscription and an active licence subscription: the delete recipe end to end.',
    partner: 'sandbox',
    defaultCount: 3,
    purchases: () => ['reservedInstance', 'perpetualSoftware', 'softwareSubscription', 'licence'],
  },
  'full-sandbox': {
    description:
      'Fills the integration sandbox to its 75-customer quota, each customer with a reserved instance and software.',
    partner: 'sandbox',
    defaultCount: LIMITS.customersPerSandbox,
    purchases: (i) => (i % 2 === 0 ? ['reservedInstance', 'perpetualSoftware'] : ['softwareSubscription']),
  },
  'relationship-removal': {
    description:
      'Production customers with active licence and new-commerce subscriptions, one also with a reserved instance: relationship removal prechecks.',
    partner: 'production',
    defaultCount: 3,
    purchases: (i) => (i === 0 ? ['licence', 'newCommerce', 'reservedInstance'] : ['licence', 'newCommerce']),
  },
  'customers-only': {
    description: 'Customers with no purchases, deletable at once.',
    partner: 'sandbox',
    defaultCount: 10,
    purchases: () => [],
  },
};

function customerRequest(name: string): CreateCustomerRequest {
  const label = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${randomBytes(3).toString('hex')}`;
  return sampleCustomerRequest({
    domain: `${label}.onmicrosoft.com`,
    companyName: name,
    email: `billing@${label}.onmicrosoft.com`,
  });
}

export async function runScenario(
  ctx: SandboxContext,
  name: string,
  options: { count?: number; partnerTenantId?: string },
): Promise<ScenarioResult> {
  const definition = SCENARIOS[name];
  if (!definition)
    throw errors.invalidProperty(
      'scenario',
      `Unknown scenario "${name}". Known: ${Object.keys(SCENARIOS).join(', ')}.`,
    );
  const partners = await ctx.store.listPartners();
  const partner: PartnerRecord | undefined = options.partnerTenantId
    ? partners.find((p) => p.partner.id === options.partnerTenantId?.toLowerCase())?.partner
    : partners.find((p) => p.partner.kind === definition.partner)?.partner;
  if (!partner) throw errors.invalidProperty('partnerTenantId', 'No such partner in this sandbox.');
  const count = options.count ?? definition.defaultCount;
  const result: ScenarioResult = { scenario: name, partnerTenantId: partner.id, customers: [] };
  for (let i = 0; i < count; i++) {
    const now = await ctx.now();
    const input = customerRequest(`${name.replace(/-/g, ' ')} ${i + 1}`.replace(/\b\w/g, (c) => c.toUpperCase()));
    let summary: ScenarioCustomer;
    try {
      summary = await seedCustomer(ctx, partner, input, now);
    } catch (error) {
      // Without an explicit count, "fill up" stops at the quota instead of failing.
      if (options.count === undefined && isPartnerCenterError(error) && error.body.code === 800018) break;
      throw error;
    }
    for (const purchase of definition.purchases(i)) {
      const bought = await seedPurchase(ctx, partner, summary.id, purchase, now);
      summary.orderIds.push(bought.orderId);
      summary.subscriptionIds.push(...bought.subscriptionIds);
    }
    result.customers.push(summary);
  }
  return result;
}

function seedCustomer(
  ctx: SandboxContext,
  partner: PartnerRecord,
  input: CreateCustomerRequest,
  now: number,
): Promise<ScenarioCustomer> {
  const domain = input.companyProfile.domain;
  return ctx.store.createCustomer(partner.id, domain, (context) => {
    const { customer } = buildCustomer(input, domain, context, now);
    return {
      customer,
      result: { id: customer.id, domain, companyName: customer.companyName, orderIds: [], subscriptionIds: [] },
    };
  });
}

function seedPurchase(
  ctx: SandboxContext,
  partner: PartnerRecord,
  customerId: string,
  purchase: Purchase,
  now: number,
): Promise<{ orderId: string; subscriptionIds: string[] }> {
  const request: CreateOrderRequest = { lineItems: [{ lineItemNumber: 0, ...OFFERS[purchase] }] };
  return ctx.store.mutateCustomer(partner.id, customerId, (found) => {
    // Scenario purchases are already provisioned: they are the state to start from.
    const { order, subscriptions } = createOrder(visibleAggregate(found), request, {
      partnerKind: partner.kind,
      now,
      provisioningDelayMs: 0,
    });
    return {
      changes: { insert: { orders: [order], subscriptions } },
      result: { orderId: order.id, subscriptionIds: subscriptions.map((s) => s.id) },
    };
  });
}
