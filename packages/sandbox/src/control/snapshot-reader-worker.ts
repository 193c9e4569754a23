/**
 * @module The worker thread a streamed snapshot import reads its body on (control/snapshot-reader.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveSnapshotReader } from './snapshot-reader.js';

const { nowMs } = workerData as { nowMs: number };
if (parentPort) await serveSnapshotReader(parentPort, nowMs);
