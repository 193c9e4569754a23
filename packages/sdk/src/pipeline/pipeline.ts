/** @module The request pipeline: named, replaceable policies around `fetch`, as in Azure's core-rest-pipeline. */

/** One HTTP attempt's request, shared (and mutated) by the policies of one logical call. */
export interface PipelineRequest {
  method: string;
  url: string;
  /** Header names are case-insensitive. */
  headers: Headers;
  body?: string | undefined;
  /** The signal the transport sees; the timeout policy swaps in one that also fires on timeout. */
  abortSignal?: AbortSignal | undefined;
  /** Budget of the whole call, retries included; 0 or undefined means none. */
  timeoutInMs?: number | undefined;
  /** 0 for the first attempt, incremented by the retry policy. */
  attempt: number;
  /** Free-form per-call state for custom policies. */
  readonly context: Map<string, unknown>;
}

/** The response of one attempt. The body is read in full, so retries and errors can use it. */
export interface PipelineResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  request: PipelineRequest;
}

export type SendRequest = (request: PipelineRequest) => Promise<PipelineResponse>;

/** A named step. Call `next(request)` to pass the request on, or answer without calling it. */
export interface PipelinePolicy {
  readonly name: string;
  sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse>;
}

/** Where to insert a policy: before or after the named one; at the end (next to `fetch`) if neither. */
export interface AddPolicyOptions {
  before?: string | undefined;
  after?: string | undefined;
}

/**
 * An ordered list of policies. The first policy sees the request first; the last one hands it
 * to the transport (`fetch`).
 *
 * @example
 * ```ts
 * client.pipeline.addPolicy(
 *   { name: 'contractVersion', sendRequest: (request, next) => {
 *       request.headers.set('MS-Contract-Version', 'v1');
 *       return next(request);
 *   } },
 *   { before: 'bearerTokenPolicy' },
 * );
 * ```
 */
export class Pipeline {
  readonly #policies: PipelinePolicy[] = [];

  constructor(policies: Iterable<PipelinePolicy> = []) {
    for (const policy of policies) this.addPolicy(policy);
  }

  /**
   * Inserts a policy. Names are unique: adding a second policy with a taken name throws.
   *
   * @example
   * ```ts
   * pipeline.addPolicy(myPolicy, { after: 'retryPolicy' });
   * ```
   */
  addPolicy(policy: PipelinePolicy, options: AddPolicyOptions = {}): void {
    if (this.#policies.some((existing) => existing.name === policy.name)) {
      throw new Error(`A policy named "${policy.name}" is already in the pipeline`);
    }
    if (options.before !== undefined && options.after !== undefined) {
      throw new Error('Pass either "before" or "after", not both');
    }
    const anchor = options.before ?? options.after;
    if (anchor === undefined) {
      this.#policies.push(policy);
      return;
    }
    const index = this.#policies.findIndex((existing) => existing.name === anchor);
    if (index === -1) throw new Error(`No policy named "${anchor}" in the pipeline`);
    this.#policies.splice(options.before !== undefined ? index : index + 1, 0, policy);
  }

  /**
   * Removes the named policy and returns it, or `undefined` if there is none.
   *
   * @example
   * ```ts
   * client.pipeline.removePolicy('retryPolicy'); // fail fast, e.g. in a health check
   * ```
   */
  removePolicy(name: string): PipelinePolicy | undefined {
    const index = this.#policies.findIndex((policy) => policy.name === name);
    if (index === -1) return undefined;
    return this.#policies.splice(index, 1)[0];
  }

  /**
   * Swaps the named policy for another one at the same position.
   *
   * @example
   * ```ts
   * client.pipeline.replacePolicy('retryPolicy', retryPolicy({ maxRetries: 10 }));
   * ```
   */
  replacePolicy(name: string, policy: PipelinePolicy): void {
    const index = this.#policies.findIndex((existing) => existing.name === name);
    if (index === -1) throw new Error(`No policy named "${name}" in the pipeline`);
    if (policy.name !== name && this.#policies.some((existing) => existing.name === policy.name)) {
      throw new Error(`A policy named "${policy.name}" is already in the pipeline`);
    }
    this.#policies[index] = policy;
  }

  /** The policies in order, outermost first. */
  getPolicies(): readonly PipelinePolicy[] {
    return [...this.#policies];
  }

  /**
   * Runs `request` through every policy and then `transport`.
   *
   * @example
   * ```ts
   * const response = await pipeline.sendRequest(fetchTransport(fetch), request);
   * ```
   */
  sendRequest(transport: SendRequest, request: PipelineRequest): Promise<PipelineResponse> {
    const policies = [...this.#policies];
    const dispatch = (index: number, current: PipelineRequest): Promise<PipelineResponse> => {
      const policy = policies[index];
      if (!policy) return transport(current);
      return policy.sendRequest(current, (next) => dispatch(index + 1, next));
    };
    return dispatch(0, request);
  }
}
