/**
 * @module What a command prints: its result on stdout (text, or one JSON document with
 * `--json`), notes and errors on stderr. Errors carry Partner Center's code, description and
 * request id, and decide the exit code.
 */
import {
  OffboardingDeadlineError,
  RelationshipRemovalBlockedError,
  isAbortError,
  isAuthenticationError,
  isPartnerCenterError,
  pathOf,
  PartnerCenterErrorCode,
  type PartnerCenterError,
} from '@partnerbox/sdk';
import { CliError } from './cli-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { ENVIRONMENT_VARIABLES } from './resolve-profile.js';

/** The streams a command writes to; tests and the program pass process.stdout/stderr. */
export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** An error as `--json` reports it. */
export interface ErrorDocument {
  message: string;
  exitCode: ExitCodeValue;
  name: string;
  statusCode?: number | undefined;
  code?: number | undefined;
  description?: string | undefined;
  data?: string[] | undefined;
  requestId?: string | undefined;
  correlationId?: string | undefined;
  customerId?: string | undefined;
  pendingOrderIds?: string[] | undefined;
  blockingOrderIds?: string[] | undefined;
  activeSubscriptionIds?: string[] | undefined;
}

/**
 * The one place commands print through.
 *
 * @example
 * ```ts
 * const output = new Output({ json: false });
 * output.result(customer, () => `${customer.id}  ${customer.companyProfile.companyName}`);
 * ```
 */
export class Output {
  readonly json: boolean;
  readonly streams: OutputStreams;

  constructor(options: { json: boolean; streams?: OutputStreams | undefined }) {
    this.json = options.json;
    this.streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
  }

  /** True when stdout is a terminal and no JSON was asked for: progress bars may be drawn. */
  get interactive(): boolean {
    return this.streams.stdout.isTTY === true && !this.json;
  }

  /** Prints the command's result: `value` as JSON with `--json`, else `text()`. */
  result(value: unknown, text: () => string): void {
    if (this.json) this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else {
      const body = text();
      if (body !== '') this.streams.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    }
  }

  /** A line for people, not part of the result: on stdout in text mode, on stderr with `--json`. */
  info(line: string): void {
    (this.json ? this.streams.stderr : this.streams.stdout).write(`${line}\n`);
  }

  warn(line: string): void {
    this.streams.stderr.write(`partnerbox: warning: ${line}\n`);
  }

  /** One failed item of a bulk command, on stderr (the result on stdout lists it too). */
  itemFailed(id: string, error: Error): void {
    this.streams.stderr.write(`partnerbox: ${id}: ${error.message}\n`);
  }

  /** Reports `error` on stderr (and as a JSON document on stdout with `--json`); returns the exit code. */
  fail(error: unknown): ExitCodeValue {
    const document = describeError(error);
    this.streams.stderr.write(`${formatError(error, document).join('\n')}\n`);
    if (this.json) this.streams.stdout.write(`${JSON.stringify({ error: document }, null, 2)}\n`);
    return document.exitCode;
  }
}

/** The exit code an error ends the command with. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof OffboardingDeadlineError) return ExitCode.Deadline;
  if (error instanceof RelationshipRemovalBlockedError) return ExitCode.Refused;
  if (isAbortError(error) && !(error as { timedOut?: boolean }).timedOut) return ExitCode.Interrupted;
  return ExitCode.Failure;
}

/**
 * The machine-readable form of an error.
 *
 * @example
 * ```ts
 * const { code, requestId } = describeError(error);
 * ```
 */
export function describeError(error: unknown): ErrorDocument {
  const exitCode = exitCodeOf(error);
  const base: ErrorDocument = {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    exitCode,
  };
  if (isPartnerCenterError(error)) {
    return {
      ...base,
      statusCode: error.statusCode,
      code: error.code,
      description: error.description,
      data: error.data,
      requestId: error.requestId,
      correlationId: error.correlationId,
    };
  }
  if (error instanceof OffboardingDeadlineError) {
    return { ...base, customerId: error.customerId, pendingOrderIds: error.pendingOrderIds };
  }
  if (error instanceof RelationshipRemovalBlockedError) {
    return {
      ...base,
      customerId: error.customerId,
      blockingOrderIds: error.blockingOrderIds,
      activeSubscriptionIds: error.activeSubscriptionIds,
    };
  }
  if (isAuthenticationError(error)) {
    return { ...base, statusCode: error.statusCode, description: error.errorDescription };
  }
  return base;
}

/** The lines printed on stderr for an error. */
function formatError(error: unknown, document = describeError(error)): string[] {
  if (isPartnerCenterError(error)) return formatPartnerCenterError(error);
  const lines = [`partnerbox: ${document.message}`];
  if (error instanceof CliError) lines.push(...error.details.map((detail) => `  ${detail}`));
  if (isAuthenticationError(error)) {
    lines.push(`  token endpoint: ${error.tokenEndpoint}`);
    lines.push('  check the tenant id, client id and secret (or refresh token) of the profile');
  }
  return lines;
}

function formatPartnerCenterError(error: PartnerCenterError): string[] {
  const { method, url } = error.request;
  const target = `${method} ${pathOf(url)}`;
  const lines =
    error.statusCode === undefined
      ? [`partnerbox: no answer from Partner Center for ${target} (after retries)`]
      : [`partnerbox: Partner Center refused ${target} with HTTP ${error.statusCode}`];
  if (error.code !== undefined) lines.push(`  code:           ${error.code}`);
  lines.push(`  description:    ${error.description}`);
  if (error.data.length > 0) lines.push(`  data:           ${error.data.join(', ')}`);
  lines.push(`  request id:     ${error.requestId ?? '(none)'}`);
  if (error.correlationId) lines.push(`  correlation id: ${error.correlationId}`);
  if (error.retryAfterInMs !== undefined) lines.push(`  retry after:    ${Math.ceil(error.retryAfterInMs / 1000)} s`);
  const hint = hintFor(error);
  if (hint) lines.push(`  hint: ${hint}`);
  return lines;
}

function hintFor(error: PartnerCenterError): string | undefined {
  switch (error.code) {
    case PartnerCenterErrorCode.RoleNotAllowed:
      return `this operation needs an App+User credential: set ${ENVIRONMENT_VARIABLES.refreshToken} (or refreshToken in the profile)`;
    case PartnerCenterErrorCode.TokenMissing:
      return 'the token was refused: check the profile (tenant, app, authority and base URL must belong together)';
    case PartnerCenterErrorCode.NotSupportedInEnvironment:
      return 'this account is not an integration sandbox (customers cannot be deleted from a production account)';
    default:
      return undefined;
  }
}
