import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import {
  classifyDriverError,
  ConstraintViolationError,
  StoreConflictError,
  StoreError,
  StoreUnavailableError,
  UniqueViolationError,
} from './store-errors.js';

function driverError(code: string | undefined, message = 'driver said no'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('classifyDriverError', () => {
  it.each([
    ['23505', UniqueViolationError],
    ['SQLITE_CONSTRAINT_UNIQUE', UniqueViolationError],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', UniqueViolationError],
    ['23503', ConstraintViolationError],
    ['23502', ConstraintViolationError],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', ConstraintViolationError],
    ['40001', StoreConflictError],
    ['40P01', StoreConflictError],
    ['ECONNREFUSED', StoreUnavailableError],
    ['SQLITE_BUSY', StoreUnavailableError],
    ['57P01', StoreUnavailableError],
    ['08006', StoreUnavailableError],
    ['53300', StoreUnavailableError],
  ])('%s is a %o', (code, kind) => {
    const cause = driverError(code);
    const classified = classifyDriverError(cause);
    expect(classified).toBeInstanceOf(kind);
    expect(classified).toMatchObject({ message: 'driver said no', cause });
  });

  it.each([
    'Connection terminated unexpectedly',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('pg and pg-pool saying "%s" without a code is unavailable', (message) => {
    expect(classifyDriverError(driverError(undefined, message))).toBeInstanceOf(StoreUnavailableError);
  });

  it.each([driverError('42P01'), driverError(undefined), new TypeError('a bug'), 'not an error'])(
    'leaves %o as it is',
    (error) => {
      expect(classifyDriverError(error)).toBe(error);
    },
  );

  it('leaves a store error as it is', () => {
    const error = new UniqueViolationError(driverError('23505'));
    expect(classifyDriverError(error)).toBe(error);
    expect(error).toBeInstanceOf(ConstraintViolationError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.name).toBe('UniqueViolationError');
  });
});

describe('the store throws store errors, never driver errors', () => {
  it('for a real SQLite unique violation', async () => {
    const store = await openStore({ kind: 'memory' });
    try {
      const row = { key: 'k', value: 'v' };
      await store.db.insertInto('settings').values(row).execute();
      await expect(store.db.insertInto('settings').values(row).execute()).rejects.toBeInstanceOf(UniqueViolationError);
    } finally {
      await store.close();
    }
  });

  it('for a PostgreSQL server that is not there', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const opening = openStore({ kind: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
