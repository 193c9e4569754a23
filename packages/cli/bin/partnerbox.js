#!/usr/bin/env node
// The `partnerbox` executable is this checked-in file, not dist/bin.js: npm links a package's
// bins when it installs it, before anything is built, and skips a link whose target does not
// exist yet. Pointing at dist/ left a fresh clone without `npx partnerbox` until a second
// `npm install`. dist/fast-start.js runs the single-file build while it is current, the
// modules otherwise.
import('../dist/fast-start.js')
  .then(({ runCli }) => runCli())
  .catch((error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && /\/dist\/(fast-start|bin)\.js/.test(String(error.message))) {
      process.stderr.write('partnerbox: the CLI is not built yet: run `npm run build` (or `npm start`) first\n');
      process.exit(1);
    }
    throw error;
  });
