/**
 * @module How suites are declared and run: each suite is a function that declares vitest
 * tests against a lazily started target, so one suite file serves every target.
 */
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { withContractCheck, type ContractTarget } from './contract.js';
import { ApiClient } from './http.js';
import type { Target } from './target.js';

export interface SuiteContext {
  readonly target: Target;
  readonly api: ApiClient;
}

export interface Capabilities {
  /** The target has the `/_sandbox` control plane (clock, faults, scenarios, reset). */
  control: boolean;
  /** The target has a production partner besides the integration-sandbox one. */
  production: boolean;
}

export type Suite = (ctx: SuiteContext, capabilities: Capabilities) => void;

/**
 * Declares `suites` against the target `start` returns (started once, closed after). A
 * Partnerbox sandbox (it has the control plane) is reached through the contract check, and a
 * test fails when any response it received breaks the sandbox's OpenAPI document.
 */
export function defineConformance(
  name: string,
  start: () => Promise<Target>,
  capabilities: Capabilities,
  suites: readonly Suite[],
): void {
  describe(name, () => {
    let target: Target | undefined;
    let api: ApiClient | undefined;
    let checked: ContractTarget | undefined;
    const ctx: SuiteContext = {
      get target() {
        if (!target) throw new Error('The target is not started');
        return target;
      },
      get api() {
        if (!api) throw new Error('The target is not started');
        return api;
      },
    };
    beforeAll(async () => {
      target = await start();
      if (capabilities.control) {
        checked = await withContractCheck(target);
        target = checked.target;
      }
      api = new ApiClient(target);
    });
    afterEach(() => {
      if (checked) expect(checked.takeViolations(), 'responses that break the OpenAPI document').toEqual([]);
    });
    afterAll(async () => {
      await target?.close();
    });
    for (const suite of suites) suite(ctx, capabilities);
  });
}
