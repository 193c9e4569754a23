/** @module The exit codes of `partnerbox`, one table for the commands and docs/cli.md. */

/**
 * What a script can tell from `$?`. Documented in docs/cli.md; never renumber.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.Refused;
 * ```
 */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** A call failed (Partner Center error, network, credentials rejected by the token endpoint). */
  Failure: 1,
  /** The command line or the profile is wrong: unknown option, missing argument, no credential. */
  Usage: 2,
  /** Nothing was changed on purpose: not confirmed, not an integration sandbox, removal blocked by its prechecks. */
  Refused: 3,
  /** A bulk command finished with some customers done and some failed. */
  PartialFailure: 4,
  /** Order cancellations were still pending when `--deadline` passed; run again to resume. */
  Deadline: 5,
  /** What the command was to act on does not exist (HTTP 404): a mistyped customer id, say. */
  NotFound: 6,
  /** Interrupted (Ctrl+C) between two steps. */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
