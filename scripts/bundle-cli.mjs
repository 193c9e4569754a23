// Builds the CLI's single-file build, packages/cli/dist/bundle/bin.js, from its compiled dist/
// (run after `tsc -b`: `npm run build` and the package's prepack do both): the CLI, the SDK,
// the contract, commander, yaml and jmespath in one file, which the `partnerbox` launcher runs
// while it is current (packages/cli/src/fast-start.ts). Every command but `serve` then loads
// one file; `serve` loads the sandbox's own single-file build (scripts/bundle-serve.mjs).
//
// Left out: the sandbox, an optional peer that `serve` imports only when it runs.
// cli-version.js reads ../package.json next to itself, which from dist/bundle/ would be
// dist/package.json: the version is written into the bundle instead, and package.json is
// listed among its sources so that a new version makes the bundle stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSingleFile } from './lib/single-file-build.mjs';

const packageDir = path.resolve(new URL('../packages/cli', import.meta.url).pathname);
const manifest = path.join(packageDir, 'package.json');
// `node scripts/bundle-cli.mjs <dir>` builds elsewhere (a test's own copy).
const outDir = path.resolve(process.argv[2] ?? path.join(packageDir, 'dist/bundle'));

const inlineVersion = {
  name: 'inline-cli-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]cli-version\.js$/ }, () => ({
      contents: `export const CLI_VERSION = ${JSON.stringify(JSON.parse(readFileSync(manifest, 'utf8')).version)};\n`,
      loader: 'js',
    }));
  },
};

await buildSingleFile({
  name: 'bundle-cli',
  entry: path.join(packageDir, 'dist/bin.js'),
  outfile: path.join(outDir, 'bin.js'),
  external: ['@partnerbox/sandbox', '@partnerbox/sandbox/*'],
  plugins: [inlineVersion],
  extraSources: [manifest],
});
