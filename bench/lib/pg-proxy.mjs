// A TCP proxy in front of PostgreSQL that counts what the sandbox sends, from the frontend
// protocol's message types: each Execute ('E') or simple Query ('Q') is a statement, and each
// Parse ('P') is named (a prepared statement kept on the connection) or unnamed (parsed again).
import { Buffer } from 'node:buffer';
import { createConnection, createServer } from 'node:net';

export function countingProxy(host, port) {
  let counts = { statements: 0, namedParses: 0, unnamedParses: 0 };
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    sockets.add(client).add(upstream);
    let buffer = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // The startup message (or an SSL request) has a length but no type byte.
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = length >= 8 ? buffer.readInt32BE(4) : 0;
          buffer = buffer.subarray(length);
          if (code !== 80877103) started = true; // SSLRequest: the startup message follows
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0]);
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) break;
        if (type === 'E' || type === 'Q') counts.statements++;
        if (type === 'P') {
          if (buffer[5] === 0) counts.unnamedParses++;
          else counts.namedParses++;
        }
        buffer = buffer.subarray(length + 1);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        reset: () => (counts = { statements: 0, namedParses: 0, unnamedParses: 0 }),
        counts: () => ({ ...counts }),
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    );
  });
}
