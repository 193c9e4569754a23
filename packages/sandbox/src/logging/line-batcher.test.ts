import { describe, expect, it } from 'vitest';
import { LineBatcher } from './line-batcher.js';

function recording() {
  const chunks: string[] = [];
  return { chunks, destination: { write: (chunk: string) => chunks.push(chunk) } };
}

describe('LineBatcher', () => {
  it('passes lines on in chunks of at least the chunk length, in order, nothing lost', () => {
    const { chunks, destination } = recording();
    const batcher = new LineBatcher(destination, { chunkLength: 100, maxDelayInMs: 60_000 });
    const lines = Array.from({ length: 50 }, (_, n) => `{"n":${n}}\n`);
    for (const line of lines) batcher.write(line);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThan(10);
    for (const chunk of chunks) expect(chunk.length).toBeGreaterThanOrEqual(100);
    batcher.pass();
    expect(chunks.join('')).toBe(lines.join(''));
  });

  it('passes a lone line on within the delay', async () => {
    const { chunks, destination } = recording();
    const batcher = new LineBatcher(destination, { chunkLength: 8192, maxDelayInMs: 20 });
    batcher.write('one\n');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(chunks).toEqual(['one\n']);
  });

  it('passes nothing when nothing is pending', () => {
    const { chunks, destination } = recording();
    new LineBatcher(destination, { chunkLength: 10, maxDelayInMs: 10 }).pass();
    expect(chunks).toEqual([]);
  });
});
