// One ES module file built by esbuild from a package's compiled dist/, and beside it
// sources.json: the workspace files it was built from, relative to its folder. A package
// loads the file only while none of them is newer than it (packages/sandbox/src/fast-start.ts,
// packages/cli/src/fast-start.ts), so a `tsc -b` after a change never leaves a command running
// yesterday's code. Used by scripts/bundle-serve.mjs and scripts/bundle-cli.mjs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

// Each file written whole, then renamed into place: a process starting meanwhile loads the old
// build or the new one, never half of one.
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Builds `entry` into `outfile`. `external` stay imports (native modules, optional peers);
 * `plugins` are esbuild's; `extraSources` are files a plugin read, listed in sources.json too.
 */
export async function buildSingleFile({ name, entry, outfile, external = [], plugins = [], extraSources = [] }) {
  const outDir = path.dirname(outfile);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // No keepNames: it wraps every function expression in a `__name()` call that redefines its
    // `name` each time the closure is made, which cost a GET ~30 µs of CPU (docs/benchmarks.md).
    // Names survive without it (a class or function bound to a variable is named after it);
    // only an identifier esbuild renames to avoid a clash gets a digit (test/fast-start.test.ts).
    metafile: true,
    write: false,
    logLevel: 'warning',
    external,
    plugins,
    // CommonJS dependencies (Fastify, commander) call require() for Node's built-ins; an ES
    // module has none.
    banner: {
      js: "import { createRequire as __partnerboxCreateRequire } from 'node:module';\nconst require = __partnerboxCreateRequire(import.meta.url);",
    },
  });
  mkdirSync(outDir, { recursive: true });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  const sources = [
    ...Object.keys(result.metafile.inputs)
      .filter((input) => !input.split(/[\\/]/).includes('node_modules'))
      .map((input) => path.resolve(input)),
    ...extraSources.map((file) => path.resolve(file)),
  ].map((file) => path.relative(outDir, file));
  writeAtomically(path.join(outDir, 'sources.json'), `${JSON.stringify(sources, null, 1)}\n`);
  const bytes = result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes;
  console.log(
    `${name}: ${path.relative(process.cwd(), outfile)} from ${Object.keys(result.metafile.inputs).length} modules${bytes ? `, ${Math.round(bytes / 1024)} KB` : ''}`,
  );
}
