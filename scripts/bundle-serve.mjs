// Builds the sandbox's single-file build, packages/sandbox/dist/bundle/index.cjs, from its
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
// only while none of them is newer (packages/sandbox/src/fast-start.ts).
import path from 'node:path';
import { buildSingleFile } from './lib/single-file-build.mjs';

const packageDir = path.resolve(new URL('../packages/sandbox', import.meta.url).pathname);
// `node scripts/bundle-serve.mjs <dir>` builds elsewhere (a test's own copy; keep it one folder
// below dist/ for the reason above).
const outDir = path.resolve(process.argv[2] ?? path.join(packageDir, 'dist/bundle'));

// Left out too, for a shorter file to compile at every start (Node 20 keeps no compile cache):
// Fastify's default schema compilers (Ajv, fast-json-stringify: ~550 KB), which buildApp
// replaces with its own and so never loads, and the local CA of `--tls` (X.509 and ASN.1:
// ~650 KB), loaded from dist/tls/ by the one dynamic import that needs it.
const localCertificates = {
  name: 'local-certificates-from-dist',
  setup(build) {
    build.onResolve({ filter: /\/tls\/local-certificates\.js$/ }, (args) => ({
      path: `../tls/${path.basename(args.path)}`,
      external: true,
    }));
  },
};

await buildSingleFile({
  name: 'bundle-serve',
  entry: path.join(packageDir, 'dist/index.js'),
  outfile: path.join(outDir, 'index.cjs'),
  // CommonJS, so that serve compiles it with a V8 code cache (packages/sandbox/src/code-cache.ts).
  format: 'cjs',
  external: [
    'better-sqlite3',
    'pg',
    'swagger-ui-dist',
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
  ],
  plugins: [localCertificates],
});
