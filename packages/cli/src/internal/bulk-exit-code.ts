/** @module The exit code of a command that worked on several items. */
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { exitCodeOf } from '../output.js';

/**
 * 0 when all succeeded; 5 when any hit the deadline (run again to resume); 4 when some
 * succeeded and some failed; when all failed, their common exit code (3 for refusals such as
 * blocked removals), else 1.
 *
 * @example
 * ```ts
 * return bulkExitCode(results);
 * ```
 */
export function bulkExitCode(results: readonly ({ ok: true } | { ok: false; error: Error })[]): ExitCodeValue {
  const errors = results.flatMap((result) => (result.ok ? [] : [result.error]));
  if (errors.length === 0) return ExitCode.Ok;
  if (errors.some((error) => exitCodeOf(error) === ExitCode.Deadline)) return ExitCode.Deadline;
  if (errors.length < results.length) return ExitCode.PartialFailure;
  const codes = new Set(errors.map((error) => exitCodeOf(error)));
  return codes.size === 1 ? ([...codes][0] ?? ExitCode.Failure) : ExitCode.Failure;
}
