/**
 * @module One entry of a Partnerbox sandbox's request journal as `GET /_sandbox/requests`
 * answers it: the one shape the sandbox, the test kit and the CLI share.
 */

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
  partner?: string | undefined;
  requestId: string;
  correlationId?: string | undefined;
  /** Which instance answered. */
  serverId: string;
  /** JSON (or text) with secrets and tokens redacted; absent for none. */
  requestBody?: string | undefined;
  responseBody?: string | undefined;
}
