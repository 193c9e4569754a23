/**
 * @module The store's errors: what a database driver's error means, decided once, here. Every
 * query the store runs goes through `classifyingDialect`, which rethrows driver errors as these,
 * so the HTTP pipeline and the control plane branch on a class, never on a SQLSTATE or a SQLite
 * result code. Each keeps the driver's message and the driver error as its `cause`.
 */

/** Something the database refused or could not do; see the subclasses. */
export class StoreError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = new.target.name;
  }
}

/** The database cannot be reached right now (down, restarting, out of connections, busy): retry later. */
export class StoreUnavailableError extends StoreError {}

/** The transaction lost to a concurrent one (serialization failure, deadlock): retrying may succeed. */
export class StoreConflictError extends StoreError {}

/**
 * A request was judged by a control state (fault rules, clock, identities) older than the one
 * its first read saw: another instance changed it. Nothing was written (a write's transaction is
 * rolled back); the request is judged again with the current state and run again. Should it
 * ever escape, it is answered as the conflict it is (503, retry).
 */
export class ControlStateChangedError extends StoreConflictError {
  /** The version the read saw. */
  readonly seen: number;
  constructor(seen: number) {
    super('The control state changed since the request was judged');
    this.seen = seen;
  }
}

/** The database's integrity rules refused the write: a missing parent row, a NULL, a failed check. */
export class ConstraintViolationError extends StoreError {}

/** A unique index (or primary key) already holds the value. */
export class UniqueViolationError extends ConstraintViolationError {}

// Node's network errors and SQLite's busy timeout, and PostgreSQL's SQLSTATEs for a server that is
// shutting down, cannot connect, lost the connection, or has no connection slot left.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'SQLITE_BUSY',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
  // The bounds open-store.ts sets: statement_timeout (a lock wait behind a vanished client) and
  // idle_in_transaction_session_timeout (a session its client left in a transaction).
  '57014',
  '25P03',
]);

// What pg and pg-pool throw without a code when the connection goes away or cannot be made, or
// when a query outlives the client-side bound (a silent partition), and what a query on the
// connection that bound destroyed then meets.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|Query read timeout|not queryable/i;

const CONFLICT_CODES = new Set(['40001', '40P01']);
const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function kindOf(error: unknown): (new (cause: unknown) => StoreError) | undefined {
  const code = codeOf(error) ?? '';
  if (UNAVAILABLE_CODES.has(code)) return StoreUnavailableError;
  if (CONFLICT_CODES.has(code)) return StoreConflictError;
  if (UNIQUE_CODES.has(code)) return UniqueViolationError;
  // Class 23 is PostgreSQL's "integrity constraint violation"; SQLite names each kind.
  if (code.startsWith('23') || code.startsWith('SQLITE_CONSTRAINT')) return ConstraintViolationError;
  if (error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message)) return StoreUnavailableError;
  return undefined;
}

/** The store error a driver error means, or the error itself when it means none of them. */
export function classifyDriverError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const Kind = kindOf(error);
  return Kind ? new Kind(error) : error;
}
