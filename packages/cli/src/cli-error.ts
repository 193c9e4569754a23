/** @module The one error the commands throw for conditions they detect themselves. */
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error the CLI itself raises (bad usage, a refusal, an unconfirmed action), carrying the
 * exit code to end with. Partner Center failures stay `PartnerCenterError`s and are rendered by
 * the same reporter.
 *
 * @example
 * ```ts
 * throw new CliError('Pass customer ids or --all.', ExitCode.Usage);
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCodeValue;
  /** Extra lines printed under the message (hints). */
  readonly details: string[];

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.Failure, details: string[] = []) {
    super(message);
    this.exitCode = exitCode;
    this.details = details;
  }
}

/** @example `throw usageError('--deadline: expected a duration such as 90s or 10m')` */
export function usageError(message: string, details: string[] = []): CliError {
  return new CliError(message, ExitCode.Usage, details);
}

/** @example `throw refusal('Not confirmed: nothing was deleted.')` */
export function refusal(message: string, details: string[] = []): CliError {
  return new CliError(message, ExitCode.Refused, details);
}
