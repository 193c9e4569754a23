/**
 * @module Progress of a bulk offboarding: bars (customers, orders, one line per customer in
 * flight) redrawn in place on a terminal; one plain line per step otherwise, so logs and CI
 * output stay readable.
 */
import type { BulkItemResult, OffboardProgressEvent, OffboardSandboxCustomerResult } from '@partnerbox/sdk';
import { ExitCode } from './exit-codes.js';
import { formatDuration } from './internal/duration.js';
import { exitCodeOf } from './output.js';

type OffboardOutcome = BulkItemResult<OffboardSandboxCustomerResult>;

/** A customer of the run: its tenant id and, when known, its company name. */
export interface OffboardTarget {
  id: string;
  name?: string | undefined;
}

/** Receives the workflow's events and results. */
export interface OffboardProgress {
  start(customers: readonly OffboardTarget[]): void;
  /** The customer's work starts now (it may have waited for a free slot). */
  begin(customerId: string): void;
  event(event: OffboardProgressEvent): void;
  result(outcome: OffboardOutcome): void;
  stop(): void;
}

/** `4f0e…c2 (Contoso)`: two customers of one name stay apart. */
export function customerLabel(customer: OffboardTarget): string {
  return customer.name ? `${customer.id} (${customer.name})` : customer.id;
}

/** A short word for a failed customer; the message itself is printed once, on stderr. */
export function failureKind(error: Error): string {
  switch (exitCodeOf(error)) {
    case ExitCode.Deadline:
      return 'deadline';
    case ExitCode.Interrupted:
      return 'interrupted';
    case ExitCode.Refused:
      return 'refused';
    case ExitCode.NotFound:
      return 'not found';
    default:
      return 'failed';
  }
}

/**
 * Elapsed time and an estimate of the rest from the pace so far: customers run concurrently,
 * so the average time between finishes (not a customer's own time) predicts the remainder.
 */
export function timeLine(startedAt: number, finished: number, total: number, now = Date.now()): string {
  const elapsed = now - startedAt;
  if (finished === 0 || finished >= total) return `elapsed ${formatDuration(elapsed)}`;
  return `elapsed ${formatDuration(elapsed)}, ETA ${formatDuration((elapsed / finished) * (total - finished))}`;
}

interface Stream {
  write(text: string): unknown;
  columns?: number;
}

/**
 * One line per step: `<customer>: cancelling order <id>`, `[3/75] <customer> offboarded`.
 *
 * @example
 * ```ts
 * const progress = new LineProgress(process.stdout);
 * ```
 */
export class LineProgress implements OffboardProgress {
  readonly #stream: Stream;
  readonly #customers = new Map<string, OffboardTarget>();
  #startedAt = Date.now();
  #finished = 0;

  constructor(stream: Stream) {
    this.#stream = stream;
  }

  start(customers: readonly OffboardTarget[]): void {
    this.#startedAt = Date.now();
    for (const customer of customers) this.#customers.set(customer.id, customer);
  }

  begin(): void {}

  event(event: OffboardProgressEvent): void {
    const id = event.customerId;
    switch (event.type) {
      case 'orders-found': {
        const already = event.alreadyCancelledOrderIds.length;
        this.#line(
          `${id}: ${event.ordersToCancel.length} order(s) to cancel${already > 0 ? `, ${already} already cancelled` : ''}`,
        );
        return;
      }
      case 'order-cancel-requested':
        this.#line(`${id}: cancelling order ${event.orderId}`);
        return;
      case 'order-cancelled':
        this.#line(`${id}: order ${event.orderId} cancelled`);
        return;
      case 'poll':
        if (event.pending.length > 0) {
          this.#line(`${id}: ${event.pending.length} cancellation(s) still pending after poll ${event.attempt}`);
        }
        return;
      case 'delete-blocked':
        this.#line(`${id}: delete refused until orders ${event.orderIds.join(', ')} are cancelled`);
        return;
      case 'azure-plan-suspended':
        this.#line(`${id}: Azure plan subscription ${event.subscriptionId} (order ${event.orderId}) suspended`);
        return;
      case 'deleted':
        this.#line(`${id}: ${event.alreadyDeleted ? 'already deleted' : 'deleted'}`);
        return;
    }
  }

  result(outcome: OffboardOutcome): void {
    this.#finished += 1;
    const total = this.#customers.size;
    const counter = `[${this.#finished}/${total}]`;
    const label = customerLabel(this.#customers.get(outcome.customerId) ?? { id: outcome.customerId });
    const time = timeLine(this.#startedAt, this.#finished, total);
    if (!outcome.ok) this.#line(`${counter} ${label} ${failureKind(outcome.error)}; ${time}`);
    else if (outcome.result.dryRun) this.#line(`${counter} ${label} planned`);
    else {
      const verb = outcome.result.alreadyDeleted ? 'already offboarded' : 'offboarded';
      this.#line(`${counter} ${label} ${verb} in ${formatDuration(outcome.result.elapsedInMs)}; ${time}`);
    }
  }

  stop(): void {}

  #line(text: string): void {
    this.#stream.write(`${text}\n`);
  }
}

interface CustomerState {
  id: string;
  name: string | undefined;
  startedAt: number | undefined;
  orders: number;
  cancelled: number;
  phase: string;
  done: boolean;
}

const REDRAW_INTERVAL_IN_MS = 80;

/**
 * Bars redrawn in place: customers done, orders cancelled, and one bar per customer in flight
 * with its orders. Lines are cut to the terminal's width so that redrawing never scrolls.
 *
 * @example
 * ```ts
 * const progress = new TerminalProgress(process.stdout, { unicode: true });
 * ```
 */
export class TerminalProgress implements OffboardProgress {
  readonly #stream: Stream;
  readonly #filled: string;
  readonly #empty: string;
  readonly #customers = new Map<string, CustomerState>();
  #drawnLines = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #startedAt = Date.now();
  #finished = 0;
  #failed = 0;

  constructor(stream: Stream, options: { unicode: boolean }) {
    this.#stream = stream;
    this.#filled = options.unicode ? '█' : '#';
    this.#empty = options.unicode ? '░' : '-';
  }

  start(customers: readonly OffboardTarget[]): void {
    this.#startedAt = Date.now();
    for (const customer of customers) {
      this.#customers.set(customer.id, {
        id: customer.id,
        name: customer.name,
        startedAt: undefined,
        orders: 0,
        cancelled: 0,
        phase: 'waiting',
        done: false,
      });
    }
    // The clocks move while every customer waits on a poll.
    this.#ticker = setInterval(() => this.#schedule(), 1_000);
    this.#ticker.unref();
    this.#draw();
  }

  begin(customerId: string): void {
    const state = this.#customers.get(customerId);
    if (!state) return;
    state.startedAt = Date.now();
    state.phase = 'reading orders';
    this.#schedule();
  }

  event(event: OffboardProgressEvent): void {
    const state = this.#customers.get(event.customerId);
    if (!state) return;
    switch (event.type) {
      case 'orders-found':
        state.orders = event.orderIds.length;
        state.cancelled = event.alreadyCancelledOrderIds.length;
        state.phase = event.ordersToCancel.length > 0 ? 'cancelling orders' : 'deleting';
        break;
      case 'order-cancel-requested':
        state.phase = 'cancelling orders';
        break;
      case 'order-cancelled':
        state.cancelled = Math.min(state.orders, state.cancelled + 1);
        break;
      case 'poll':
        state.phase = event.pending.length > 0 ? `waiting for ${event.pending.length} cancellation(s)` : 'deleting';
        break;
      case 'delete-blocked':
        state.orders += event.orderIds.length;
        state.phase = 'cancelling late orders';
        break;
      case 'azure-plan-suspended':
        state.phase = 'suspending the Azure plan';
        break;
      case 'deleted':
        state.phase = event.alreadyDeleted ? 'already deleted' : 'deleted';
        break;
    }
    this.#schedule();
  }

  result(outcome: OffboardOutcome): void {
    const state = this.#customers.get(outcome.customerId);
    this.#finished += 1;
    if (!outcome.ok) this.#failed += 1;
    if (state) {
      state.done = true;
      if (outcome.ok && !outcome.result.dryRun) state.cancelled = state.orders;
    }
    this.#schedule();
  }

  stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#draw();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, REDRAW_INTERVAL_IN_MS);
  }

  #draw(): void {
    const states = [...this.#customers.values()];
    const totalOrders = states.reduce((sum, state) => sum + state.orders, 0);
    const cancelled = states.reduce((sum, state) => sum + state.cancelled, 0);
    const failed = this.#failed > 0 ? `, ${this.#failed} failed` : '';
    const time = timeLine(this.#startedAt, this.#finished, states.length);
    const lines = [
      `customers ${this.#bar(this.#finished, states.length, 24)} ${this.#finished}/${states.length} done${failed}; ${time}`,
      `orders    ${this.#bar(cancelled, totalOrders, 24)} ${cancelled}/${totalOrders} cancelled`,
    ];
    for (const state of states) {
      if (state.done || state.phase === 'waiting') continue;
      const name = (state.name ?? '').slice(0, 20).padEnd(20);
      const elapsed = state.startedAt === undefined ? '' : ` ${formatDuration(Date.now() - state.startedAt)}`;
      lines.push(
        `  ${state.id} ${name} ${this.#bar(state.cancelled, state.orders, 10)} ${state.cancelled}/${state.orders}${elapsed} ${state.phase}`,
      );
    }
    const width = Math.max(20, (this.#stream.columns ?? 80) - 1);
    let text = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F` : '';
    for (const line of lines) text += `\x1b[2K${line.slice(0, width)}\n`;
    // Lines left over from a taller previous frame.
    for (let i = lines.length; i < this.#drawnLines; i++) text += '\x1b[2K\n';
    if (this.#drawnLines > lines.length) text += `\x1b[${this.#drawnLines - lines.length}F`;
    this.#drawnLines = lines.length;
    this.#stream.write(text);
  }

  #bar(done: number, total: number, width: number): string {
    const filled = total === 0 ? width : Math.round((Math.min(done, total) / total) * width);
    return `[${this.#filled.repeat(filled)}${this.#empty.repeat(width - filled)}]`;
  }
}
