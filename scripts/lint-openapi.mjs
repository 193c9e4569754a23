#!/usr/bin/env node
// Lints an OpenAPI document (a file, or a running sandbox's /openapi.json) with Redocly's
// recommended rules, configured in redocly.yaml: `npm run lint:openapi -- http://127.0.0.1:4010/openapi.json`.
import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';

const ref = process.argv[2];
if (!ref) {
  console.error('usage: npm run lint:openapi -- <file or URL of an OpenAPI document>');
  process.exit(2);
}
const config = await loadConfig({ configPath: new URL('../redocly.yaml', import.meta.url).pathname });
const problems = await lint({ ref, config });
const totals = getTotals(problems);
formatProblems(problems, { format: 'stylish', totals, version: 'openapi-core' });
console.log(`${ref}: ${totals.errors} errors, ${totals.warnings} warnings`);
process.exit(totals.errors + totals.warnings > 0 ? 1 : 0);
