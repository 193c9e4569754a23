#!/usr/bin/env node
/** @module The `partnerbox` executable. */
import { createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`partnerbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
