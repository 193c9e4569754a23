// One ES module file built by esbuild from a package's compiled dist/, and beside it
// sources.json: the workspace files it was built from, relative to its folder. A package
// loads the file only while none of them is newer than it (packages/sandbox/src/fast-start.ts,
// packages/cli/src/fast-start.ts), so a `tsc -b` after a change never leaves a command running
// yesterday's code. Used by scripts/bundle-serve.mjs and scripts/bundle-cli.mjs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * A CommonJS build's import() calls of external modules, rewritten to call the banner's
 * function. Only calls whose argument is one literal specifier are rewritten (esbuild prints
 * them as `import("x")`); any other import() of an external is an error here rather than a
 * failure at run time.
 */
function routeDynamicImports(text, external) {
  const isExternal = (specifier) =>
    specifier.startsWith('.') || external.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  const routed = text.replace(/\bimport\(("[^"\n]+")\)/g, (call, literal, offset) => {
    const specifier = JSON.parse(literal);
    // Fastify's JSDoc types mention import('../fastify'): comments are left alone.
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    if (/^\s*(\*|\/\/)/.test(text.slice(lineStart, offset))) return call;
    if (!isExternal(specifier)) throw new Error(`import(${literal}) of a bundled module in a CommonJS build`);
    return `${DYNAMIC_IMPORT}(${literal})`;
  });
  const other = routed.replace(/^\s*(\*|\/\/).*$/gm, '').match(/\bimport\((?!"|specifier\))[^)]{0,40}/g);
  if (other) throw new Error(`import() without a literal specifier in a CommonJS build: ${other.join(', ')}`);
  return routed;
}

// Each file written whole, then renamed into place: a process starting meanwhile loads the old
// build or the new one, never half of one.
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

// The name a CommonJS build calls for import(): see `format` below.
const DYNAMIC_IMPORT = '__partnerboxDynamicImport';

const BANNERS = {
  // CommonJS dependencies (Fastify, commander) call require() for Node's built-ins; an ES
  // module has none.
  esm: "import { createRequire as __partnerboxCreateRequire } from 'node:module';\nconst require = __partnerboxCreateRequire(import.meta.url);",
  // import.meta.url is the file's own URL, as in the ES module build. import() goes through a
  // function the loader may hand in (packages/sandbox/src/code-cache.ts): code compiled by
  // vm.Script cannot call import() itself on Node 20 without an experimental flag.
  cjs: [
    "const __partnerboxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    `const ${DYNAMIC_IMPORT} = typeof __partnerboxImport === 'function' ? __partnerboxImport : (specifier) => import(specifier);`,
  ].join('\n'),
};

/**
 * Builds `entry` into `outfile`. `external` stay imports (native modules, optional peers);
 * `plugins` are esbuild's; `extraSources` are files a plugin read, listed in sources.json too.
 * `format` is `esm`, or `cjs` for a file that a loader compiles with a V8 code cache (vm.Script
 * compiles scripts, not ES modules); its import() calls of externals become calls of
 * `__partnerboxImport` when the loader passes one.
 */
export async function buildSingleFile({
  name,
  entry,
  outfile,
  external = [],
  plugins = [],
  extraSources = [],
  format = 'esm',
}) {
  const outDir = path.dirname(outfile);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    ...(format === 'cjs' ? { define: { 'import.meta.url': '__partnerboxImportMetaUrl' } } : {}),
    // No keepNames: it wraps every function expression in a `__name()` call that redefines its
    // `name` each time the closure is made, which cost a GET ~30 µs of CPU (docs/benchmarks.md).
    // Names survive without it (a class or function bound to a variable is named after it);
    // only an identifier esbuild renames to avoid a clash gets a digit (test/fast-start.test.ts).
    metafile: true,
    write: false,
    logLevel: 'warning',
    external,
    plugins,
    banner: { js: BANNERS[format] },
  });
  mkdirSync(outDir, { recursive: true });
  for (const output of result.outputFiles)
    writeAtomically(output.path, format === 'cjs' ? routeDynamicImports(output.text, external) : output.contents);
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
