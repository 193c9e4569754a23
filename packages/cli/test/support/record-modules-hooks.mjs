// Module hooks for record-modules.mjs (they run on Node's loader thread).
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  const log = process.env.PARTNERBOX_TEST_MODULE_LOG;
  if (log) appendFileSync(log, `${url}\n`);
  return next(url, context);
}
