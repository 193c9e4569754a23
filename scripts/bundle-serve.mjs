// Builds the sandbox's single-file build, packages/sandbox/dist/bundle/index.js, from its
// compiled dist/ (run after `tsc -b`: `npm run build` and the package's prepack do both).
// `partnerbox serve` loads it instead of ~1,000 ES modules (Fastify, Kysely, TypeBox, jose,
// pino, the contract): Node 20 has no compile cache, and loading those files one by one was
// most of its start-up (docs/benchmarks.md, "Start-up").
//
// Left out: native and optional parts that must load from node_modules (better-sqlite3's
// binding, pg with its optional native client, swagger-ui-dist's files, read from disk).
// The bundle sits one folder below dist/, like the modules it replaces (dist/http/…), so a
// path a module computes from import.meta.url (`../dashboard/`) resolves the same in both.
// sources.json lists the workspace files it was built from: the sandbox loads the bundle
// only while none of them is newer (packages/sandbox/src/fast-start.ts), so a `tsc -b` after
// a change never leaves `serve` running yesterday's code.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const packageDir = path.resolve(new URL('../packages/sandbox', import.meta.url).pathname);
// `node scripts/bundle-serve.mjs <dir>` builds elsewhere (a test's own copy; keep it one folder
// below dist/ for the reason above).
const outDir = path.resolve(process.argv[2] ?? path.join(packageDir, 'dist/bundle'));
const outfile = path.join(outDir, 'index.js');

const result = await build({
  entryPoints: [path.join(packageDir, 'dist/index.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Error and class names stay what they are in the modules (stack traces, `error.name`).
  keepNames: true,
  metafile: true,
  write: false,
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg', 'swagger-ui-dist'],
  // CommonJS dependencies (Fastify) call require() for Node's built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __partnerboxCreateRequire } from 'node:module';\nconst require = __partnerboxCreateRequire(import.meta.url);",
  },
});

// Each file written whole, then renamed into place: a `serve` starting meanwhile loads the old
// bundle or the new one, never half of one.
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

mkdirSync(outDir, { recursive: true });
for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
const sources = Object.keys(result.metafile.inputs)
  .filter((input) => !input.split(/[\\/]/).includes('node_modules'))
  .map((input) => path.relative(outDir, path.resolve(input)));
writeAtomically(path.join(outDir, 'sources.json'), `${JSON.stringify(sources, null, 1)}\n`);
const bytes = result.metafile.outputs[path.relative(process.cwd(), outfile)]?.bytes;
console.log(
  `bundle-serve: ${path.relative(process.cwd(), outfile)} from ${Object.keys(result.metafile.inputs).length} modules${bytes ? `, ${Math.round(bytes / 1024)} KB` : ''}`,
);
