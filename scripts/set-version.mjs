#!/usr/bin/env node
// Moves every published Partnerbox package to one version: each package.json, the exact pins
// between them, and the SDK's SDK_VERSION (sent in MS-PartnerCenter-Application). The CLI
// reads its version from its package.json. test/packages.test.ts checks the result.
// Usage: node scripts/set-version.mjs 0.2.0
import { readFileSync, writeFileSync } from 'node:fs';

const PUBLISHED = ['contract', 'sdk', 'sandbox', 'cli', 'testing'];

const version = process.argv[2];
if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
  console.error('usage: node scripts/set-version.mjs <major.minor.patch[-pre]>');
  process.exit(2);
}
const root = new URL('../packages/', import.meta.url);
const names = new Set(PUBLISHED.map((dir) => `@partnerbox/${dir}`));
for (const dir of [...PUBLISHED, 'conformance']) {
  const file = new URL(`${dir}/package.json`, root);
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (PUBLISHED.includes(dir)) pkg.version = version;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies'])
    for (const name of Object.keys(pkg[field] ?? {})) if (names.has(name)) pkg[field][name] = version;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
const sdkVersion = new URL('sdk/src/sdk-version.ts', root);
writeFileSync(
  sdkVersion,
  readFileSync(sdkVersion, 'utf8').replace(/SDK_VERSION = '[^']*'/, `SDK_VERSION = '${version}'`),
);
console.log(`Partnerbox packages at ${version}: add a "## ${version}" section to each CHANGELOG.md, then npm install.`);
