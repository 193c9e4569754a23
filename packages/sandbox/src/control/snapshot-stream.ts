/**
 * @module `PUT /_sandbox/snapshot` with `Content-Type: application/x-ndjson`: a snapshot read line
 * by line, in constant memory, checked as it comes. The head (partners, apps, users, fault rules)
 * comes before the first customer; each customer line is followed by the lines of what it owns.
 * Every customer with what it owns is checked against the same invariants as a whole JSON snapshot
 * (domain/snapshot-invariants.ts) together with the head; what spans customers is checked as the
 * lines pass (each partner's customers in increasing `seq`, the sandbox quota) or by the database
 * (unique ids and domains), inside the import's one transaction.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import { LIMITS } from '../domain/limits.js';
import type { CustomerAggregate, PartnerRecord } from '../domain/records.js';
import { aggregateViolation, snapshotViolation } from '../domain/snapshot-invariants.js';
import { errors, isPartnerCenterError } from '../errors.js';
import { isExactValue, validateValue } from '../http/validation.js';
import { CHILD_COLLECTIONS, type ChildKey } from '../store/child-collections.js';
import {
  AppRecordSchema,
  CustomerRecordSchema,
  FaultRuleRecordSchema,
  PartnerRecordSchema,
  UserRecordSchema,
} from '../store/record-schemas.js';
import { emptyChildren } from '../store/bulk-queries.js';
import type { SnapshotHead } from '../store/store.js';

export const NDJSON_SNAPSHOT_FORMAT = 'partnerbox-snapshot-ndjson';
/** The longest line read: far above any record, low enough that one line cannot exhaust memory. */
export const MAX_LINE_BYTES = 1_048_576;

const HeaderSchema = Type.Object({
  format: Type.Literal(NDJSON_SNAPSHOT_FORMAT),
  version: Type.Literal(1),
  exportedAt: Type.Optional(Type.String({ maxLength: 20_000 })),
  clockOffsetMs: Type.Number(),
});

const HEAD_SCHEMAS = {
  partners: PartnerRecordSchema,
  apps: AppRecordSchema,
  users: UserRecordSchema,
  faultRules: FaultRuleRecordSchema,
} as const;
type HeadKey = keyof typeof HEAD_SCHEMAS;
const isHeadKey = (type: string): type is HeadKey => Object.hasOwn(HEAD_SCHEMAS, type);
const childCollection = (type: string) => CHILD_COLLECTIONS.find((c) => c.key === type);

interface Line {
  number: number;
  text: string;
}

const refuse = (line: number, reason: string) =>
  errors.invalidInput('snapshot', `The snapshot is inconsistent: line ${line}: ${reason}`);

/**
 * Non-empty lines of a byte stream, each at most `MAX_LINE_BYTES`, handed out a chunk's worth
 * at a time: an await per line was three million of them for a million customers.
 */
export async function* ndjsonLineBatches(stream: Readable): AsyncGenerator<Line[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  // Not destroyed on an early stop: the route drains the rest, so that its 400 reaches the client.
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    const parts = (pending + decoder.write(chunk)).split('\n');
    pending = parts.pop() ?? '';
    const batch: Line[] = [];
    for (const part of parts) {
      number += 1;
      const text = part.trim();
      if (text) batch.push({ number, text });
    }
    if (batch.length > 0) yield batch;
    if (pending.length > MAX_LINE_BYTES) throw refuse(number + 1, `a line is longer than ${MAX_LINE_BYTES} bytes.`);
  }
  pending += decoder.end();
  if (pending.trim()) yield [{ number: number + 1, text: pending.trim() }];
}

/** The lines of `ndjsonLineBatches` one by one, without a wait while the current batch lasts. */
class LineReader {
  readonly #batches: AsyncGenerator<Line[]>;
  #batch: Line[] = [];
  #next = 0;

  constructor(stream: Readable) {
    this.#batches = ndjsonLineBatches(stream);
  }

  /** The next line of the batch read, or undefined once it is used up (then `read`). */
  take(): Line | undefined {
    return this.#next < this.#batch.length ? this.#batch[this.#next++] : undefined;
  }

  /** The next line, reading the stream's next batch when needed; undefined at its end. */
  async read(): Promise<Line | undefined> {
    const line = this.take();
    if (line) return line;
    const next = await this.#batches.next();
    if (next.done) return undefined;
    this.#batch = next.value;
    this.#next = 0;
    return this.take();
  }
}

function parseLine(line: Line): { type: string; record: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    throw refuse(line.number, 'not a JSON value.');
  }
  if (typeof value !== 'object' || value === null || !('type' in value) || !('record' in value))
    throw refuse(line.number, 'expected {"type": …, "record": …}.');
  const { type, record } = value;
  if (typeof type !== 'string') throw refuse(line.number, 'the type must be a string.');
  return { type, record };
}

function checked<T>(schema: Parameters<typeof validateValue>[0], value: unknown, line: Line, type: string): T {
  // A record exactly as this server writes it needs no normalising copy; JSON can only spell a
  // NUL as an escape, so a line without one holds none.
  if (!line.text.includes('\\u0000') && isExactValue(schema, value)) return value as T;
  try {
    return validateValue<T>(schema, value, type);
  } catch (error) {
    const reason = isPartnerCenterError(error) ? `: ${error.body.data?.slice(-1).join('') ?? ''}` : '.';
    throw refuse(line.number, `not a valid ${type} record${reason}`);
  }
}

export interface SnapshotStream {
  head: SnapshotHead;
  aggregates: AsyncIterable<CustomerAggregate>;
}

/** Reads the header and the head, then hands the customers out one checked aggregate at a time. */
export async function readSnapshotStream(stream: Readable, nowMs: number): Promise<SnapshotStream> {
  const lines = new LineReader(stream);
  const first = await lines.read();
  if (!first) throw errors.invalidInput('snapshot', 'The snapshot is empty.');
  const headerValue = (() => {
    try {
      return JSON.parse(first.text) as unknown;
    } catch {
      throw refuse(first.number, 'the header is not JSON.');
    }
  })();
  const header = checked<{ clockOffsetMs: number }>(HeaderSchema, headerValue, first, 'header');
  const head: SnapshotHead = { clockOffsetMs: header.clockOffsetMs, partners: [], apps: [], users: [], faultRules: [] };
  let next = await lines.read();
  for (; next; next = await lines.read()) {
    const { type, record } = parseLine(next);
    if (!isHeadKey(type)) break;
    // Each head collection's schema checks its own records, which is what the arrays hold.
    (head[type] as unknown[]).push(checked(HEAD_SCHEMAS[type], record, next, type));
  }
  const headViolation = snapshotViolation({ ...head, customers: [], orders: [], subscriptions: [] }, nowMs);
  if (headViolation) throw errors.invalidInput('snapshot', `The snapshot is inconsistent: ${headViolation}`);
  return { head, aggregates: customerAggregates(head, next, lines, nowMs) };
}

async function* customerAggregates(
  head: SnapshotHead,
  firstLine: Line | undefined,
  lines: LineReader,
  nowMs: number,
): AsyncGenerator<CustomerAggregate> {
  const partners = new Map<string, PartnerRecord>(head.partners.map((p) => [p.id, p]));
  const progress = new Map<string, { seq: number; count: number }>();
  let current: { aggregate: CustomerAggregate; line: number } | undefined;
  const finish = (): CustomerAggregate | undefined => {
    if (!current) return undefined;
    const { aggregate, line } = current;
    const { customer } = aggregate;
    // The head was checked whole before the first customer: only its partners matter here.
    const violation = aggregateViolation(aggregate, partners, head.clockOffsetMs, nowMs);
    if (violation) throw refuse(line, violation);
    const seen = progress.get(customer.partnerId) ?? { seq: 0, count: 0 };
    // Increasing per partner: what keeps paging numbers unique without remembering them all.
    if (customer.seq <= seen.seq)
      throw refuse(
        line,
        `customer ${customer.id}: a partner's customers come in increasing seq (${seen.seq} before ${customer.seq}).`,
      );
    const count = seen.count + 1;
    if (partners.get(customer.partnerId)?.kind === 'sandbox' && count > LIMITS.customersPerSandbox)
      throw refuse(line, `an integration sandbox partner has at most ${LIMITS.customersPerSandbox} customers.`);
    progress.set(customer.partnerId, { seq: customer.seq, count });
    return aggregate;
  };
  let line = firstLine;
  while (line) {
    const { type, record } = parseLine(line);
    if (type === 'customers') {
      const done = finish();
      if (done) yield done;
      const customer = checked<CustomerAggregate['customer']>(CustomerRecordSchema, record, line, type);
      current = { aggregate: { customer, ...emptyChildren() }, line: line.number };
    } else {
      const collection = childCollection(type);
      if (!collection) {
        const reason = isHeadKey(type)
          ? `${type} come before the first customer.`
          : `unknown type "${type}" (expected partners, apps, users, faultRules, customers or ${CHILD_COLLECTIONS.map((c) => c.key).join(', ')}).`;
        throw refuse(line.number, reason);
      }
      if (!current) throw refuse(line.number, `${type} follow the customer they belong to.`);
      const key: ChildKey = collection.key;
      (current.aggregate[key] as unknown[]).push(checked(collection.schema, record, line, type));
    }
    line = lines.take() ?? (await lines.read());
  }
  const last = finish();
  if (last) yield last;
}
