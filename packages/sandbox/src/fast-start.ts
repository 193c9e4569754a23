/**
 * @module importSandbox: the sandbox's public API for `partnerbox serve`, from its single-file
 * build (dist/bundle/, made by `npm run build`) when that build is current, from its modules
 * otherwise. Both export the same names from the same code; the bundle only loads faster
 * (docs/benchmarks.md, "Start-up").
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache } from './code-cache.js';
import type * as Sandbox from './index.js';

const BUNDLE_DIR = fileURLToPath(new URL('./bundle/', import.meta.url));
const BUNDLE_FILE = 'index.cjs';

function mtimeMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * True when `bundleDir/index.cjs` exists and none of the workspace files it was built from
 * (`sources.json`) is newer: after a `tsc -b` that changed anything, the modules are used
 * until the next `npm run build`. A listed file that does not exist is not a reason to
 * distrust the bundle (an installed package ships without the workspace around it).
 */
export function isBundleCurrent(bundleDir: string = BUNDLE_DIR): boolean {
  const builtAt = mtimeMs(path.join(bundleDir, BUNDLE_FILE));
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

/** Which build {@link importSandbox} loads: `bundle` or `modules`. */
export function sandboxBuild(): 'bundle' | 'modules' {
  return process.env['PARTNERBOX_NO_BUNDLE'] !== '1' && isBundleCurrent() ? 'bundle' : 'modules';
}

/**
 * The sandbox package's exports. `PARTNERBOX_NO_BUNDLE=1` forces the modules; the bundle is
 * compiled with a code cache (code-cache.ts) unless `PARTNERBOX_CODE_CACHE=0`.
 */
export async function importSandbox(): Promise<typeof Sandbox> {
  if (sandboxBuild() === 'modules') return import('./index.js');
  // Not import(): Node would first scan the whole 2 MB file for the names it exports.
  return loadWithCodeCache<typeof Sandbox>(path.join(BUNDLE_DIR, BUNDLE_FILE), {
    ...(process.env['PARTNERBOX_CODE_CACHE'] === '0' ? { cacheDir: false } : {}),
  }).exports;
}
