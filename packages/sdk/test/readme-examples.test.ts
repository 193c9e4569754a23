/**
 * @module Every TypeScript example of packages/sdk/README.md, run against a real sandbox with
 * the environment variables the README names, and type-checked with the project's strict
 * settings. A block preceded by `<!-- example: not run (reason) -->` (one needing a package
 * the project does not install, say) is only type-checked; any other block that does not run
 * fails the test.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { refreshTokenFor, startRealSandbox, type RealSandbox } from './helpers/real-sandbox.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const readme = readFileSync(path.join(here, '../README.md'), 'utf8');
const NOT_RUN = /<!--\s*example:\s*not run\s*\(([^)]+)\)\s*-->\s*$/;

interface Example {
  index: number;
  line: number;
  heading: string;
  code: string;
  notRun: string | undefined;
}

/** The ```ts blocks, with the heading they sit under and their not-run marker, if any. */
function extractExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    if (!/^```(ts|typescript)\s*$/.test(line)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    const previous = lines
      .slice(0, start)
      .reverse()
      .find((text) => text.trim() !== '');
    examples.push({
      index: examples.length,
      line: start + 1,
      heading,
      code: body.join('\n'),
      notRun: NOT_RUN.exec(previous ?? '')?.[1],
    });
  }
  return examples;
}

const examples = extractExamples(readme);
const tmp = path.join(here, '.readme-tmp', String(process.pid));
const fileOf = (example: Example) => path.join(tmp, `example-${String(example.index + 1).padStart(2, '0')}.ts`);

let sandbox: RealSandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startRealSandbox({ cancellationDelaySeconds: 1 });
  const partner = sandbox.sandbox;
  Object.assign(process.env, {
    PARTNERBOX_BASE_URL: sandbox.baseUrl,
    PARTNERBOX_TENANT_ID: partner.tenantId,
    PARTNERBOX_CLIENT_ID: partner.clientId,
    PARTNERBOX_CLIENT_SECRET: partner.clientSecret,
    PARTNERBOX_REFRESH_TOKEN: await refreshTokenFor(sandbox, partner),
  });
  await sandbox.api.control.scenario('customers-only', { count: 3 });
  mkdirSync(tmp, { recursive: true });
  for (const example of examples) writeFileSync(fileOf(example), `${example.code}\nexport {};\n`);
});

afterAll(async () => {
  process.env = savedEnv;
  rmSync(path.join(here, '.readme-tmp'), { recursive: true, force: true });
  await sandbox.close();
});

describe('packages/sdk/README.md examples', () => {
  it('has the examples this test expects to find', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const example of examples) expect(example.code.trim()).not.toBe('');
    // Any block left unrun must say why; there is none today.
    expect(examples.filter((example) => example.notRun !== undefined)).toEqual([]);
  });

  it('type-check under the project settings', () => {
    const program = ts.createProgram(examples.map(fileOf), {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: root,
      paths: { '@partnerbox/*': ['packages/*/src/index.ts'] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file === undefined || diagnostic.file.fileName.startsWith(tmp))
      .map((diagnostic) => {
        const where =
          diagnostic.file && diagnostic.start !== undefined
            ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`
            : '';
        return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
  }, 120_000);

  for (const example of examples) {
    if (example.notRun !== undefined) continue;
    it(`runs example ${example.index + 1} (README line ${example.line}, "${example.heading}")`, async () => {
      const logged: string[] = [];
      const record = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      };
      const log = vi.spyOn(console, 'log').mockImplementation(record);
      const error = vi.spyOn(console, 'error').mockImplementation(record);
      try {
        await import(pathToFileURL(fileOf(example)).href);
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
      // Every example reports what it did.
      expect(logged.length).toBeGreaterThan(0);
    });
  }
});
