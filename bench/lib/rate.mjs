// Latency at a given share of the maximum rate (issue 11: "p99 ≤ 10 ms at half of its maximum
// rate"). The maximum is what 16 connections get closed-loop (autocannon). The rate is then held
// open-loop: requests leave at evenly spaced instants whatever the answers do, and each one's
// latency runs from the instant it was due, so a stall of the server counts against every
// request it delayed (no coordinated omission).
//
// Not autocannon's overallRate for the held phase: it is a budget per second per connection
// (lib/httpClient.js resets `reqsMadeThisSecond` once a second), so each connection sends
// closed-loop until its share of the second is spent and then waits for the next second. At half
// the maximum that is the maximum rate for half of each second, 16 requests queued at once, and
// what it measured was the server saturated (p50 ≈ 16 × the service time), not at half its rate.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ pipelining: 1, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/**
 * Sends `rate` requests a second for `seconds`, each at its own instant, over keep-alive
 * connections (as many as are in flight at once, up to `connections`; `pathFor` and
 * `headersFor` vary each request); resolves to every
 * request's latency in ms, from the instant it was due to the last byte of its answer.
 */
export async function paced({ url, headers = {}, pathFor, headersFor, rate, seconds, connections = 64 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const times = [];
  const failures = [];
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    const send = (dueAt) => {
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: pathFor ? pathFor() : target.pathname + target.search,
          headers: headersFor ? { ...headers, ...headersFor() } : headers,
          agent,
        },
        (response) => {
          response.on('data', () => {});
          response.on('end', () => {
            times.push(performance.now() - dueAt);
            if (response.statusCode < 200 || response.statusCode > 299) failures.push(response.statusCode);
            if (++settled === total) resolve();
          });
        },
      );
      request.on('error', (error) => {
        failures.push(error.message);
        if (++settled === total) resolve();
      });
      request.end();
    };
    // A timer a millisecond apart, sending whatever has fallen due since the last one: timers
    // are not punctual, but each request's latency starts at its own due instant regardless.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - performance.now())));
    };
    tick();
  });
  agent.destroy();
  if (failures.length > 0) throw new Error(`${url}: ${failures.length} failed (${failures.slice(0, 3).join(', ')})`);
  return times.sort((a, b) => a - b);
}

/**
 * `{ maxRps, rate, p50Ms, p99Ms }` for `url` (with `pathFor` to vary each request's path and
 * query, `headersFor` its headers) at `share` of its maximum rate. Any non-2xx answer fails the run.
 */
export async function latencyAtShareOfMax({ url, headers = {}, pathFor, headersFor, seconds = 5, share = 0.5 }) {
  const target = new URL(url);
  const setupRequest =
    pathFor || headersFor
      ? (request) => ({
          ...request,
          ...(pathFor ? { path: pathFor() } : {}),
          ...(headersFor ? { headers: { ...request.headers, ...headersFor() } } : {}),
        })
      : undefined;
  const requests = setupRequest ? { requests: [{ method: 'GET', headers, setupRequest }] } : {};
  const base = { url, headers, ...requests };
  await run({ ...base, connections: 16, duration: 1 });
  const max = await run({ ...base, connections: 16, duration: seconds });
  if (max.non2xx > 0 || max.errors > 0) throw new Error(`${url}: ${max.non2xx} non-2xx, ${max.errors} errors`);
  const rate = Math.max(1, Math.floor(max.requests.average * share));
  const times = await paced({ url: target.href, headers, pathFor, headersFor, rate, seconds });
  return {
    maxRps: Math.round(max.requests.average),
    rate,
    p50Ms: +percentile(times, 0.5).toFixed(2),
    p99Ms: +percentile(times, 0.99).toFixed(2),
    maxMs: +times[times.length - 1].toFixed(2),
  };
}
