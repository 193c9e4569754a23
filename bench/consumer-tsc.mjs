#!/usr/bin/env node
// What the SDK costs a consumer's compiler. Packs the contract and the SDK (as built by
// `tsc -b`), installs them into a throwaway project outside the workspace with TypeScript and
// @types/node from the registry, and times `tsc --noEmit` on one-file projects, interleaved
// round by round:
//   node only     a file that uses nothing but Node's types (the floor: @types/node's own cost)
//   SDK           a file that uses the SDK's client, credentials and wire types
//   SDK + schemas the same file plus one type from the contract's root entry, which brings
//                 TypeBox's declarations back: what every SDK user paid before the lean types
// each with `skipLibCheck` false and true. Prints medians of the compiler's "Check time" and
// of the wall time. Usage: npm run build && node bench/consumer-tsc.mjs [rounds]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 5);
const workspace = fileURLToPath(new URL('../', import.meta.url));
const devDependencies = JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf8')).devDependencies;
const dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-consumer-tsc-'));

const sh = (command, args, cwd = dir) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

try {
  const tarballs = ['contract', 'sdk'].map((name) => {
    const out = sh(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
      path.join(workspace, 'packages', name),
    );
    return path.join(dir, JSON.parse(out)[0].filename);
  });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  sh('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    ...tarballs,
    `typescript@${devDependencies.typescript}`,
    `@types/node@${devDependencies['@types/node']}`,
    // Only for the "SDK + schemas" variant: the contract's root entry needs it.
    `typebox@${JSON.parse(readFileSync(path.join(workspace, 'packages/contract/package.json'), 'utf8')).devDependencies.typebox}`,
  ]);

  const sdkFile = [
    "import { ClientSecretCredential, PartnerCenterClient, type Customer } from '@partnerbox/sdk';",
    "const client = new PartnerCenterClient({ credential: new ClientSecretCredential('t', 'c', 's') });",
    "export const customer: Customer = await client.customers.get('id');",
    '',
  ].join('\n');
  writeFileSync(
    path.join(dir, 'node-only.ts'),
    "import { readFileSync } from 'node:fs';\nexport const text = readFileSync('x', 'utf8');\n",
  );
  writeFileSync(path.join(dir, 'sdk.ts'), sdkFile);
  writeFileSync(
    path.join(dir, 'sdk-schemas.ts'),
    `${sdkFile}import type { CustomerSchema } from '@partnerbox/contract';\nexport type Schema = typeof CustomerSchema;\n`,
  );

  const variants = [];
  for (const [label, file] of [
    ['node only', 'node-only.ts'],
    ['SDK', 'sdk.ts'],
    ['SDK + schemas', 'sdk-schemas.ts'],
  ])
    for (const skipLibCheck of [false, true]) {
      const config = `tsconfig.${file}.${skipLibCheck}.json`;
      writeFileSync(
        path.join(dir, config),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noEmit: true,
            skipLibCheck,
            types: ['node'],
          },
          files: [file],
        }),
      );
      variants.push({ label, skipLibCheck, config, check: [], wall: [], files: 0 });
    }

  const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');
  for (let round = 0; round < rounds; round++)
    for (const variant of variants) {
      const started = process.hrtime.bigint();
      const out = sh(process.execPath, [tsc, '-p', variant.config, '--extendedDiagnostics']);
      variant.wall.push(Number(process.hrtime.bigint() - started) / 1e9);
      variant.check.push(Number(/Check time:\s+([\d.]+)s/.exec(out)?.[1]));
      variant.files = Number(/Files:\s+(\d+)/.exec(out)?.[1]);
    }

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(
    `consumer tsc, ${rounds} interleaved rounds, medians; load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| consumer | skipLibCheck | files | check time | wall time |');
  console.log('|---|---|---|---|---|');
  for (const v of variants)
    console.log(
      `| ${v.label} | ${v.skipLibCheck} | ${v.files} | ${median(v.check).toFixed(2)} s | ${median(v.wall).toFixed(2)} s |`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
