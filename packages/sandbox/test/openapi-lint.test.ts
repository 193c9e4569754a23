/**
 * Redocly's linter, with its recommended rules (redocly.yaml at the root, none turned off), on
 * the document a listening sandbox serves: no error and no warning. A copy with one defect
 * planted shows that the same configuration does report what it should.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, loadConfig, type Config, type NormalizedProblem } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget, type Target } from '@partnerbox/conformance';

const CONFIG = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));

let target: Target;
let config: Config;
let dir: string;
let served: Record<string, unknown>;
beforeAll(async () => {
  target = await startEmbeddedTarget();
  config = await loadConfig({ configPath: CONFIG });
  dir = mkdtempSync(path.join(tmpdir(), 'partnerbox-openapi-lint-'));
  served = (await (await fetch(`${target.baseUrls[0]}/openapi.json`)).json()) as Record<string, unknown>;
});
afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lintDocument(document: unknown, name: string): Promise<NormalizedProblem[]> {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  return lint({ ref: file, config });
}

const summary = (problems: readonly NormalizedProblem[]) =>
  problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);

describe('the OpenAPI document under Redocly lint (recommended rules)', () => {
  it('passes with no error and no warning', async () => {
    expect(summary(await lintDocument(served, 'served'))).toEqual([]);
  });

  it('reports an operation without an operationId, and an example that breaks its schema', async () => {
    const broken = structuredClone(served) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const list = broken.paths['/v1/customers']?.['get'] ?? {};
    delete list['operationId'];
    const create = broken.paths['/v1/customers']?.['post'] as {
      requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
    };
    const example = Object.values(create.requestBody.content['application/json']?.examples ?? {})[0];
    if (example) example.value = { companyProfile: { domain: 42 } };
    const rules = (await lintDocument(broken, 'broken')).map((p) => p.ruleId);
    expect(rules).toContain('operation-operationId');
    expect(rules).toContain('no-invalid-media-type-examples');
  });
});
