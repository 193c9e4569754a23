#!/usr/bin/env node
// The `partnerbox` executable is this checked-in file, not dist/bin.js: npm links a package's
// bins when it installs it, before anything is built, and skips a link whose target does not
// exist yet. Pointing at dist/ left a fresh clone without `npx partnerbox` until a second
// `npm install`.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/bin.js')) {
    process.stderr.write('partnerbox: the CLI is not built yet: run `npm run build` (or `npm start`) first\n');
    process.exit(1);
  }
  throw error;
});
