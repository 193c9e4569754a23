import { describe, expect, it } from 'vitest';
import { defaultServerId, numericServerId } from './server-id.js';

describe('MS-ServerId is digits, as in the docs', () => {
  it.each([
    { rule: "a docs' value is kept", name: '202010223', id: '202010223' },
    { rule: 'leading zeros are kept', name: '000002', id: '000002' },
  ])('$rule', ({ name, id }) => {
    expect(numericServerId(name)).toBe(id);
  });

  it.each(['conformance-0', 'host-1234', 's1', '', 'x'.repeat(300)])('%j becomes nine stable digits', (name) => {
    const id = numericServerId(name);
    expect(id).toMatch(/^\d{9}$/);
    expect(numericServerId(name)).toBe(id);
  });

  it('tells names apart', () => {
    const ids = new Set(Array.from({ length: 50 }, (_, i) => numericServerId(`conformance-${i}`)));
    expect(ids.size).toBe(50);
  });

  it.each([
    { host: 'build-agent', pid: 1, pattern: /^\d{3}0000001$/ },
    { host: 'build-agent', pid: 4_194_304, pattern: /^\d{3}4194304$/ },
  ])('the default for $host pid $pid is the host digits then the pid', ({ host, pid, pattern }) => {
    expect(defaultServerId(host, pid)).toMatch(pattern);
    expect(defaultServerId(host, pid)).not.toBe(defaultServerId(`${host}-2`, pid === 1 ? 2 : 1));
  });
});
