/**
 * @module A conformance target: where the API is, who may call it, and (for a Partnerbox
 * sandbox) its control plane. Scenarios see only this, so the same suite runs against the
 * embedded sandbox, PostgreSQL, several instances, or a real Partner Center sandbox.
 */

export interface PartnerCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** For App+User tokens through the password grant. */
  userName?: string;
  password?: string;
}

export interface ControlPlane {
  /** The sandbox admin key. */
  adminKey: string;
  /** Base URL whose `/_sandbox` answers (any instance of the deployment). */
  url: string;
}

export interface Target {
  name: string;
  /**
   * API roots; `/v1/…` is appended. With several, requests alternate between them (several
   * instances behind one database must behave as one).
   */
  baseUrls: string[];
  /** Token authority root: `{authority}/{tenant}/oauth2/v2.0/token`. */
  authority: string;
  sandboxPartner: PartnerCredentials;
  productionPartner?: PartnerCredentials;
  /** Present for Partnerbox sandboxes: clock, faults, scenarios, reset. */
  control?: ControlPlane;
  close(): Promise<void>;
}
