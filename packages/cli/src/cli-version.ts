/** @module The CLI's version, read from its package.json so that it moves with the package. */
import { readFileSync } from 'node:fs';

// src/ and dist/ both sit beside package.json, so one relative URL serves tests and installs.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const CLI_VERSION = packageJson.version;
