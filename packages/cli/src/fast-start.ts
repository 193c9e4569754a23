/**
 * @module runCli: the `partnerbox` command from its single-file build (dist/bundle/bin.js, made
 * by `npm run build` and the package's prepack) when that build is current, from its modules
 * otherwise. Both run the same code; the single file only starts faster: Node 20 has no compile
 * cache, and resolving and compiling the CLI's, the SDK's and the contract's modules one by one
 * was most of a short command's time (docs/benchmarks.md, "Offboarding").
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLE_DIR = fileURLToPath(new URL('./bundle/', import.meta.url));

function mtimeMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * True when `bundleDir/bin.js` exists and none of the workspace files it was built from
 * (`sources.json`) is newer: after a `tsc -b` that changed anything, the modules run until the
 * next `npm run build`. A listed file that does not exist is not a reason to distrust the
 * bundle (an installed package ships without the workspace around it). The sandbox's twin,
 * `isBundleCurrent` in `@partnerbox/sandbox/fast-start`, is not imported: the sandbox is an
 * optional peer of the CLI; test/fast-start.test.ts holds both to one table.
 */
export function isBundleCurrent(bundleDir: string = BUNDLE_DIR, entry = 'bin.js'): boolean {
  const builtAt = mtimeMs(path.join(bundleDir, entry));
  if (builtAt === undefined) return false;
  let sources: unknown;
  try {
    sources = JSON.parse(readFileSync(path.join(bundleDir, 'sources.json'), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(sources)) return false;
  return sources.every((source) => {
    if (typeof source !== 'string') return false;
    const changedAt = mtimeMs(path.resolve(bundleDir, source));
    return changedAt === undefined || changedAt <= builtAt;
  });
}

/**
 * Which build {@link runCli} runs for `command` (the first argument): `bundle` or `modules`.
 * `serve` runs the modules: it needs only commander and its own command from the CLI (it then
 * loads the sandbox's single-file build), where the CLI's bundle would have it parse the SDK
 * and every API command too (~60 ms of CPU at start-up, docs/benchmarks.md). `PARTNERBOX_NO_BUNDLE=1`
 * forces the modules.
 */
export function cliBuild(bundleDir: string = BUNDLE_DIR, command = process.argv[2]): 'bundle' | 'modules' {
  if (process.env['PARTNERBOX_NO_BUNDLE'] === '1' || command === 'serve') return 'modules';
  return isBundleCurrent(bundleDir) ? 'bundle' : 'modules';
}

/** Runs the command line of `process.argv` (bin.ts does the work when it is loaded). */
export async function runCli(): Promise<void> {
  await import(cliBuild() === 'bundle' ? './bundle/bin.js' : './bin.js');
}
