// Latency at a given share of the maximum rate (issue 11: "p99 ≤ 10 ms at half of its maximum
// rate"): the maximum is what 16 connections get closed-loop; the rate is then held with
// autocannon's overallRate and every response's time recorded (autocannon's own histogram
// rounds to whole milliseconds).
import autocannon from 'autocannon';

function run(options, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ pipelining: 1, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    if (onResponse) instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/**
 * `{ maxRps, rate, p50Ms, p99Ms }` for `url` (with `setupRequest` to vary each request) at
 * `share` of its maximum rate. Any non-2xx answer fails the run.
 */
export async function latencyAtShareOfMax({ url, headers = {}, setupRequest, seconds = 5, share = 0.5 }) {
  const requests = setupRequest ? { requests: [{ method: 'GET', headers, setupRequest }] } : {};
  const base = { url, headers, ...requests };
  await run({ ...base, connections: 16, duration: 1 });
  const max = await run({ ...base, connections: 16, duration: seconds });
  const rate = Math.max(1, Math.floor(max.requests.average * share));
  const times = [];
  const held = await run({ ...base, connections: 16, overallRate: rate, duration: seconds }, (ms) => times.push(ms));
  for (const result of [max, held])
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  times.sort((a, b) => a - b);
  return {
    maxRps: Math.round(max.requests.average),
    rate,
    heldRps: Math.round(held.requests.average),
    p50Ms: +percentile(times, 0.5).toFixed(2),
    p99Ms: +percentile(times, 0.99).toFixed(2),
  };
}
