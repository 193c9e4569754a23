// Load with autocannon from the benchmark process, and the figures a round compares: the
// server's CPU per request (steady on a shared machine, where req/s swings with its load) and
// req/s for reference.
import autocannon from 'autocannon';
import { cpuMs } from './processes.mjs';

export function load({ url, headers = {}, method = 'GET', body, setupRequest, connections = 16, seconds = 5 }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method,
        headers,
        connections,
        pipelining: 1,
        duration: seconds,
        ...(body === undefined ? {} : { body }),
        // A request that changes each time (a new customer's body, a random id's path).
        ...(setupRequest ? { requests: [{ method, headers, setupRequest }] } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Loads `url` for `seconds` after a short warm-up and returns the server's CPU µs per request.
 * Any answer other than 2xx fails the run: a fast error is not a result.
 */
export async function cpuPerRequest(pid, options, warmupSeconds = 1) {
  if (warmupSeconds > 0) await load({ ...options, seconds: warmupSeconds });
  const before = cpuMs(pid);
  const result = await load(options);
  const cpuUs = ((cpuMs(pid) - before) * 1000) / result.requests.total;
  if (result.non2xx > 0 || result.errors > 0 || result.requests.total === 0)
    throw new Error(`${options.url}: ${result.non2xx} non-2xx, ${result.errors} errors of ${result.requests.total}`);
  return { cpuUs, rps: result.requests.average, p99: result.latency.p99, total: result.requests.total };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
