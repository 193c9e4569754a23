import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTarget, type Target } from '@partnerbox/conformance';
import { DEFAULT_CANCELLATION_DELAY_SECONDS, DEFAULT_PROVISIONING_DELAY_SECONDS } from '@partnerbox/sandbox';

const run = promisify(execFile);
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The first ```sh block after a heading, as a reader would paste it. */
function shellBlockAfter(heading: string): string {
  const start = readme.indexOf(heading);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (start < 0 || !block?.[1]) throw new Error(`No sh block after "${heading}" in README.md`);
  return block[1];
}

let target: Target;
beforeAll(async () => {
  // The sandbox's defaults (3 s provisioning, 10 s cancellation), as `npm start` runs it.
  target = await startEmbeddedTarget({
    provisioningDelaySeconds: DEFAULT_PROVISIONING_DELAY_SECONDS,
    cancellationDelaySeconds: DEFAULT_CANCELLATION_DELAY_SECONDS,
  });
});
afterAll(() => target.close());

describe('README quick tour', () => {
  it('runs as written against a real sandbox', async () => {
    const control = target.control;
    if (!control) throw new Error('no control plane');
    const script = shellBlockAfter('## A quick tour with curl')
      .replace('BASE=http://127.0.0.1:4000', `BASE=${target.baseUrls[0]}`)
      .replace('ADMIN=<the admin key printed at start>', `ADMIN=${control.adminKey}`);
    expect(script).toContain(`BASE=${target.baseUrls[0]}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { timeout: 60_000 });
    const lines = stdout.trim().split('\n');
    expect(stdout).toContain('"code": 3000');
    expect(lines).toContain('"pending"');
    expect(lines).toContain('"cancelled"');
    expect(lines.at(-1)).toBe('204');
  });
});
