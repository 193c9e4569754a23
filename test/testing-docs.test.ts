/**
 * @module Every example of docs/testing.md, run by its own runner as a user would run it:
 * vitest (one file, then four copies of the shared-sandbox file at once), jest and node:test,
 * importing `@partnerbox/testing` as an installed package (its dist/), and the TypeScript
 * examples type-checked.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk } from './support/run.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (file: string) => path.join(root, 'node_modules', file);

/** `<!-- example: dir/file -->` followed by a fenced block, for each example of the page. */
function examples(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g))
    found.set(match[1] as string, match[2] as string);
  return found;
}

describe('docs/testing.md', () => {
  const page = examples(readFileSync(path.join(root, 'docs/testing.md'), 'utf8'));
  let dir: string;
  const example = (name: string) => {
    const text = page.get(name);
    if (text === undefined) throw new Error(`docs/testing.md has no example ${name}`);
    return text;
  };
  const write = (name: string, text = example(name)) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    // Inside the workspace, so that the examples resolve @partnerbox/* and the runners as installed packages.
    mkdirSync(path.join(root, '.examples-tmp'), { recursive: true });
    dir = mkdtempSync(path.join(root, '.examples-tmp', 'testing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the examples this test runs', () => {
    expect([...page.keys()].sort()).toEqual([
      'jest/customers.test.mjs',
      'node-test/relationship.test.mjs',
      'vitest-shared/customers.test.ts',
      'vitest-shared/global-setup.ts',
      'vitest-shared/vitest.config.ts',
      'vitest/offboarding.test.ts',
    ]);
  });

  it('vitest: the one-file example passes', async () => {
    write('vitest/offboarding.test.ts');
    const config = write('vitest/vitest.config.ts', 'export default {};\n');
    const result = await runOk(process.execPath, [bin('vitest/vitest.mjs'), 'run', '--config', config], {
      cwd: path.join(dir, 'vitest'),
    });
    expect(result.stdout).toMatch(/1 passed/);
  });

  it('vitest: four files sharing one sandbox, each with its own partner, pass side by side', async () => {
    const config = write('vitest-shared/vitest.config.ts');
    write('vitest-shared/global-setup.ts');
    for (let i = 1; i <= 4; i++)
      write(`vitest-shared/customers-${i}.test.ts`, example('vitest-shared/customers.test.ts'));
    const report = path.join(dir, 'vitest-shared-report.json');
    await runOk(
      process.execPath,
      [
        bin('vitest/vitest.mjs'),
        'run',
        '--config',
        config,
        '--reporter=json',
        `--outputFile=${report}`,
        '--maxWorkers=4',
        '--fileParallelism',
      ],
      { cwd: path.join(dir, 'vitest-shared') },
    );
    const results = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    expect(results).toMatchObject({ numPassedTests: 4, numFailedTests: 0 });
  });

  it('jest: the example passes', async () => {
    write('jest/customers.test.mjs');
    const config = JSON.stringify({ testEnvironment: 'node', transform: {}, testMatch: ['**/*.test.mjs'] });
    const result = await runOk(
      process.execPath,
      ['--experimental-vm-modules', bin('jest/bin/jest.js'), '--rootDir', path.join(dir, 'jest'), '--config', config],
      { cwd: path.join(dir, 'jest') },
    );
    expect(result.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  });

  it('node:test: the example passes', async () => {
    const file = write('node-test/relationship.test.mjs');
    const result = await runOk(process.execPath, ['--test', file], { cwd: path.join(dir, 'node-test') });
    expect(result.stdout).toMatch(/# pass 1\n# fail 0/);
  });

  it("README's test-kit snippet runs as written", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## In your own tests'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    if (!snippet) throw new Error('README.md has no ts block under "In your own tests"');
    const file = write('readme/snippet.mjs', `${snippet}console.log(typeof customers.list);\n`);
    expect((await runOk(process.execPath, [file], { cwd: dir })).stdout.trim()).toBe('function');
  });

  it('the TypeScript examples type-check against the published declarations', async () => {
    const files = ['vitest/offboarding.test.ts', 'vitest-shared/global-setup.ts', 'vitest-shared/customers.test.ts'];
    for (const name of files) write(name);
    const tsconfig = {
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023', 'ESNext.Disposable'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      files,
    };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await runOk(process.execPath, [bin('typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir });
  });
});
