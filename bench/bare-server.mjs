// The benchmark's baseline: a bare Fastify process, no logging, answering every GET with the
// bytes of one file as JSON (the sandbox's own answer, captured by the benchmark), so the two
// servers send the same body. Started as `node bench/bare-server.mjs <body-file>`, the way the
// benchmark starts `partnerbox serve`; prints one "listening on" line.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.argv[2] ?? '/dev/null', 'utf8');
const app = Fastify();
app.get('/*', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`bare Fastify listening on http://127.0.0.1:${app.server.address().port}\n`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
