/**
 * @module What every route under `/v1/customers/{customerId}/…` does first: read, or mutate, the
 * aggregate of a customer the caller may see (404 20002 for an unknown or hidden one).
 */
import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../context.js';
import { visibleAggregate } from '../../domain/customers.js';
import type { CustomerAggregate } from '../../domain/records.js';
import type { Mutation, ReplayKey } from '../../store/store.js';
import { customerIdFrom } from './common.js';

type CustomerRequest = FastifyRequest<{ Params: { customerId: string } }>;

export interface CustomerScope {
  /** The visible customer's aggregate and the sandbox clock's time, read together. */
  read(request: CustomerRequest): Promise<{ aggregate: CustomerAggregate; now: number }>;
  /** Decides on the visible customer's aggregate in one transaction; see `Store.mutateCustomer`. */
  mutate<R>(
    request: CustomerRequest,
    fn: (aggregate: CustomerAggregate) => Mutation<R>,
    replay?: ReplayKey,
  ): Promise<R>;
}

export function customerScope(ctx: SandboxContext): CustomerScope {
  const { store } = ctx;
  return {
    async read(request) {
      const customerId = customerIdFrom(request.params.customerId);
      const [found, now] = await Promise.all([
        store.getCustomerAggregate(request.principal.partner.id, customerId, request.control),
        ctx.now(request.control),
      ]);
      return { aggregate: visibleAggregate(found), now };
    },
    mutate(request, fn, replay) {
      const customerId = customerIdFrom(request.params.customerId);
      return store.mutateCustomer(
        request.principal.partner.id,
        customerId,
        (found) => fn(visibleAggregate(found)),
        replay,
        request.control,
      );
    },
  };
}
