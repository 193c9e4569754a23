/**
 * @module What every published package declares, checked in one place: one shared version
 * (and exact pins between the packages), the fields a registry and a bundler read, a LICENSE
 * and a changelog entry for the version. The tarballs themselves: test/pack-and-install.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '@partnerbox/sdk';

const PUBLISHED = ['contract', 'sdk', 'sandbox', 'cli', 'testing'];
const LIBRARIES = PUBLISHED.filter((dir) => dir !== 'cli');
const root = new URL('../', import.meta.url);

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  sideEffects?: boolean;
  exports?: Record<string, string | { types?: string; default?: string }>;
  files?: string[];
  scripts?: Record<string, string>;
  repository?: { type: string; url: string; directory?: string };
  publishConfig?: { access?: string };
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const manifest = (dir: string) => JSON.parse(read(`packages/${dir}/package.json`)) as PackageJson;
const rootManifest = JSON.parse(read('package.json')) as PackageJson & { workspaces: string[] };

describe.each(PUBLISHED)('packages/%s', (dir) => {
  const pkg = manifest(dir);

  it('is published publicly, with a license, a repository, engines and a build on prepack', () => {
    expect(pkg.name).toBe(`@partnerbox/${dir}`);
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    expect(read(`packages/${dir}/LICENSE`)).toBe(read('LICENSE'));
    expect(pkg.repository).toMatchObject({ type: 'git', directory: `packages/${dir}` });
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(pkg.engines?.node).toBe(rootManifest.engines?.node);
    // The sandbox and the CLI also make their single-file builds (scripts/bundle-serve.mjs,
    // scripts/bundle-cli.mjs), which `partnerbox serve` and `partnerbox` load.
    const bundles: Record<string, string> = {
      sandbox: 'tsc -b && node ../../scripts/bundle-serve.mjs',
      cli: 'tsc -b && node ../../scripts/bundle-cli.mjs',
    };
    expect(pkg.scripts?.['prepack']).toBe(bundles[dir] ?? 'tsc -b');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'src', '!src/**/*.test.ts', 'CHANGELOG.md']));
    expect(rootManifest.workspaces).toContain(`packages/${dir}`);
  });

  it('moves with the others: one version, exact pins, a changelog entry', () => {
    expect(pkg.version).toBe(manifest('sdk').version);
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const)
      for (const [name, range] of Object.entries(pkg[field] ?? {}))
        if (name.startsWith('@partnerbox/')) expect(range, `${field} ${name}`).toBe(pkg.version);
    expect(read(`packages/${dir}/CHANGELOG.md`)).toContain(`## ${pkg.version}`);
  });

  it('exports ./package.json, and types before the code in each entry', () => {
    expect(pkg.exports?.['./package.json']).toBe('./package.json');
    for (const [entry, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target), entry).toEqual(['types', 'default']);
    }
  });
});

describe.each(LIBRARIES)('library packages/%s', (dir) => {
  it('declares itself free of import side effects', () => {
    expect(manifest(dir).sideEffects).toBe(false);
  });
});

describe('versions', () => {
  it('the SDK sends its package version', () => {
    expect(SDK_VERSION).toBe(manifest('sdk').version);
  });

  it('the CLI has no server dependency of its own: the sandbox is an optional peer', () => {
    const cli = manifest('cli') as PackageJson & { peerDependenciesMeta?: Record<string, { optional?: boolean }> };
    // What a global install of the CLI pulls: the client side only (no Fastify, database driver,
    // Swagger UI or native build), plus the output formats (YAML, JMESPath queries).
    expect(Object.keys(cli.dependencies ?? {}).sort()).toEqual([
      '@jmespath-community/jmespath',
      '@partnerbox/contract',
      '@partnerbox/sdk',
      'commander',
      'yaml',
    ]);
    const sandbox = manifest('sandbox');
    for (const serverDependency of Object.keys(sandbox.dependencies ?? {}))
      if (!serverDependency.startsWith('@partnerbox/'))
        expect(cli.dependencies ?? {}).not.toHaveProperty(serverDependency);
    expect(cli.peerDependenciesMeta?.['@partnerbox/sandbox']).toEqual({ optional: true });
    expect(cli.bin).toEqual({ partnerbox: './bin/partnerbox.js' });
    expect(existsSync(new URL('packages/cli/bin/partnerbox.js', root))).toBe(true);
  });
});
