/**
 * @module Rows of many customers made from one prototype (server-side generation, issue 11):
 * the prototype's rows are mapped once and split where its slot values occur (its ids, domain,
 * names); each customer's rows are then the pieces joined around its own values. Building,
 * mapping and stringifying a record per customer cost more than writing it.
 */
import type { CustomerAggregate } from '../domain/records.js';
import { CHILD_COLLECTIONS, type ChildKey, type ChildRecord, type ChildTable } from './child-collections.js';
import { customerToRow } from './mappers.js';

/** A column of the prototype's row: kept as it is, the customer's seq, or text around slots. */
type Cell =
  | { kind: 'constant'; value: unknown }
  | { kind: 'seq' }
  | { kind: 'text'; parts: readonly string[]; slots: readonly number[] };

interface RowShape {
  table: 'customers' | ChildTable;
  cells: readonly (readonly [string, Cell])[];
}

export interface TemplateRow {
  table: 'customers' | ChildTable;
  row: Record<string, unknown>;
}

/**
 * Values are put in verbatim, inside JSON columns too: the prototype's, and so every customer's
 * (made by the same code), are ids, domains and names that JSON writes without escapes.
 */
const VERBATIM = /^[A-Za-z0-9 ._@-]+$/;

export class RowTemplate {
  readonly #shapes: readonly RowShape[];

  private constructor(shapes: readonly RowShape[]) {
    this.#shapes = shapes;
  }

  /**
   * `slots` are values of the prototype that differ per customer, each occurring only where it
   * belongs (random ids, a domain and names that hold a seq no real customer has); the prototype's
   * seq is a number no other numeric column of its rows holds.
   */
  static of(prototype: CustomerAggregate, slots: readonly string[]): RowTemplate {
    for (const slot of slots) if (!VERBATIM.test(slot)) throw new Error(`a slot value needs escaping: ${slot}`);
    const seq = prototype.customer.seq;
    const shape = (table: RowShape['table'], row: object): RowShape => ({
      table,
      cells: Object.entries(row).map(([column, value]) => [column, cellOf(value, seq, slots)] as const),
    });
    const shapes = [shape('customers', customerToRow(prototype.customer))];
    for (const c of CHILD_COLLECTIONS) {
      const records: readonly ChildRecord<ChildKey>[] = prototype[c.key];
      for (const record of records)
        shapes.push(shape(c.table, (c.toRow as (r: ChildRecord<ChildKey>) => object)(record)));
    }
    return new RowTemplate(shapes);
  }

  /** The rows of one customer, parents first: `values` in the order of the template's slots. */
  rows(seq: number, values: readonly string[]): TemplateRow[] {
    return this.#shapes.map(({ table, cells }) => {
      const row: Record<string, unknown> = {};
      for (const [column, cell] of cells) row[column] = fill(cell, seq, values);
      return { table, row };
    });
  }
}

function fill(cell: Cell, seq: number, values: readonly string[]): unknown {
  if (cell.kind === 'constant') return cell.value;
  if (cell.kind === 'seq') return seq;
  let text = cell.parts[0] ?? '';
  for (let i = 0; i < cell.slots.length; i++) text += `${values[cell.slots[i] ?? 0] ?? ''}${cell.parts[i + 1] ?? ''}`;
  return text;
}

function cellOf(value: unknown, seq: number, slots: readonly string[]): Cell {
  if (value === seq) return { kind: 'seq' };
  if (typeof value !== 'string') return { kind: 'constant', value };
  const parts: string[] = [];
  const found: number[] = [];
  let from = 0;
  for (;;) {
    const next = nextSlot(value, from, slots);
    if (!next) break;
    parts.push(value.slice(from, next.at));
    found.push(next.slot);
    from = next.at + (slots[next.slot] ?? '').length;
  }
  if (found.length === 0) return { kind: 'constant', value };
  parts.push(value.slice(from));
  return { kind: 'text', parts, slots: found };
}

/** The slot that occurs first from `from` on (the longest, where two start at one place). */
function nextSlot(value: string, from: number, slots: readonly string[]): { at: number; slot: number } | undefined {
  let best: { at: number; slot: number } | undefined;
  slots.forEach((slot, i) => {
    const at = value.indexOf(slot, from);
    if (at < 0) return;
    if (!best || at < best.at || (at === best.at && slot.length > (slots[best.slot] ?? '').length))
      best = { at, slot: i };
  });
  return best;
}
