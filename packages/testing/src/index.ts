/**
 * @module `@partnerbox/testing`: a Partnerbox sandbox for your own test suite. One call starts
 * it in this process on a free port and hands back its URL, ready credentials, a control
 * client and a partner per test (docs/testing.md).
 */
export {
  startSandbox,
  connectSandbox,
  type StartSandboxOptions,
  type ConnectSandboxOptions,
  type TestSandbox,
} from './start-sandbox.js';
export { sampleCustomer } from './sample-customer.js';
export { testPartner, type TestPartner, type ClientOptions } from './test-partner.js';
export {
  SandboxControl,
  SandboxControlError,
  type ControlResponse,
  type PartnerListing,
  type CreatePartnerOptions,
  type ScenarioOptions,
  type ScenarioResult,
  type SandboxClock,
  type FaultRuleInput,
  type FaultRule,
  type MintTokenOptions,
  type MintedToken,
  type JournalEntry,
  type JournalFilter,
} from './sandbox-control.js';
