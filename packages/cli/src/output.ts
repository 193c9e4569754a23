/**
 * @module What a command prints: its result on stdout (text, or one document in the format of
 * `-o json|yaml|table|tsv`, shaped by `--query`), notes and errors on stderr. Errors carry Partner Center's code, description and
 * request id, and decide the exit code.
 */
import { stringify as stringifyYaml } from 'yaml';
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
import { compileQuery, type Query } from './internal/query.js';
import { formatTable, tableOf, type Table } from './internal/table.js';
import { OUTPUT_FORMATS, type OutputFormat } from './internal/output-format.js';

export { OUTPUT_FORMATS, type OutputFormat };

/** The value as JSON would carry it (dates as strings, no undefined), for queries and YAML. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

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

/** How a command's result can be shown besides its JSON value. */
export interface ResultView {
  /** Sentences or a table for people: the default output. */
  text: () => string;
  /** The rows of `-o table` and `-o tsv` when no `--query` reshapes the value. */
  table?: () => Table;
}

export interface OutputOptions {
  format?: OutputFormat | undefined;
  /** A JMESPath expression applied to the value before it is printed (not to errors). */
  query?: string | undefined;
  streams?: OutputStreams | undefined;
}

/**
 * The one place commands print through: the result on stdout in the format asked for, notes
 * and errors on stderr.
 *
 * @example
 * ```ts
 * const output = new Output({ format: 'yaml' });
 * output.result(customer, { text: () => `${customer.id}  ${customer.companyProfile.companyName}` });
 * ```
 */
export class Output {
  readonly format: OutputFormat;
  readonly streams: OutputStreams;
  readonly #query: Query | undefined;

  constructor(options: OutputOptions = {}) {
    this.#query = options.query === undefined ? undefined : compileQuery(options.query);
    // --query shapes a JSON value: without -o it prints JSON, as az does.
    this.format = options.format ?? (options.query === undefined ? 'text' : 'json');
    this.streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
  }

  /** True for every format but the default text: stdout holds only the result. */
  get machine(): boolean {
    return this.format !== 'text';
  }

  /** True when stdout is a terminal and the default text output is on: progress bars may be drawn. */
  get interactive(): boolean {
    return this.streams.stdout.isTTY === true && !this.machine;
  }

  /** Prints the command's result: `value` in the format asked for, else the view's text. */
  result(value: unknown, view: ResultView | (() => string)): void {
    const { text, table } = typeof view === 'function' ? { text: view, table: undefined } : view;
    if (this.format === 'text') {
      this.#write(text());
      return;
    }
    const shaped = this.#query ? this.#query(toJson(value)) : value;
    const rows = () => (table && !this.#query ? table() : tableOf(toJson(shaped)));
    switch (this.format) {
      case 'json':
        this.#write(`${JSON.stringify(shaped ?? null, null, 2)}`);
        return;
      case 'yaml':
        this.#write(stringifyYaml(toJson(shaped)));
        return;
      case 'table': {
        const { header, rows: body } = rows();
        this.#write(body.length === 0 && header.length === 0 ? '' : formatTable(header, body));
        return;
      }
      case 'tsv':
        this.#write(
          rows()
            .rows.map((row) => row.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t'))
            .join('\n'),
        );
        return;
    }
  }

  /** A line for people, not part of the result: on stdout in text mode, else on stderr. */
  info(line: string): void {
    (this.machine ? this.streams.stderr : this.streams.stdout).write(`${line}\n`);
  }

  warn(line: string): void {
    this.streams.stderr.write(`partnerbox: warning: ${line}\n`);
  }

  /** One failed item of a bulk command, on stderr (the result on stdout lists it too). */
  itemFailed(id: string, error: Error): void {
    this.streams.stderr.write(`partnerbox: ${id}: ${error.message}\n`);
  }

  /**
   * Reports `error` on stderr, and as a document on stdout with `-o json` or `-o yaml` (so that
   * stdout always holds one document); returns the exit code.
   */
  fail(error: unknown): ExitCodeValue {
    const document = describeError(error);
    this.streams.stderr.write(`${formatError(error, document).join('\n')}\n`);
    if (this.format === 'json') this.streams.stdout.write(`${JSON.stringify({ error: document }, null, 2)}\n`);
    if (this.format === 'yaml') this.streams.stdout.write(stringifyYaml({ error: document }));
    return document.exitCode;
  }

  #write(body: string): void {
    if (body !== '') this.streams.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  }
}

/** The exit code an error ends the command with. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof OffboardingDeadlineError) return ExitCode.Deadline;
  if (error instanceof RelationshipRemovalBlockedError) return ExitCode.Refused;
  if (isAbortError(error) && !(error as { timedOut?: boolean }).timedOut) return ExitCode.Interrupted;
  if (isPartnerCenterError(error) && error.statusCode === 404) return ExitCode.NotFound;
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

/**
 * The view of a list: a table with a count under it for people, the same columns for
 * `-o table` and `-o tsv`.
 *
 * @example
 * ```ts
 * output.result(orders, listView(orders, { header: ['ID'], row: (o) => [o.id], empty: 'No orders.', noun: 'order' }));
 * ```
 */
export function listView<T>(
  items: readonly T[],
  options: { header: string[]; row: (item: T) => string[]; empty: string; noun: string },
): ResultView {
  const table = (): Table => ({ header: options.header, rows: items.map(options.row) });
  return {
    text: () => {
      if (items.length === 0) return options.empty;
      const { header, rows } = table();
      return `${formatTable(header, rows)}\n${items.length} ${options.noun}(s)`;
    },
    table,
  };
}
