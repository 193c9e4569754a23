/** @module One recorded request of the journal, and what a listing may filter on. */

export interface JournalEntry {
  /** Order of insertion across every instance sharing the store. */
  seq: number;
  id: string;
  /** When the request arrived, ISO 8601 (real time, not the sandbox clock). */
  at: string;
  durationMs: number;
  method: string;
  path: string;
  /** The query string, `?` included, or empty. */
  query: string;
  status: number;
  /** The partner's tenant id: from the token on `/v1`, from the path on the token endpoint. */
  partner: string | undefined;
  requestId: string;
  correlationId: string | undefined;
  /** Which instance answered. */
  serverId: string;
  /** JSON (or text) with secrets and tokens redacted; absent for none. */
  requestBody: string | undefined;
  responseBody: string | undefined;
}

export type NewJournalEntry = Omit<JournalEntry, 'seq'>;

export interface JournalQuery {
  method?: string;
  partner?: string;
  /** An exact status, or a class: 400-499 is `{ min: 400, max: 499 }`. */
  status?: { min: number; max: number };
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  /** At most this many of the newest matching entries, returned in arrival order; absent: all. */
  limit?: number;
}
