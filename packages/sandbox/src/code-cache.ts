/**
 * @module loadWithCodeCache: a CommonJS file compiled with a V8 code cache kept between runs,
 * what Node 22 does for every module (`module.enableCompileCache`) and Node 20 cannot. `serve`
 * loads the sandbox's single-file build this way: compiling its 2 MB, the functions that
 * start-up runs included, was the largest part of a start that is not Fastify's own
 * (docs/benchmarks.md, "Start-up").
 *
 * The cache is named after a hash of the file's text, Node's version and the architecture, so
 * a cache is only ever offered to the very text it was made from (V8's own check looks at the
 * length, not the content). It lives in a directory of the user's own under the temporary
 * directory, as Node's does; a directory that is not the user's alone, or a cache that cannot
 * be read or written, only means compiling without one.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** `hit`: compiled from the cache; `miss`: none yet (one is written); `rejected`: V8 refused it (one is rewritten); `off`: no usable cache directory. */
export type CodeCacheStatus = 'hit' | 'miss' | 'rejected' | 'off';

export interface LoadedWithCodeCache<T> {
  exports: T;
  status: CodeCacheStatus;
  /** Writes the cache now (after a miss or a rejection; otherwise does nothing). */
  save(): void;
}

export interface CodeCacheOptions {
  /** Default: `partnerbox-code-cache-<uid>` in the temporary directory; `false`: no cache. */
  cacheDir?: string | false;
  /**
   * When to write a missing cache by itself: at process exit, and after this many ms of
   * running (a process stopped with SIGKILL has no exit); default 5000, 0 for neither.
   */
  saveAfterMs?: number;
}

export function defaultCodeCacheDir(): string {
  return path.join(tmpdir(), `partnerbox-code-cache-${process.getuid?.() ?? 'user'}`);
}

/** The directory, made if missing, when it is a real directory that only this user can write. */
function usableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    // Another user's directory, or one others may write to, could hold a planted cache: V8
    // would run the code it describes.
    if (process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return false;
    return true;
  } catch {
    return false;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Runs the CommonJS `file` (with require() from its own place and `__partnerboxImport` for
 * import(); see scripts/lib/single-file-build.mjs) and answers its exports.
 */
export function loadWithCodeCache<T>(file: string, options: CodeCacheOptions = {}): LoadedWithCodeCache<T> {
  const source = readFileSync(file, 'utf8');
  const dir = options.cacheDir ?? defaultCodeCacheDir();
  const key = () => createHash('sha256').update(source).update(process.version).update(process.arch).digest('hex');
  const cacheFile =
    dir !== false && usableDir(dir) ? path.join(dir, `${path.basename(file)}-${key().slice(0, 32)}.v8`) : undefined;
  const cachedData = cacheFile ? readOrUndefined(cacheFile) : undefined;
  // The same wrapper as Node's CommonJS loader, one parameter more; on one line, so that line
  // numbers in stack traces are the file's.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __partnerboxImport) {${source}\n})`,
    { filename: file, ...(cachedData ? { cachedData } : {}) },
  );
  const status: CodeCacheStatus = !cacheFile
    ? 'off'
    : !cachedData
      ? 'miss'
      : script.cachedDataRejected
        ? 'rejected'
        : 'hit';
  const url = pathToFileURL(file);
  const importFromFile = (specifier: string) =>
    import(specifier.startsWith('.') ? new URL(specifier, url).href : specifier) as Promise<unknown>;
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), importFromFile);

  let saved = status === 'hit' || status === 'off';
  const save = () => {
    if (saved || !cacheFile) return;
    saved = true;
    try {
      // Made now, after running: it holds the functions compiled so far, not only the top level.
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      renameSync(temporary, cacheFile);
    } catch {
      // A full or read-only disk: the next start compiles again.
    }
  };
  const saveAfterMs = options.saveAfterMs ?? 5000;
  if (!saved && saveAfterMs > 0) {
    process.once('exit', save);
    setTimeout(save, saveAfterMs).unref();
  }
  return { exports: module.exports, status, save };
}
